// Bradley-Terry consensus rankings (text_rank).
#include <gtest/gtest.h>

#include "core/error.h"
#include "quality/ranking.h"

namespace fairlabel::quality {
namespace {

using Ids = std::vector<std::string>;

TEST(Ranking, TwoItemsHaveTheClosedFormStrengths) {
  // a beats b 3 times, b beats a once; with 0.1 pseudo-wins each way the
  // maximum-likelihood P(a beats b) is 3.1 / 4.2.
  std::vector<RankingSubmission> submissions = {
      {"w1", {"a", "b"}}, {"w2", {"a", "b"}}, {"w3", {"a", "b"}}, {"w4", {"b", "a"}}};
  auto result = bradley_terry({"a", "b"}, submissions);
  EXPECT_NEAR(result.strength[0], 3.1 / 4.2, 1e-9);
  EXPECT_NEAR(result.strength[1], 1.1 / 4.2, 1e-9);
  EXPECT_EQ(result.consensus, (Ids{"a", "b"}));
  EXPECT_TRUE(result.converged);
  EXPECT_EQ(result.worker_agreement, (std::vector<double>{1, 1, 1, 0}));
}

TEST(Ranking, MajorityOrderWinsAndWeightsCanOverturnIt) {
  std::vector<RankingSubmission> submissions = {
      {"w1", {"a", "b", "c"}}, {"w2", {"a", "b", "c"}}, {"w3", {"c", "b", "a"}}};
  EXPECT_EQ(bradley_terry({"a", "b", "c"}, submissions).consensus, (Ids{"a", "b", "c"}));
  submissions[0].weight = submissions[1].weight = 0.1;
  EXPECT_EQ(bradley_terry({"a", "b", "c"}, submissions).consensus, (Ids{"c", "b", "a"}));
}

TEST(Ranking, EvenDisagreementKeepsTheTaskOrder) {
  auto result = bradley_terry({"a", "b"}, {{"w1", {"b", "a"}}, {"w2", {"a", "b"}}});
  EXPECT_NEAR(result.strength[0], 0.5, 1e-12);
  EXPECT_EQ(result.consensus, (Ids{"a", "b"}));
}

TEST(Ranking, LogLikelihoodRisesMonotonically) {
  const Ids items = {"r1", "r2", "r3", "r4", "r5", "r6"};
  std::vector<RankingSubmission> submissions = {
      {"w1", {"r1", "r2", "r3", "r4", "r5", "r6"}}, {"w2", {"r2", "r1", "r4", "r3", "r6", "r5"}},
      {"w3", {"r6", "r5", "r4", "r3", "r2", "r1"}}, {"w4", {"r1", "r3", "r2", "r5", "r4", "r6"}},
      {"w5", {"r3", "r1", "r2", "r4", "r6", "r5"}, 0.5}};
  auto result = bradley_terry(items, submissions);
  EXPECT_TRUE(result.converged);
  ASSERT_GE(result.log_likelihood.size(), 3u);
  for (std::size_t j = 1; j < result.log_likelihood.size(); ++j)
    EXPECT_GE(result.log_likelihood[j], result.log_likelihood[j - 1] - 1e-12) << "iteration " << j;
  EXPECT_EQ(result.consensus.front(), "r1");
  EXPECT_EQ(result.consensus.back(), "r6");
  double sum = 0;
  for (double s : result.strength) sum += s;
  EXPECT_NEAR(sum, 1.0, 1e-12);
}

TEST(Ranking, RefusesRankingsThatAreNotPermutations) {
  const Ids items = {"a", "b", "c"};
  EXPECT_THROW(bradley_terry(items, {{"w", {"a", "b"}}}), Error);
  EXPECT_THROW(bradley_terry(items, {{"w", {"a", "b", "b"}}}), Error);
  EXPECT_THROW(bradley_terry(items, {{"w", {"a", "b", "z"}}}), Error);
  EXPECT_THROW(bradley_terry({"a", "a"}, {}), Error);
  EXPECT_THROW(bradley_terry(items, {}, {0.0, 100, 1e-10}), Error);
  try {
    bradley_terry(items, {{"w7", {"a", "b", "z"}}});
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("w7"), std::string::npos);
    EXPECT_NE(std::string(error.what()).find("\"z\""), std::string::npos);
  }
}

TEST(Ranking, PairwiseAgreement) {
  EXPECT_EQ(pairwise_agreement({"a", "b", "c"}, {"a", "b", "c"}), 1.0);
  EXPECT_EQ(pairwise_agreement({"a", "b", "c"}, {"c", "b", "a"}), 0.0);
  EXPECT_NEAR(pairwise_agreement({"a", "b", "c"}, {"a", "c", "b"}), 2.0 / 3.0, 1e-12);
}

}  // namespace
}  // namespace fairlabel::quality
