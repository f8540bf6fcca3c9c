#include "tasktypes/track.h"

#include <cmath>

namespace fairlabel::tasktypes {

namespace {

using nlohmann::json;

TrackBox box_of(const json& keyframe) {
  return {keyframe.at("x").get<double>(), keyframe.at("y").get<double>(), keyframe.at("w").get<double>(),
          keyframe.at("h").get<double>(), keyframe.at("occluded").get<bool>()};
}

TrackBox lerp(const TrackBox& a, const TrackBox& b, double t) {
  return {a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t, a.w + (b.w - a.w) * t, a.h + (b.h - a.h) * t, a.occluded};
}

bool close(const TrackBox& a, const TrackBox& b, double tolerance) {
  return a.occluded == b.occluded && std::abs(a.x - b.x) <= tolerance && std::abs(a.y - b.y) <= tolerance &&
         std::abs(a.w - b.w) <= tolerance && std::abs(a.h - b.h) <= tolerance;
}

json keyframe_json(std::int64_t frame, const TrackBox& box, bool outside) {
  return {{"frame", frame}, {"x", box.x},         {"y", box.y},           {"w", box.w},
          {"h", box.h},     {"outside", outside}, {"occluded", box.occluded}};
}

}  // namespace

std::optional<TrackBox> box_at_frame(const json& track, std::int64_t frame) {
  const json& keyframes = track.at("keyframes");
  // The last keyframe at or before `frame` (keyframes are few; a linear scan is fine).
  std::size_t count = keyframes.size();
  std::optional<std::size_t> at_or_before;
  for (std::size_t i = 0; i < count; ++i) {
    if (keyframes[i].at("frame").get<std::int64_t>() > frame) break;
    at_or_before = i;
  }
  if (!at_or_before) return std::nullopt;
  const json& k0 = keyframes[*at_or_before];
  if (k0.at("outside").get<bool>()) return std::nullopt;
  std::int64_t f0 = k0.at("frame").get<std::int64_t>();
  if (f0 == frame || *at_or_before + 1 == count) return box_of(k0);
  const json& k1 = keyframes[*at_or_before + 1];
  std::int64_t f1 = k1.at("frame").get<std::int64_t>();
  double t = static_cast<double>(frame - f0) / static_cast<double>(f1 - f0);
  return lerp(box_of(k0), box_of(k1), t);
}

std::vector<std::optional<TrackBox>> expand_track(const json& track, std::int64_t frame_count) {
  std::vector<std::optional<TrackBox>> boxes;
  boxes.reserve(static_cast<std::size_t>(std::max<std::int64_t>(frame_count, 0)));
  for (std::int64_t f = 0; f < frame_count; ++f) boxes.push_back(box_at_frame(track, f));
  return boxes;
}

json keyframes_from_boxes(const std::vector<std::optional<TrackBox>>& boxes, double tolerance) {
  json keyframes = json::array();
  const auto n = static_cast<std::int64_t>(boxes.size());
  std::int64_t f = 0;
  while (f < n) {
    if (!boxes[f]) {
      ++f;
      continue;
    }
    // A visible run starts at f: place keyframes greedily along it.
    std::int64_t start = f;
    keyframes.push_back(keyframe_json(start, *boxes[start], false));
    std::int64_t run_end = start;  // last visible frame of the run
    while (run_end + 1 < n && boxes[run_end + 1]) ++run_end;
    std::int64_t anchor = start;
    while (anchor < run_end) {
      // The furthest e such that the segment anchor→e reproduces every frame between.
      std::int64_t best = anchor + 1;
      for (std::int64_t e = anchor + 2; e <= run_end; ++e) {
        bool fits = true;
        for (std::int64_t g = anchor + 1; g < e && fits; ++g) {
          double t = static_cast<double>(g - anchor) / static_cast<double>(e - anchor);
          fits = close(lerp(*boxes[anchor], *boxes[e], t), *boxes[g], tolerance);
        }
        if (!fits) break;
        best = e;
      }
      // Each run ends with a keyframe at its last frame, so the box after it is exact.
      keyframes.push_back(keyframe_json(best, *boxes[best], false));
      anchor = best;
    }
    if (run_end + 1 < n) {
      // The object disappears: an outside keyframe at the first invisible frame.
      keyframes.push_back(keyframe_json(run_end + 1, *boxes[run_end], true));
    }
    f = run_end + 1;
  }
  return keyframes;
}

}  // namespace fairlabel::tasktypes
