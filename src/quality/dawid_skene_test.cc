#include "quality/dawid_skene.h"

#include <gtest/gtest.h>

#include "quality/answers_csv.h"
#include "quality/em_test_checks.h"
#include "quality/majority_vote.h"

namespace fairlabel::quality {
namespace {

EmOptions exactly(int iterations) {
  EmOptions options;
  options.max_iterations = iterations;
  options.tolerance = 0;
  return options;
}

using testing::expect_monotone;

// crowd-kit's toy_ysda fixture, small enough to check by hand.
AnswerTable ysda() {
  return parse_answers_csv(
      "task,worker,label\n"
      "t1,w1,no\nt2,w1,yes\nt3,w1,yes\nt4,w1,yes\nt5,w1,yes\n"
      "t1,w2,yes\nt2,w2,yes\nt3,w2,no\nt4,w2,yes\nt5,w2,no\n"
      "t2,w3,yes\nt3,w3,no\nt4,w3,yes\nt5,w3,no\n"
      "t1,w4,yes\nt2,w4,no\nt3,w4,yes\nt4,w4,yes\nt5,w4,no\n"
      "t1,w5,no\nt2,w5,no\nt3,w5,no\nt4,w5,yes\nt5,w5,no\n",
      "ysda");
}

TEST(DawidSkene, ZeroIterationsIsMajorityVotePlusOneMStep) {
  AnswerTable table = ysda();
  Aggregation ds = dawid_skene(table, exactly(0));
  EXPECT_EQ(ds.probabilities, majority_vote(table).probabilities);
  // P(no) by task from the vote shares: .5 .4 .6 0 .8 -> prior(no) = 2.3 / 5.
  EXPECT_NEAR(ds.class_priors[0], 0.46, 1e-12);
  // w1 said no on t1 (P(no) = .5) and yes on t2..t5 (P(no) sum 1.8):
  // e(no | no) = .5 / 2.3; e(no | yes) = .5 / (.5 + .6 + .4 + 1 + .2).
  const std::size_t K = 2;
  const Id no = 0, yes = 1, w1 = 0;
  EXPECT_NEAR(ds.errors[(w1 * K + no) * K + no], 0.5 / 2.3, 1e-12);
  EXPECT_NEAR(ds.errors[(w1 * K + no) * K + yes], 0.5 / 2.7, 1e-12);
  EXPECT_NEAR(ds.errors[(w1 * K + yes) * K + no], 1.8 / 2.3, 1e-12);
  EXPECT_EQ(ds.iterations, 0);
  ASSERT_EQ(ds.log_likelihood.size(), 1u);
}

TEST(DawidSkene, LearnsThatAnAdversarialWorkerFlipsLabels) {
  // w1 and w2 are right on t1..t4, w3 always says the opposite; t5 has
  // only w3's answer "a", so DS reads it as "b" where majority vote says "a".
  AnswerTable table = parse_answers_csv(
      "task,worker,label\n"
      "t1,w1,a\nt1,w2,a\nt1,w3,b\n"
      "t2,w1,b\nt2,w2,b\nt2,w3,a\n"
      "t3,w1,a\nt3,w2,a\nt3,w3,b\n"
      "t4,w1,b\nt4,w2,b\nt4,w3,a\n"
      "t5,w3,a\n",
      "flip");
  Aggregation ds = dawid_skene(table);
  EXPECT_EQ(ds.labels, (std::vector<Id>{0, 1, 0, 1, 1}));
  EXPECT_GT(ds.confidence(4), 0.99);
  EXPECT_EQ(majority_vote(table).labels[4], 0u);
  EXPECT_LT(ds.worker_skill[2], 0.01);
  EXPECT_GT(ds.worker_skill[0], 0.99);
  expect_monotone(ds);
}

TEST(DawidSkene, StopsOnTheToleranceOrTheCap) {
  AnswerTable table = ysda();
  EmOptions options;
  Aggregation converged = dawid_skene(table, options);
  EXPECT_TRUE(converged.converged);
  EXPECT_LT(converged.iterations, 100);
  Aggregation fixed = dawid_skene(table, exactly(25));
  EXPECT_FALSE(fixed.converged);
  EXPECT_EQ(fixed.iterations, 25);
  EXPECT_EQ(fixed.log_likelihood.size(), 26u);
  expect_monotone(fixed);
  int calls = 0;
  options.on_iteration = [&](int iteration, double) { EXPECT_EQ(iteration, ++calls); };
  dawid_skene(table, options);
  EXPECT_EQ(calls, converged.iterations);
}

TEST(DawidSkene, SingleLabelIsCertain) {
  AnswerTable table = parse_answers_csv("task,worker,label\nt1,w1,x\nt2,w2,x\n", "one");
  for (auto fit : {dawid_skene, one_coin_dawid_skene}) {
    Aggregation result = fit(table, {});
    EXPECT_EQ(result.labels, (std::vector<Id>{0, 0}));
    EXPECT_EQ(result.confidence(1), 1.0);
  }
}

TEST(OneCoinDawidSkene, TheMoreAccurateWorkerBreaksATie) {
  // w1, w2, w3 agree on t1..t4; w4 is right half of the time. On t5, w1
  // says b and w4 says a: majority vote ties to a, one-coin trusts w1.
  AnswerTable table = parse_answers_csv(
      "task,worker,label\n"
      "t1,w1,a\nt1,w2,a\nt1,w3,a\nt1,w4,a\n"
      "t2,w1,b\nt2,w2,b\nt2,w3,b\nt2,w4,a\n"
      "t3,w1,a\nt3,w2,a\nt3,w3,a\nt3,w4,b\n"
      "t4,w1,b\nt4,w2,b\nt4,w3,b\nt4,w4,b\n"
      "t5,w1,b\nt5,w4,a\n",
      "coin");
  EXPECT_EQ(majority_vote(table).labels[4], 0u);
  Aggregation result = one_coin_dawid_skene(table);
  EXPECT_EQ(result.labels[4], 1u);
  EXPECT_GT(result.worker_skill[0], 0.9);
  EXPECT_LT(result.worker_skill[3], 0.7);
  // The implied matrix for w1's label b: s on the diagonal, 1 - s off it (K = 2).
  const std::size_t K = 2;
  EXPECT_NEAR(result.errors[(0 * K + 1) * K + 1], result.worker_parameter[0], 1e-12);
  EXPECT_NEAR(result.errors[(0 * K + 1) * K + 0], 1 - result.worker_parameter[0], 1e-12);
  expect_monotone(result);
}

}  // namespace
}  // namespace fairlabel::quality
