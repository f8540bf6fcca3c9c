#include <gtest/gtest.h>

#include "quality/answers_csv.h"
#include "quality/em_test_checks.h"
#include "quality/glad.h"
#include "quality/mace.h"
#include "quality/majority_vote.h"

namespace fairlabel::quality {
namespace {

using testing::expect_monotone;

// w1..w3 agree on t1..t6; w4 always answers "a" (a spammer). On t7, w1
// says b and w4 says a: majority vote ties to a; GLAD and MACE trust w1.
AnswerTable spammer() {
  return parse_answers_csv(
      "task,worker,label\n"
      "t1,w1,a\nt1,w2,a\nt1,w3,a\nt1,w4,a\n"
      "t2,w1,b\nt2,w2,b\nt2,w3,b\nt2,w4,a\n"
      "t3,w1,c\nt3,w2,c\nt3,w3,c\nt3,w4,a\n"
      "t4,w1,b\nt4,w2,b\nt4,w3,b\nt4,w4,a\n"
      "t5,w1,c\nt5,w2,c\nt5,w3,c\nt5,w4,a\n"
      "t6,w1,a\nt6,w2,a\nt6,w3,a\nt6,w4,a\n"
      "t7,w1,b\nt7,w4,a\n",
      "spammer");
}

TEST(Glad, TrustsTheAbleWorkerAndRanksAbilities) {
  AnswerTable table = spammer();
  EXPECT_EQ(majority_vote(table).labels[6], 0u);
  EmOptions options;
  options.tolerance = 0;
  Aggregation result = glad(table, options);
  EXPECT_EQ(result.labels, (std::vector<Id>{0, 1, 2, 1, 2, 0, 1}));
  EXPECT_GT(result.worker_parameter[0], result.worker_parameter[3]);  // alpha
  EXPECT_GT(result.worker_skill[0], 0.9);
  EXPECT_LT(result.worker_skill[3], 0.5);
  ASSERT_EQ(result.task_parameter.size(), 7u);
  for (double beta : result.task_parameter) EXPECT_GT(beta, 0.0);
  EXPECT_EQ(result.iterations, 100);
  expect_monotone(result);
}

TEST(Mace, FindsTheSpammerAndItsFavouriteLabel) {
  AnswerTable table = spammer();
  EmOptions options;
  options.tolerance = 0;
  Aggregation result = mace(table, options);
  EXPECT_EQ(result.labels, (std::vector<Id>{0, 1, 2, 1, 2, 0, 1}));
  EXPECT_GT(result.worker_parameter[0], 0.9);  // competence theta
  EXPECT_LT(result.worker_parameter[3], 0.2);
  expect_monotone(result);
}

TEST(GladAndMace, ZeroIterationsIsASoftMajorityVote) {
  AnswerTable table = spammer();
  EmOptions zero;
  zero.max_iterations = 0;
  auto mv = majority_vote(table);
  for (const Aggregation& result : {glad(table, zero), mace(table, zero)}) {
    EXPECT_EQ(result.iterations, 0);
    EXPECT_EQ(result.labels, mv.labels);
  }
}

}  // namespace
}  // namespace fairlabel::quality
