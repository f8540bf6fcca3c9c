// Multi-label tags: per-tag binary aggregation.
#include "quality/tags.h"

#include <gtest/gtest.h>

namespace fairlabel::quality {
namespace {

std::vector<TagSubmission> toy_tags() {
  return {
      {"t1", "A", {"cat", "dog"}}, {"t1", "B", {"cat"}}, {"t1", "C", {"dog", "cat", "cat"}},
      {"t2", "A", {"dog"}},        {"t2", "B", {}},      {"t2", "C", {}},
  };
}

TEST(Tags, MajorityVotePerTag) {
  TagAggregation result = aggregate_tags(toy_tags(), Method::mv, {}, {"bird"});
  ASSERT_EQ(result.tags, (std::vector<std::string>{"bird", "cat", "dog"}));
  ASSERT_EQ(result.tasks, (std::vector<std::string>{"t1", "t2"}));
  EXPECT_NEAR(result.probability(0, 1), 1.0, 1e-12);        // t1 cat: 3 of 3
  EXPECT_NEAR(result.probability(0, 2), 2.0 / 3.0, 1e-12);  // t1 dog: 2 of 3
  EXPECT_NEAR(result.probability(1, 2), 1.0 / 3.0, 1e-12);  // t2 dog: 1 of 3
  EXPECT_EQ(result.probability(0, 0), 0.0);                 // bird: nobody
  EXPECT_EQ(result.chosen[0], (std::vector<std::string>{"cat", "dog"}));
  EXPECT_TRUE(result.chosen[1].empty());
}

TEST(Tags, WorkerSkillIsTheMeanOverTags) {
  // cat: everyone agrees with the majority on both tasks (1, 1, 1);
  // dog: A agrees on t1 only, B on t2 only, C on both (0.5, 0.5, 1).
  TagAggregation result = aggregate_tags(toy_tags());
  ASSERT_EQ(result.workers, (std::vector<std::string>{"A", "B", "C"}));
  EXPECT_NEAR(result.worker_skill[0], 0.75, 1e-12);
  EXPECT_NEAR(result.worker_skill[1], 0.75, 1e-12);
  EXPECT_NEAR(result.worker_skill[2], 1.0, 1e-12);
}

TEST(Tags, AnEvenSplitLeavesTheTagOut) {
  TagAggregation result = aggregate_tags({{"t", "A", {"x"}}, {"t", "B", {}}});
  EXPECT_NEAR(result.probability(0, 0), 0.5, 1e-12);
  EXPECT_TRUE(result.chosen[0].empty());
}

TEST(Tags, WorksWithDawidSkene) {
  TagAggregation result = aggregate_tags(toy_tags(), Method::ds);
  EXPECT_EQ(result.chosen[0], (std::vector<std::string>{"cat", "dog"}));
  EXPECT_TRUE(result.chosen[1].empty());
  for (double p : result.present) EXPECT_TRUE(p >= 0 && p <= 1);
}

}  // namespace
}  // namespace fairlabel::quality
