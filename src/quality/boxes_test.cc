// Box consensus (CVAT-style: IoU matching, quorum, skill-weighted fusion).
#include <gtest/gtest.h>

#include "quality/boxes.h"

namespace fairlabel::quality {
namespace {

void expect_box(const Box& actual, const Box& expected) {
  EXPECT_NEAR(actual.x, expected.x, 1e-9);
  EXPECT_NEAR(actual.y, expected.y, 1e-9);
  EXPECT_NEAR(actual.w, expected.w, 1e-9);
  EXPECT_NEAR(actual.h, expected.h, 1e-9);
}

TEST(Geometry, IouOfHandCheckedBoxes) {
  EXPECT_NEAR(iou({0, 0, 10, 10}, {0, 0, 10, 10}), 1.0, 1e-12);
  EXPECT_NEAR(iou({0, 0, 10, 10}, {5, 0, 10, 10}), 50.0 / 150.0, 1e-12);
  EXPECT_NEAR(iou({0, 0, 10, 10}, {2, 0, 10, 10}), 80.0 / 120.0, 1e-12);
  EXPECT_EQ(iou({0, 0, 10, 10}, {10, 0, 10, 10}), 0.0);  // touching edges
  EXPECT_EQ(iou({0, 0, 0, 10}, {0, 0, 10, 10}), 0.0);    // no area
}

TEST(Geometry, GreedyMatchTakesTheBestPairsFirstOneToOne) {
  // left 0 overlaps right 0 (0.9) and right 1 (0.6); left 1 overlaps right 0 (0.7) only.
  const double similarity[2][2] = {{0.9, 0.6}, {0.7, 0.0}};
  auto matches = greedy_match(2, 2, [&](std::size_t l, std::size_t r) { return similarity[l][r]; }, 0.5);
  ASSERT_EQ(matches.size(), 1u);  // left 1's only partner is taken
  EXPECT_EQ(matches[0].left, 0u);
  EXPECT_EQ(matches[0].right, 0u);
  EXPECT_EQ(greedy_match(2, 2, [&](std::size_t l, std::size_t r) { return similarity[l][r]; }, 0.95).size(), 0u);
}

TEST(Boxes, QuorumOfThreeWorkersMeanBox) {
  std::vector<BoxSubmission> submissions = {
      {"A", 1.0, {{"a1", "car", {0, 0, 10, 10}}, {"a2", "car", {100, 100, 10, 10}}, {"a3", "car", {50, 50, 10, 10}}}},
      {"B", 1.0, {{"b1", "car", {1, 1, 10, 10}}, {"b3", "truck", {50, 50, 10, 10}}}},
      {"C", 1.0, {{"c1", "car", {0, 0, 12, 12}}}},
  };
  BoxFusion fusion = fuse_boxes(submissions);
  // a2 (alone) and a3/b3 (labels differ: two groups of one) are dropped.
  ASSERT_EQ(fusion.boxes.size(), 1u);
  const FusedBox& box = fusion.boxes[0];
  EXPECT_EQ(box.label, "car");
  expect_box(box.box, {1.0 / 3, 1.0 / 3, 32.0 / 3, 32.0 / 3});
  EXPECT_NEAR(box.confidence, 1.0, 1e-12);
  ASSERT_EQ(box.members.size(), 3u);
  EXPECT_EQ(box.members[0].box_id, "a1");
  EXPECT_EQ(box.members[1].box_id, "b1");
  EXPECT_EQ(box.members[2].box_id, "c1");
  ASSERT_EQ(fusion.agreement.size(), 3u);
  EXPECT_EQ(fusion.agreement[0].objects, 3u);
  EXPECT_EQ(fusion.agreement[0].in_kept, 1u);
  EXPECT_EQ(fusion.agreement[2].in_kept, 1u);
  EXPECT_EQ(fusion.agreement[2].kept, 1u);
  // Quorum 3 still keeps the car; quorum 1 keeps all five groups.
  EXPECT_EQ(fuse_boxes(submissions, {0.5, 3}).boxes.size(), 1u);
  EXPECT_EQ(fuse_boxes(submissions, {0.5, 1}).boxes.size(), 4u);
}

TEST(Boxes, FusionIsWeightedBySkillAndConfidenceCountsSilentWorkers) {
  std::vector<BoxSubmission> submissions = {
      {"A", 0.9, {{"a", "dog", {0, 0, 10, 10}}}},
      {"B", 0.1, {{"b", "dog", {2, 0, 10, 10}}}},  // IoU with A: 80/120
      {"C", 1.0, {}},                              // saw nothing
  };
  BoxFusion fusion = fuse_boxes(submissions);
  ASSERT_EQ(fusion.boxes.size(), 1u);
  expect_box(fusion.boxes[0].box, {0.2, 0, 10, 10});
  EXPECT_NEAR(fusion.boxes[0].confidence, 1.0 / 2.0, 1e-12);
  EXPECT_EQ(fusion.agreement[2].objects, 0u);
}

TEST(Boxes, BelowTheMinimumIouBoxesStaySeparate) {
  std::vector<BoxSubmission> submissions = {
      {"A", 1.0, {{"a", "dog", {0, 0, 10, 10}}}},
      {"B", 1.0, {{"b", "dog", {5, 0, 10, 10}}}},  // IoU 1/3
  };
  EXPECT_TRUE(fuse_boxes(submissions).boxes.empty());
  EXPECT_EQ(fuse_boxes(submissions, {0.3, 2}).boxes.size(), 1u);
}

TEST(Boxes, EachWorkerContributesAtMostOneBoxPerObject) {
  // B drew the object twice; only the closer copy joins A's box.
  std::vector<BoxSubmission> submissions = {
      {"A", 1.0, {{"a", "dog", {0, 0, 10, 10}}}},
      {"B", 0.5, {{"far", "dog", {3, 0, 10, 10}}, {"near", "dog", {1, 0, 10, 10}}}},
  };
  BoxFusion fusion = fuse_boxes(submissions, {0.5, 2});
  ASSERT_EQ(fusion.boxes.size(), 1u);
  ASSERT_EQ(fusion.boxes[0].members.size(), 2u);
  EXPECT_EQ(fusion.boxes[0].members[1].box_id, "near");
}

TEST(Boxes, QuorumFromAShareOfReplicas) {
  EXPECT_EQ(quorum_for_share(0.5, 3), 2);
  EXPECT_EQ(quorum_for_share(2.0 / 3.0, 3), 2);
  EXPECT_EQ(quorum_for_share(1.0, 3), 3);
  EXPECT_EQ(quorum_for_share(0.0, 3), 1);
}

}  // namespace
}  // namespace fairlabel::quality
