#include "quality/answers_csv.h"

#include <gtest/gtest.h>

#include <sstream>

#include "core/error.h"
#include "quality/majority_vote.h"

namespace fairlabel::quality {
namespace {

std::string error_of(std::string_view text) {
  try {
    parse_answers_csv(text, "answers.csv");
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::malformed);
    return e.what();
  }
  return "no error";
}

TEST(AnswersCsv, ReadsQuotedFieldsCrlfBomAndAnyColumnOrder) {
  std::string text =
      "\xEF\xBB\xBFworker,task,label,extra\r\n"
      "w1,\"t,1\",\"say \"\"hi\"\"\",x\r\n"
      "\r\n"
      "w2,\"t,1\",\"multi\nline\",y\r\n"
      "w2,t2,plain,z";
  AnswerTable table = parse_answers_csv(text, "answers.csv");
  ASSERT_EQ(table.num_answers(), 3u);
  EXPECT_EQ(table.task_names(), (std::vector<std::string>{"t,1", "t2"}));
  EXPECT_EQ(table.label_names(), (std::vector<std::string>{"multi\nline", "plain", "say \"hi\""}));
  EXPECT_EQ(table.worker_names(), (std::vector<std::string>{"w1", "w2"}));
}

TEST(AnswersCsv, ErrorsNameTheFileAndTheLineWhereTheRecordStarts) {
  EXPECT_EQ(error_of("task,worker,label\nt1,w1,a\nt2,w1\n"), "answers.csv:3: expected 3 fields, found 2");
  EXPECT_EQ(error_of("task,worker,label\r\nt1,w1,a\r\nt2,w1,a,b\r\n"), "answers.csv:3: expected 3 fields, found 4");
  EXPECT_EQ(error_of("task,worker,label\nt1,w1,\n"), "answers.csv:2: empty label");
  EXPECT_EQ(error_of("task,worker,label\n,w1,a\n"), "answers.csv:2: empty task");
  EXPECT_EQ(error_of("task,worker,label\nt1,w1,a\nt2,w1,\"open\nstill open\n"),
            "answers.csv:3: unterminated quoted field");
  EXPECT_EQ(error_of("task,worker,label\nt1,w1,\"a\"b\n"),
            "answers.csv:2: unexpected character after a closing quote in field 3");
  EXPECT_EQ(error_of("task,worker,label\nt1,w\"1,a\n"), "answers.csv:2: quote inside an unquoted field 2");
  EXPECT_EQ(error_of("task,worker,answer\nt1,w1,a\n"),
            "answers.csv:1: header must have the columns task,worker,label (missing label; found \"task,worker,answer\")");
  EXPECT_EQ(error_of(""), "answers.csv:1: empty file; expected a header task,worker,label");
  // A quoted field spanning lines moves the line count on for later records.
  EXPECT_EQ(error_of("task,worker,label\nt1,w1,\"a\nb\"\n\nt2,w1\n"), "answers.csv:5: expected 3 fields, found 2");
}

TEST(AnswersCsv, TruthNeedsTaskAndTruthAndRefusesConflicts) {
  TruthMap truth = parse_truth_csv("task,truth\nt1,a\nt2,b\nt1,a\n", "truth.csv");
  EXPECT_EQ(truth.size(), 2u);
  EXPECT_EQ(truth.at("t2"), "b");
  try {
    parse_truth_csv("task,truth\nt1,a\nt1,b\n", "truth.csv");
    FAIL() << "conflicting truth accepted";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "truth.csv:3: task \"t1\" already has truth \"a\" (line 2)");
  }
  EXPECT_THROW(parse_truth_csv("task,label\nt1,a\n", "truth.csv"), Error);
}

TEST(AnswersCsv, MissingFileIsAClearError) {
  try {
    read_answers_csv("/nonexistent/answers.csv");
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "/nonexistent/answers.csv: cannot open for reading");
  }
}

TEST(AnswersCsv, WritesResultsQuotingWhereNeeded) {
  AnswerTable table = parse_answers_csv("task,worker,label\n\"t,1\",w1,a\n\"t,1\",w2,b\n\"t,1\",w3,a\nt2,w1,\"x\"\"y\"\n", "a.csv");
  Aggregation mv = majority_vote(table);
  std::ostringstream out;
  write_results_csv(out, table, mv);
  EXPECT_EQ(out.str(), "task,label,confidence\n\"t,1\",a,0.6666666666666666\nt2,\"x\"\"y\",1\n");
}

}  // namespace
}  // namespace fairlabel::quality
