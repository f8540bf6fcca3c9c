#include "tasktypes/track.h"

#include <gtest/gtest.h>

#include "core/random.h"
#include "tasktypes/test_fixtures.h"
#include "tasktypes/validate.h"

namespace fairlabel::tasktypes {
namespace {

using namespace testing;

json track_of(json keyframes) { return {{"id", "t"}, {"label", "car"}, {"keyframes", std::move(keyframes)}}; }

TEST(Track, InterpolatesLinearlyBetweenKeyframes) {
  json track = track_of({keyframe(2, 0, 0, 10, 10), keyframe(6, 40, 20, 30, 10, false, true)});
  EXPECT_EQ(box_at_frame(track, 0), std::nullopt);  // before the first keyframe
  EXPECT_EQ(box_at_frame(track, 1), std::nullopt);
  EXPECT_EQ(box_at_frame(track, 2), (TrackBox{0, 0, 10, 10, false}));
  EXPECT_EQ(box_at_frame(track, 3), (TrackBox{10, 5, 15, 10, false}));
  EXPECT_EQ(box_at_frame(track, 5), (TrackBox{30, 15, 25, 10, false}));  // occluded is the earlier keyframe's
  EXPECT_EQ(box_at_frame(track, 6), (TrackBox{40, 20, 30, 10, true}));
  EXPECT_EQ(box_at_frame(track, 100), (TrackBox{40, 20, 30, 10, true}));  // stays after the last keyframe
}

TEST(Track, OutsideEndsVisibilityUntilTheNextKeyframe) {
  json track = track_of({keyframe(0, 0, 0, 10, 10), keyframe(4, 40, 0, 10, 10, true), keyframe(7, 70, 0, 10, 10),
                         keyframe(9, 90, 0, 10, 10, true)});
  auto boxes = expand_track(track, 12);
  ASSERT_EQ(boxes.size(), 12u);
  EXPECT_EQ(boxes[3], (TrackBox{30, 0, 10, 10, false}));  // moving towards where it leaves
  for (int f : {4, 5, 6, 9, 10, 11}) EXPECT_EQ(boxes[f], std::nullopt) << f;
  EXPECT_EQ(boxes[7], (TrackBox{70, 0, 10, 10, false}));
  EXPECT_EQ(boxes[8], (TrackBox{80, 0, 10, 10, false}));
}

TEST(Track, KeyframesFromBoxesReproducesEveryFrame) {
  Random random(7);
  for (int round = 0; round < 200; ++round) {
    const int frames = 5 + static_cast<int>(random.below(60));
    // Piecewise-linear motion with random gaps, occlusion changes and jitter.
    std::vector<std::optional<TrackBox>> boxes(frames);
    double x = 100, y = 100, dx = 0, dy = 0;
    bool visible = random.below(2) == 0, occluded = false;
    for (int f = 0; f < frames; ++f) {
      if (random.below(8) == 0) visible = !visible;
      if (random.below(10) == 0) occluded = !occluded;
      if (random.below(6) == 0) dx = static_cast<double>(random.below(11)) - 5, dy = static_cast<double>(random.below(7)) - 3;
      x += dx, y += dy;
      if (random.below(15) == 0) x += 3.7;  // a jump that interpolation cannot absorb
      if (visible) boxes[f] = TrackBox{x, y, 20 + f * 0.5, 30, occluded};
    }
    json keyframes = keyframes_from_boxes(boxes, 0.01);
    if (std::none_of(boxes.begin(), boxes.end(), [](const auto& b) { return b.has_value(); })) {
      EXPECT_TRUE(keyframes.empty());
      continue;
    }
    auto replay = expand_track(track_of(keyframes), frames);
    for (int f = 0; f < frames; ++f) {
      ASSERT_EQ(replay[f].has_value(), boxes[f].has_value()) << "round " << round << " frame " << f;
      if (!boxes[f]) continue;
      EXPECT_NEAR(replay[f]->x, boxes[f]->x, 0.01);
      EXPECT_NEAR(replay[f]->y, boxes[f]->y, 0.01);
      EXPECT_NEAR(replay[f]->w, boxes[f]->w, 0.01);
      EXPECT_EQ(replay[f]->occluded, boxes[f]->occluded);
    }
  }
}

TEST(Track, KeyframesFromBoxesIsCompactAndValid) {
  // A car crossing at constant speed from frame 5 to 24, then leaving.
  std::vector<std::optional<TrackBox>> boxes(40);
  for (int f = 5; f < 25; ++f) boxes[f] = TrackBox{10.0 * f, 100, 50, 30, false};
  json keyframes = keyframes_from_boxes(boxes);
  ASSERT_EQ(keyframes.size(), 3u) << keyframes.dump();
  EXPECT_EQ(keyframes[0], keyframe(5, 50, 100, 50, 30));
  EXPECT_EQ(keyframes[1], keyframe(24, 240, 100, 50, 30));
  EXPECT_EQ(keyframes[2], keyframe(25, 240, 100, 50, 30, true));
  json payload = {{"tracks", {track_of(keyframes)}}};
  EXPECT_NO_THROW(validate_submission("video_track", labels_schema(), video_input(40), payload));
}

}  // namespace
}  // namespace fairlabel::tasktypes
