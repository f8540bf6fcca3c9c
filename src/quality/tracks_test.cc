// Track interpolation (the docs/task-types.md contract) and track fusion.
#include <gtest/gtest.h>

#include <random>

#include "core/error.h"
#include "quality/tracks.h"

namespace fairlabel::quality {
namespace {

Keyframe key(int frame, Box box, bool outside = false, bool occluded = false) {
  return {frame, box, outside, occluded};
}

void expect_box(const std::optional<FrameBox>& state, Box expected, bool occluded, int frame) {
  ASSERT_TRUE(state.has_value()) << "frame " << frame;
  EXPECT_NEAR(state->box.x, expected.x, 1e-9) << "frame " << frame;
  EXPECT_NEAR(state->box.y, expected.y, 1e-9) << "frame " << frame;
  EXPECT_NEAR(state->box.w, expected.w, 1e-9) << "frame " << frame;
  EXPECT_NEAR(state->box.h, expected.h, 1e-9) << "frame " << frame;
  EXPECT_EQ(state->occluded, occluded) << "frame " << frame;
}

TEST(Tracks, InterpolatesAsTheTaskTypeContractStates) {
  Track track{"t", "person",
              {key(2, {0, 0, 10, 10}, false, true), key(6, {40, 20, 10, 30}), key(8, {60, 20, 10, 30}, true),
               key(10, {100, 100, 5, 5})}};
  validate_track(track, 14);
  FrameBoxes frames = interpolate(track, 14);
  ASSERT_EQ(frames.size(), 14u);
  EXPECT_FALSE(frames[0]);  // before the first keyframe: no box
  EXPECT_FALSE(frames[1]);
  expect_box(frames[2], {0, 0, 10, 10}, true, 2);
  expect_box(frames[3], {10, 5, 10, 15}, true, 3);  // t = 1/4, occluded is the earlier keyframe's
  expect_box(frames[4], {20, 10, 10, 20}, true, 4);
  expect_box(frames[6], {40, 20, 10, 30}, false, 6);
  expect_box(frames[7], {50, 20, 10, 30}, false, 7);  // towards the outside keyframe's coordinates
  EXPECT_FALSE(frames[8]);                           // outside: no box up to the next keyframe
  EXPECT_FALSE(frames[9]);
  for (int f = 10; f < 14; ++f) expect_box(frames[f], {100, 100, 5, 5}, false, f);  // stays to the end
  for (int f = 0; f < 14; ++f) EXPECT_EQ(box_at(track, f), frames[f]) << "frame " << f;
}

TEST(Tracks, NothingAfterALastOutsideKeyframe) {
  Track track{"t", "car", {key(0, {0, 0, 4, 4}), key(3, {0, 0, 4, 4}, true)}};
  FrameBoxes frames = interpolate(track, 6);
  for (int f = 0; f < 3; ++f) EXPECT_TRUE(frames[f]);
  for (int f = 3; f < 6; ++f) EXPECT_FALSE(frames[f]);
  EXPECT_FALSE(box_at(track, 5));
}

TEST(Tracks, ValidationNamesTheField) {
  auto pointer_of = [](const Track& track, int frames) -> std::string {
    try {
      validate_track(track, frames);
    } catch (const Error& error) {
      EXPECT_EQ(error.kind(), ErrorKind::invalid_input);
      return error.field_errors().empty() ? "" : error.field_errors().front().pointer;
    }
    return "valid";
  };
  EXPECT_EQ(pointer_of({"t", "a", {}}, 10), "/keyframes");
  EXPECT_EQ(pointer_of({"t", "a", {key(3, {0, 0, 1, 1}), key(3, {0, 0, 1, 1})}}, 10), "/keyframes/1/frame");
  EXPECT_EQ(pointer_of({"t", "a", {key(10, {0, 0, 1, 1})}}, 10), "/keyframes/0/frame");
  EXPECT_EQ(pointer_of({"t", "a", {key(-1, {0, 0, 1, 1})}}, 10), "/keyframes/0/frame");
  EXPECT_EQ(pointer_of({"t", "a", {key(0, {0, 0, 1, 1}), key(1, {0, 0, 0, 1})}}, 10), "/keyframes/1/w");
  EXPECT_EQ(pointer_of({"t", "a", {key(0, {0, 0, 1, -2})}}, 10), "/keyframes/0/h");
  EXPECT_EQ(pointer_of({"t", "a", {key(0, {0, 0, 1, 1}), key(9, {5, 5, 1, 1}, true)}}, 10), "valid");
}

TEST(Tracks, TrackIouAveragesOverFramesWhereEitherIsVisible) {
  FrameBoxes a(4), b(4);
  a[0] = a[1] = FrameBox{{0, 0, 10, 10}, false};
  b[1] = FrameBox{{0, 0, 10, 10}, false};
  b[2] = FrameBox{{0, 0, 10, 10}, false};
  EXPECT_NEAR(track_iou(a, b), 1.0 / 3.0, 1e-12);  // frames 0, 1, 2: IoU 0, 1, 0
  EXPECT_NEAR(track_iou(b, a), 1.0 / 3.0, 1e-12);
  EXPECT_EQ(track_iou(FrameBoxes(4), FrameBoxes(4)), 0.0);
}

TEST(Tracks, FusesMatchedTracksWeightedAndDropsThoseBelowQuorum) {
  std::vector<TrackSubmission> submissions = {
      {"A", 3.0, {{"a1", "person", {key(0, {0, 0, 10, 10}), key(4, {40, 0, 10, 10})}}}},
      {"B", 1.0, {{"b1", "person", {key(0, {2, 0, 10, 10}), key(4, {42, 0, 10, 10})}}}},
      // Same place, other label: its own group of one, dropped at quorum 2.
      {"C", 1.0, {{"c1", "car", {key(0, {0, 0, 10, 10}), key(4, {40, 0, 10, 10})}}}},
  };
  TrackFusion fusion = fuse_tracks(submissions, 6);
  const auto& fused = fusion.tracks;
  ASSERT_EQ(fused.size(), 1u);
  ASSERT_EQ(fusion.agreement.size(), 3u);
  EXPECT_EQ(fusion.agreement[0].objects, 1u);
  EXPECT_EQ(fusion.agreement[0].in_kept, 1u);
  EXPECT_EQ(fusion.agreement[2].in_kept, 0u);  // the car was dropped
  EXPECT_EQ(fusion.agreement[2].kept, 1u);
  const FusedTrack& track = fused[0];
  EXPECT_EQ(track.id, "track-1");
  EXPECT_EQ(track.label, "person");
  ASSERT_EQ(track.members.size(), 2u);
  EXPECT_EQ(track.members[0].submission, 0u);  // the heaviest worker seeds the group
  EXPECT_EQ(track.members[0].track_id, "a1");
  EXPECT_EQ(track.members[1].track_id, "b1");
  EXPECT_NEAR(track.confidence, 4.0 / 5.0, 1e-12);
  // x = (3 * A + 1 * B) / 4: frame 0: 0.5; frame 2: (3*20 + 22)/4 = 20.5; after the last keyframe it stays.
  expect_box(track.frames[0], {0.5, 0, 10, 10}, false, 0);
  expect_box(track.frames[2], {20.5, 0, 10, 10}, false, 2);
  expect_box(track.frames[5], {40.5, 0, 10, 10}, false, 5);
  // Keyframes at the members' keyframe frames and the frames before them.
  ASSERT_EQ(track.keyframes.size(), 3u);
  EXPECT_EQ(track.keyframes[0].frame, 0);
  EXPECT_EQ(track.keyframes[1].frame, 3);
  EXPECT_EQ(track.keyframes[2].frame, 4);
  EXPECT_EQ(interpolate({track.id, track.label, track.keyframes}, 6), track.frames);

  // With a quorum of 1 the car survives as its own track.
  EXPECT_EQ(fuse_tracks(submissions, 6, {0.5, 1, 0.5}).tracks.size(), 2u);
  // An invalid track is refused, not fused.
  submissions[1].tracks[0].keyframes[1].frame = 0;
  EXPECT_THROW(fuse_tracks(submissions, 6), Error);
}

TEST(Tracks, IdentitiesStayWithTheObjectWhenPathsCross) {
  // Two objects swap sides; at frame 5 their boxes coincide. Matching whole
  // tracks keeps each worker's p with the other's p.
  auto crossing = [](const std::string& id, double from, double to) {
    return Track{id, "person", {key(0, {from, 0, 10, 10}), key(10, {to, 0, 10, 10})}};
  };
  std::vector<TrackSubmission> submissions = {
      {"A", 1.0, {crossing("p", 0, 100), crossing("q", 100, 0)}},
      {"B", 1.0, {crossing("q2", 101, 1), crossing("p2", 1, 101)}},
  };
  auto fused = fuse_tracks(submissions, 11).tracks;
  ASSERT_EQ(fused.size(), 2u);
  EXPECT_EQ(fused[0].members[0].track_id, "p");
  EXPECT_EQ(fused[0].members[1].track_id, "p2");
  EXPECT_EQ(fused[1].members[0].track_id, "q");
  EXPECT_EQ(fused[1].members[1].track_id, "q2");
  expect_box(fused[0].frames[10], {100.5, 0, 10, 10}, false, 10);
}

TEST(Tracks, AFrameNeedsEnoughVisibleWeight) {
  // B's object leaves at frame 3; with A and C still there, 2 of 3 remain
  // visible; when A leaves too at frame 5, 1 of 3 is below half: no box.
  std::vector<TrackSubmission> submissions = {
      {"A", 1.0, {{"a", "cat", {key(0, {0, 0, 10, 10}), key(5, {0, 0, 10, 10}, true)}}}},
      {"B", 1.0, {{"b", "cat", {key(0, {0, 0, 10, 10}), key(3, {0, 0, 10, 10}, true)}}}},
      {"C", 1.0, {{"c", "cat", {key(0, {0, 0, 10, 10})}}}},
  };
  auto fused = fuse_tracks(submissions, 8, {0.3, 2, 0.5}).tracks;
  ASSERT_EQ(fused.size(), 1u);
  for (int f = 0; f < 5; ++f) EXPECT_TRUE(fused[0].frames[f]) << f;
  for (int f = 5; f < 8; ++f) EXPECT_FALSE(fused[0].frames[f]) << f;
  ASSERT_FALSE(fused[0].keyframes.empty());
  EXPECT_TRUE(fused[0].keyframes.back().outside);
  EXPECT_EQ(fused[0].keyframes.back().frame, 5);
  EXPECT_EQ(interpolate({"x", "cat", fused[0].keyframes}, 8), fused[0].frames);
}

TEST(Tracks, FusedKeyframesReproduceTheFusedFramesOnRandomTracks) {
  std::mt19937 random(20261129);
  auto uniform = [&](double lo, double hi) { return std::uniform_real_distribution<double>(lo, hi)(random); };
  const int num_frames = 60;
  for (int round = 0; round < 50; ++round) {
    std::vector<TrackSubmission> submissions;
    for (int worker = 0; worker < 4; ++worker) {
      TrackSubmission submission{std::to_string(worker), uniform(0.2, 1.0), {}};
      Track track{"t", "obj", {}};
      int frame = static_cast<int>(uniform(0, 6));
      while (frame < num_frames) {
        const bool outside = uniform(0, 1) < 0.2;
        track.keyframes.push_back(
            key(frame, {50 + uniform(-4, 4), 50 + uniform(-4, 4), 20 + uniform(-2, 2), 20 + uniform(-2, 2)}, outside,
                uniform(0, 1) < 0.3));
        frame += 1 + static_cast<int>(uniform(0, 12));
      }
      validate_track(track, num_frames);
      submission.tracks.push_back(track);
      submissions.push_back(submission);
    }
    for (const auto& fused : fuse_tracks(submissions, num_frames, {0.1, 2, 0.5}).tracks) {
      Track as_track{fused.id, fused.label, fused.keyframes};
      validate_track(as_track, num_frames);
      FrameBoxes again = interpolate(as_track, num_frames);
      for (int f = 0; f < num_frames; ++f) {
        ASSERT_EQ(again[f].has_value(), fused.frames[f].has_value()) << "round " << round << " frame " << f;
        if (again[f]) expect_box(again[f], fused.frames[f]->box, fused.frames[f]->occluded, f);
      }
    }
  }
}

}  // namespace
}  // namespace fairlabel::quality
