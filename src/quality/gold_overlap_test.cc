#include <gtest/gtest.h>

#include "core/error.h"
#include "quality/answers_csv.h"
#include "quality/gold.h"
#include "quality/majority_vote.h"
#include "quality/overlap.h"

namespace fairlabel::quality {
namespace {

TEST(Gold, WilsonIntervalMatchesHandComputedValues) {
  // 8 of 10 at z = 1.96: centre (0.8 + z^2/20) / (1 + z^2/10), half-width
  // z sqrt(0.016 + z^2/400) / (1 + z^2/10).
  Interval interval = wilson_interval(8, 10);
  EXPECT_NEAR(interval.lower, 0.4901624, 1e-6);
  EXPECT_NEAR(interval.upper, 0.9433178, 1e-6);
  Interval none = wilson_interval(0, 0);
  EXPECT_EQ(none.lower, 0.0);
  EXPECT_EQ(none.upper, 1.0);
  EXPECT_NEAR(wilson_interval(0, 5).lower, 0.0, 1e-12);
  EXPECT_NEAR(wilson_interval(5, 5).upper, 1.0, 1e-12);
  EXPECT_GT(wilson_interval(5, 5).lower, 0.5);
  EXPECT_THROW(wilson_interval(6, 5), Error);
}

TEST(Gold, ScoresWorkersAgainstGoldWithUncertainty) {
  AnswerTable table = parse_answers_csv(
      "task,worker,label\n"
      "g1,w1,a\ng2,w1,b\ng3,w1,a\nx,w1,a\n"
      "g1,w2,b\ng2,w2,b\n"
      "x,w3,a\n",
      "gold");
  std::unordered_map<std::string, std::string> gold{{"g1", "a"}, {"g2", "b"}, {"g3", "b"}, {"absent", "a"}};
  auto scores = score_against_gold(table, gold);
  ASSERT_EQ(scores.size(), 3u);
  EXPECT_EQ(scores[0].answered, 3u);
  EXPECT_EQ(scores[0].correct, 2u);
  EXPECT_NEAR(scores[0].accuracy, 2.0 / 3, 1e-12);
  EXPECT_NEAR(scores[0].posterior_mean, 3.0 / 5, 1e-12);
  EXPECT_LT(scores[0].interval.lower, 2.0 / 3);
  EXPECT_GT(scores[0].interval.upper, 2.0 / 3);
  EXPECT_EQ(scores[1].correct, 1u);
  EXPECT_EQ(scores[2].answered, 0u);  // no gold answers: the widest interval
  EXPECT_EQ(scores[2].interval.lower, 0.0);
  EXPECT_EQ(scores[2].interval.upper, 1.0);
  // The generic tally (for boxes with IoU, ...) gives the same numbers.
  GoldTally tally(1);
  tally.add(0, true);
  tally.add(0, false);
  tally.add(0, true);
  EXPECT_EQ(tally.scores()[0].correct, 2u);
  EXPECT_NEAR(tally.scores()[0].interval.lower, scores[0].interval.lower, 1e-12);
}

TEST(Overlap, ThreeDisagreeingWorkersGetAFourth) {
  OverlapPolicy policy{.confidence_threshold = 0.7, .min_overlap = 3, .max_overlap = 5};
  AnswerTable split = parse_answers_csv("task,worker,label\nt,w1,a\nt,w2,b\nt,w3,a\n", "split");
  Aggregation mv = majority_vote(split);
  auto posterior = mv.distribution(0);  // a: 2/3
  EXPECT_EQ(decide_overlap(posterior, 3, policy), OverlapDecision::need_more);
  EXPECT_TRUE(needs_another_worker(posterior, 3, policy));
  std::vector<double> agreed{1.0, 0.0};
  EXPECT_EQ(decide_overlap(agreed, 3, policy), OverlapDecision::confident);
  EXPECT_EQ(decide_overlap(agreed, 2, policy), OverlapDecision::need_more);  // below min_overlap
  std::vector<double> split_five{0.6, 0.4};
  EXPECT_EQ(decide_overlap(split_five, 5, policy), OverlapDecision::max_overlap_reached);
  EXPECT_EQ(decide_overlap({}, 0, policy), OverlapDecision::need_more);
  EXPECT_EQ(to_string(OverlapDecision::max_overlap_reached), "max_overlap_reached");
}

TEST(Overlap, RefusesPoliciesOutOfRange) {
  std::vector<double> posterior{0.5, 0.5};
  EXPECT_THROW(decide_overlap(posterior, 1, {.confidence_threshold = 0.0}), Error);
  EXPECT_THROW(decide_overlap(posterior, 1, {.confidence_threshold = 1.5}), Error);
  EXPECT_THROW(decide_overlap(posterior, 1, {.min_overlap = 0}), Error);
  EXPECT_THROW(decide_overlap(posterior, 1, {.min_overlap = 3, .max_overlap = 2}), Error);
}

}  // namespace
}  // namespace fairlabel::quality
