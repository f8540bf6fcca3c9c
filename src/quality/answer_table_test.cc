#include "quality/answer_table.h"

#include <gtest/gtest.h>

#include "core/error.h"

namespace fairlabel::quality {
namespace {

TEST(AnswerTable, LabelsAreNumberedInSortedStringOrderTasksAndWorkersByFirstAppearance) {
  AnswerTableBuilder builder;
  builder.add("t2", "w1", "yes");
  builder.add("t1", "w2", "no");
  builder.add("t2", "w2", "10");
  builder.add("t1", "w1", "2");
  AnswerTable table = builder.build();
  EXPECT_EQ(table.label_names(), (std::vector<std::string>{"10", "2", "no", "yes"}));
  EXPECT_EQ(table.task_names(), (std::vector<std::string>{"t2", "t1"}));
  EXPECT_EQ(table.worker_names(), (std::vector<std::string>{"w1", "w2"}));
  EXPECT_EQ(table.find_label("no"), Id{2});
  EXPECT_EQ(table.find_task("t1"), Id{1});
  EXPECT_EQ(table.find_worker("w2"), Id{1});
  EXPECT_FALSE(table.find_label("maybe"));
  EXPECT_FALSE(table.find_task("t3"));
}

TEST(AnswerTable, GroupsAnswersByTaskKeepingInputOrderAndDuplicates) {
  AnswerTableBuilder builder;
  builder.add("a", "w1", "x");
  builder.add("b", "w1", "y");
  builder.add("a", "w2", "y");
  builder.add("a", "w2", "y");  // duplicate (task, worker): kept
  AnswerTable table = builder.build();
  ASSERT_EQ(table.num_answers(), 4u);
  EXPECT_EQ(table.task_begin(0), 0u);
  EXPECT_EQ(table.task_end(0), 3u);
  EXPECT_EQ(table.task_end(1), 4u);
  EXPECT_EQ((std::vector<Id>(table.workers().begin(), table.workers().end())), (std::vector<Id>{0, 1, 1, 0}));
  EXPECT_EQ((std::vector<Id>(table.labels().begin(), table.labels().end())), (std::vector<Id>{0, 1, 1, 1}));
  EXPECT_EQ((std::vector<Id>(table.tasks().begin(), table.tasks().end())), (std::vector<Id>{0, 0, 0, 1}));
}

TEST(AnswerTable, FromIdsChecksRangesAndLabelOrder) {
  std::vector<Id> tasks{1, 0}, workers{0, 0}, labels{1, 0};
  AnswerTable table = AnswerTable::from_ids(2, 1, {"a", "b"}, tasks, workers, labels);
  EXPECT_EQ(table.num_tasks(), 2u);
  EXPECT_EQ(table.labels()[0], 0u);  // task 0's answer comes first
  EXPECT_EQ(table.find_task("1"), Id{1});
  std::vector<Id> bad_labels{2, 0};
  EXPECT_THROW(AnswerTable::from_ids(2, 1, {"a", "b"}, tasks, workers, bad_labels), Error);
  EXPECT_THROW(AnswerTable::from_ids(2, 1, {"b", "a"}, tasks, workers, labels), Error);
  std::vector<Id> short_workers{0};
  EXPECT_THROW(AnswerTable::from_ids(2, 1, {"a", "b"}, tasks, short_workers, labels), Error);
}

}  // namespace
}  // namespace fairlabel::quality
