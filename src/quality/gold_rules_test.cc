// Gold judgements per task type, with their tolerances.
#include <gtest/gtest.h>

#include "core/error.h"
#include "quality/gold.h"
#include "quality/gold_rules.h"

namespace fairlabel::quality {
namespace {

TEST(GoldRules, Labels) {
  EXPECT_TRUE(judge_label("cat", "cat").correct);
  EXPECT_FALSE(judge_label("cat", "Cat").correct);
}

TEST(GoldRules, TagsByJaccard) {
  auto half = judge_tags({"cat"}, {"cat", "dog"});
  EXPECT_NEAR(half.score, 0.5, 1e-12);
  EXPECT_TRUE(half.correct);  // 0.5 >= 0.5
  auto third = judge_tags({"cat", "bird"}, {"cat", "dog"});
  EXPECT_NEAR(third.score, 1.0 / 3.0, 1e-12);
  EXPECT_FALSE(third.correct);
  EXPECT_TRUE(judge_tags({}, {}).correct);
  EXPECT_FALSE(judge_tags({"cat"}, {"cat", "dog"}, {1.0}).correct);
}

TEST(GoldRules, BoxesAtIouHalf) {
  std::vector<LabeledBox> gold = {{"g1", "car", {0, 0, 10, 10}}, {"g2", "person", {50, 50, 10, 20}}};
  // IoU 80/120 and 1: both matched.
  EXPECT_TRUE(judge_boxes({{"a", "car", {2, 0, 10, 10}}, {"b", "person", {50, 50, 10, 20}}}, gold).correct);
  // The car shifted by 5: IoU 1/3 < 0.5: one of two matched, F1 = 2 * 1 / 4.
  auto shifted = judge_boxes({{"a", "car", {5, 0, 10, 10}}, {"b", "person", {50, 50, 10, 20}}}, gold);
  EXPECT_FALSE(shifted.correct);
  EXPECT_NEAR(shifted.score, 0.5, 1e-12);
  // The right place with the wrong label does not count.
  EXPECT_FALSE(judge_boxes({{"a", "truck", {0, 0, 10, 10}}, {"b", "person", {50, 50, 10, 20}}}, gold).correct);
  // An extra box is a mistake too.
  auto extra = judge_boxes({{"a", "car", {0, 0, 10, 10}}, {"b", "person", {50, 50, 10, 20}}, {"c", "car", {200, 0, 5, 5}}},
                           gold);
  EXPECT_FALSE(extra.correct);
  EXPECT_NEAR(extra.score, 4.0 / 5.0, 1e-12);
  EXPECT_TRUE(judge_boxes({}, {}).correct);
}

TEST(GoldRules, TracksByTrackIou) {
  std::vector<Track> gold = {{"g", "person", {{0, {0, 0, 10, 10}, false, false}, {9, {90, 0, 10, 10}, false, false}}}};
  std::vector<Track> close = {{"a", "person", {{0, {1, 0, 10, 10}, false, false}, {9, {91, 0, 10, 10}, false, false}}}};
  std::vector<Track> late = {{"a", "person", {{6, {60, 0, 10, 10}, false, false}, {9, {90, 0, 10, 10}, false, false}}}};
  EXPECT_TRUE(judge_tracks(close, gold, 10).correct);
  EXPECT_FALSE(judge_tracks(late, gold, 10).correct);  // visible in 4 of 10 frames: track IoU 0.4
}

TEST(GoldRules, TextBySimilarityAndRubric) {
  TextSubmission gold{"gold", "The answer is 42.", {{"accuracy", 4}}};
  EXPECT_TRUE(judge_text({"w", "The answer is 42", {{"accuracy", 5}}}, gold).correct);
  EXPECT_FALSE(judge_text({"w", "The answer is 42", {{"accuracy", 2}}}, gold).correct);  // off by 2
  EXPECT_FALSE(judge_text({"w", "Something else entirely", {{"accuracy", 4}}}, gold).correct);
  EXPECT_FALSE(judge_text({"w", "The answer is 42.", {}}, gold).correct);  // a criterion missing
}

TEST(GoldRules, RankingsByPairwiseAgreementAndTheBestItem) {
  EXPECT_TRUE(judge_ranking({"a", "b", "c", "d"}, {"a", "b", "c", "d"}).correct);
  auto one_swap = judge_ranking({"a", "b", "d", "c"}, {"a", "b", "c", "d"});
  EXPECT_NEAR(one_swap.score, 5.0 / 6.0, 1e-12);
  EXPECT_TRUE(one_swap.correct);
  EXPECT_FALSE(judge_ranking({"b", "a", "c", "d"}, {"a", "b", "c", "d"}).correct);  // best item wrong
  EXPECT_THROW(judge_ranking({"a", "x"}, {"a", "b"}), Error);
}

TEST(GoldRules, JudgementsFeedTheTally) {
  GoldTally tally(1);
  tally.add(0, judge_tags({"cat"}, {"cat"}).correct);
  tally.add(0, judge_tags({"dog"}, {"cat"}).correct);
  auto scores = tally.scores();
  EXPECT_EQ(scores[0].answered, 2u);
  EXPECT_EQ(scores[0].correct, 1u);
}

}  // namespace
}  // namespace fairlabel::quality
