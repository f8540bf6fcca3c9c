#include "quality/majority_vote.h"

#include <gtest/gtest.h>

#include <cmath>

#include "quality/answers_csv.h"

namespace fairlabel::quality {
namespace {

// Three tasks, three workers; w3 disagrees with the others twice.
//   t1: w1 a, w2 a, w3 b   -> a (2/3)
//   t2: w1 b, w2 b, w3 a   -> b (2/3)
//   t3: w1 b, w3 a         -> tie -> a (smallest label)
AnswerTable toy() {
  return parse_answers_csv(
      "task,worker,label\n"
      "t1,w1,a\nt1,w2,a\nt1,w3,b\n"
      "t2,w1,b\nt2,w2,b\nt2,w3,a\n"
      "t3,w1,b\nt3,w3,a\n",
      "toy");
}

TEST(MajorityVote, VoteSharesTiesToTheSmallestLabelAndAgreementSkills) {
  AnswerTable table = toy();
  Aggregation mv = majority_vote(table);
  EXPECT_NEAR(mv.probability(0, 0), 2.0 / 3, 1e-12);
  EXPECT_NEAR(mv.probability(1, 1), 2.0 / 3, 1e-12);
  EXPECT_EQ(mv.labels, (std::vector<Id>{0, 1, 0}));
  EXPECT_DOUBLE_EQ(mv.confidence(2), 0.5);
  // w1: t1 a ok, t2 b ok, t3 b vs a -> 2/3; w2: 2/2; w3: t1 no, t2 no, t3 yes -> 1/3.
  EXPECT_NEAR(mv.worker_skill[0], 2.0 / 3, 1e-12);
  EXPECT_NEAR(mv.worker_skill[1], 1.0, 1e-12);
  EXPECT_NEAR(mv.worker_skill[2], 1.0 / 3, 1e-12);
}

TEST(MajorityVote, DuplicateRowsEachCount) {
  AnswerTable table = parse_answers_csv("task,worker,label\nt,w1,b\nt,w1,b\nt,w2,a\n", "dup");
  Aggregation mv = majority_vote(table);
  EXPECT_EQ(table.label_name(mv.labels[0]), "b");
  EXPECT_NEAR(mv.confidence(0), 2.0 / 3, 1e-12);
}

TEST(WeightedMajorityVote, WeightsDecideAndZeroWeightsFallBackToCounts) {
  AnswerTable table = toy();
  std::vector<double> weights{1.0, 1.0, 3.0};  // w3 outweighs the others
  Aggregation wmv = weighted_majority_vote(table, weights);
  EXPECT_EQ(wmv.labels, (std::vector<Id>{1, 0, 0}));
  EXPECT_NEAR(wmv.probability(0, 1), 3.0 / 5, 1e-12);
  EXPECT_EQ(wmv.worker_parameter, weights);
  Aggregation zero = weighted_majority_vote(table, std::vector<double>{0.0, 0.0, 0.0});
  EXPECT_EQ(zero.labels, majority_vote(table).labels);
  EXPECT_NEAR(zero.probability(0, 0), 2.0 / 3, 1e-12);
}

TEST(WeightedMajorityVote, DefaultWeightsAreSmoothedAgreementLogOdds) {
  AnswerTable table = toy();
  auto weights = agreement_log_odds_weights(table);
  // K = 2: weight = log(a / (1 - a)), a = (agreements + 1) / (answers + 2).
  EXPECT_NEAR(weights[0], std::log((3.0 / 5) / (2.0 / 5)), 1e-12);  // 2 of 3
  EXPECT_NEAR(weights[1], std::log((3.0 / 4) / (1.0 / 4)), 1e-12);  // 2 of 2
  EXPECT_EQ(weights[2], 0.0);                                       // 1 of 3: below chance, clipped
}

TEST(Wawa, WeighsVotesByAgreementWithMajority) {
  AnswerTable table = toy();
  Aggregation result = wawa(table);
  // Skills 2/3, 1, 1/3; t3: b with 2/3 vs a with 1/3 -> b.
  EXPECT_EQ(result.labels, (std::vector<Id>{0, 1, 1}));
  EXPECT_NEAR(result.probability(2, 1), (2.0 / 3) / (2.0 / 3 + 1.0 / 3), 1e-12);
  EXPECT_NEAR(result.probability(0, 0), (2.0 / 3 + 1.0) / (2.0 / 3 + 1.0 + 1.0 / 3), 1e-12);
  EXPECT_NEAR(result.worker_skill[2], 1.0 / 3, 1e-12);
}

}  // namespace
}  // namespace fairlabel::quality
