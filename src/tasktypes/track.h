#pragma once
//! Video tracks: the box of a track at any frame (docs/task-types.md,
//! "keyframes and interpolation", CVAT's convention), and the reverse —
//! the fewest keyframes that reproduce a box per frame.
//!
//! Rules, for a track with keyframes k0 < k1 < … (by frame):
//! - before k0: no box;
//! - at a keyframe: its box, unless it is `outside` (then no box);
//! - strictly between ki and ki+1: no box if ki is `outside`; otherwise
//!   x, y, w, h each a + (b - a) * t with t = (f - fi) / (fi+1 - fi), and
//!   `occluded` is ki's (ki+1's coordinates are used even if it is outside:
//!   the object moves towards where it leaves);
//! - after the last keyframe: its box to the end of the video, unless it is
//!   `outside`.

#include <cstdint>
#include <optional>
#include <vector>

#include <nlohmann/json.hpp>

namespace fairlabel::tasktypes {

struct TrackBox {
  double x = 0, y = 0, w = 0, h = 0;
  bool occluded = false;
  bool operator==(const TrackBox&) const = default;
};

//! The box of `track` (a validated track object of a video_track payload)
//! at `frame`; nullopt when the object is not visible there. Keyframes are
//! read as validated: strictly increasing frames.
std::optional<TrackBox> box_at_frame(const nlohmann::json& track, std::int64_t frame);

//! The box at every frame 0 .. frame_count-1.
std::vector<std::optional<TrackBox>> expand_track(const nlohmann::json& track, std::int64_t frame_count);

//! The reverse of expand_track: keyframes (the JSON array of a track's
//! "keyframes") such that expand_track reproduces `boxes` within
//! `tolerance` pixels on every coordinate, with the same visibility and
//! occlusion at every frame. Greedy: each keyframe is placed as late as the
//! linear segment from the previous one still fits. Empty when no frame has
//! a box. Cost is quadratic in the length of each linear segment: meant for
//! clips of at most a few thousand frames. Used to turn per-frame ground truth (demo scenes, MOT imports)
//! into the compact form workers edit.
nlohmann::json keyframes_from_boxes(const std::vector<std::optional<TrackBox>>& boxes, double tolerance = 0.5);

}  // namespace fairlabel::tasktypes
