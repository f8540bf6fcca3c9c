#include "quality/tracks.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "core/error.h"

namespace fairlabel::quality {

namespace {

Box lerp(const Box& a, const Box& b, double t) {
  return {a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t, a.w + (b.w - a.w) * t, a.h + (b.h - a.h) * t};
}

//! State at `frame` given that keyframes[index] is the last keyframe at or
//! before it.
std::optional<FrameBox> state_after(const std::vector<Keyframe>& keyframes, std::size_t index, int frame) {
  const Keyframe& k0 = keyframes[index];
  if (k0.outside) return std::nullopt;
  if (frame == k0.frame || index + 1 == keyframes.size()) return FrameBox{k0.box, k0.occluded};
  const Keyframe& k1 = keyframes[index + 1];
  const double t = static_cast<double>(frame - k0.frame) / static_cast<double>(k1.frame - k0.frame);
  return FrameBox{lerp(k0.box, k1.box, t), k0.occluded};
}

}  // namespace

void validate_track(const Track& track, int num_frames) {
  auto fail = [&](const std::string& pointer, const std::string& message) {
    throw Error::invalid("invalid_track", "track \"" + track.id + "\": " + message, {{pointer, message}});
  };
  if (track.keyframes.empty()) fail("/keyframes", "a track needs at least one keyframe");
  for (std::size_t i = 0; i < track.keyframes.size(); ++i) {
    const Keyframe& k = track.keyframes[i];
    const std::string at = "/keyframes/" + std::to_string(i);
    if (k.frame < 0 || k.frame >= num_frames)
      fail(at + "/frame", "frame " + std::to_string(k.frame) + " is outside [0, " + std::to_string(num_frames) + ")");
    if (i > 0 && k.frame <= track.keyframes[i - 1].frame)
      fail(at + "/frame", "keyframes must be strictly increasing in frame");
    const std::pair<const char*, double> fields[] = {{"x", k.box.x}, {"y", k.box.y}, {"w", k.box.w}, {"h", k.box.h}};
    for (const auto& [name, value] : fields)
      if (!std::isfinite(value)) fail(at + "/" + name, std::string(name) + " must be a finite number");
    if (k.box.w <= 0) fail(at + "/w", "w must be greater than 0");
    if (k.box.h <= 0) fail(at + "/h", "h must be greater than 0");
  }
}

std::optional<FrameBox> box_at(const Track& track, int frame) {
  const auto& keyframes = track.keyframes;
  auto after = std::upper_bound(keyframes.begin(), keyframes.end(), frame,
                                [](int f, const Keyframe& k) { return f < k.frame; });
  if (after == keyframes.begin()) return std::nullopt;  // before the first keyframe
  return state_after(keyframes, static_cast<std::size_t>(after - keyframes.begin()) - 1, frame);
}

FrameBoxes interpolate(const Track& track, int num_frames) {
  FrameBoxes frames(static_cast<std::size_t>(std::max(num_frames, 0)));
  const auto& keyframes = track.keyframes;
  std::size_t index = 0;
  for (int frame = 0; frame < num_frames; ++frame) {
    if (keyframes.empty() || frame < keyframes.front().frame) continue;
    while (index + 1 < keyframes.size() && keyframes[index + 1].frame <= frame) ++index;
    frames[static_cast<std::size_t>(frame)] = state_after(keyframes, index, frame);
  }
  return frames;
}

double track_iou(const FrameBoxes& a, const FrameBoxes& b) {
  const std::size_t n = std::max(a.size(), b.size());
  double sum = 0;
  std::size_t frames = 0;
  for (std::size_t f = 0; f < n; ++f) {
    const bool in_a = f < a.size() && a[f], in_b = f < b.size() && b[f];
    if (!in_a && !in_b) continue;
    ++frames;
    if (in_a && in_b) sum += iou(a[f]->box, b[f]->box);
  }
  return frames > 0 ? sum / static_cast<double>(frames) : 0.0;
}

TrackFusion fuse_tracks(const std::vector<TrackSubmission>& submissions, int num_frames,
                                    const TrackFusionOptions& options) {
  // Interpolate every track once.
  std::vector<std::vector<FrameBoxes>> frames(submissions.size());
  std::vector<std::size_t> counts(submissions.size());
  std::vector<double> weights(submissions.size());
  double total_weight = 0;
  for (std::size_t s = 0; s < submissions.size(); ++s) {
    for (const Track& track : submissions[s].tracks) {
      validate_track(track, num_frames);
      frames[s].push_back(interpolate(track, num_frames));
    }
    counts[s] = submissions[s].tracks.size();
    weights[s] = std::max(submissions[s].weight, kMinFusionWeight);
    total_weight += weights[s];
  }
  auto clusters = cluster_across_submissions(
      counts, weights,
      [&](ObjectRef a, ObjectRef b) {
        if (submissions[a.submission].tracks[a.object].label != submissions[b.submission].tracks[b.object].label)
          return 0.0;
        return track_iou(frames[a.submission][a.object], frames[b.submission][b.object]);
      },
      options.min_iou);

  struct Candidate {
    FusedTrack track;
    int first_visible;
    std::size_t order;
  };
  std::vector<Candidate> kept;
  std::vector<ObjectAgreement> agreement(submissions.size());
  for (std::size_t s = 0; s < submissions.size(); ++s) agreement[s].objects = counts[s];
  for (std::size_t c = 0; c < clusters.size(); ++c) {
    const auto& cluster = clusters[c];
    if (static_cast<int>(cluster.size()) < options.quorum) continue;
    double cluster_weight = 0;
    std::set<int> keyframe_frames;
    for (const ObjectRef& m : cluster) {
      cluster_weight += weights[m.submission];
      for (const Keyframe& k : submissions[m.submission].tracks[m.object].keyframes) {
        keyframe_frames.insert(k.frame);
        if (k.frame > 0) keyframe_frames.insert(k.frame - 1);
      }
    }
    FusedTrack fused;
    fused.label = submissions[cluster.front().submission].tracks[cluster.front().object].label;
    fused.confidence = total_weight > 0 ? cluster_weight / total_weight : 0.0;
    fused.frames.resize(static_cast<std::size_t>(std::max(num_frames, 0)));
    int first_visible = -1;
    for (int f = 0; f < num_frames; ++f) {
      double visible_weight = 0, occluded_weight = 0;
      Box sum;
      for (const ObjectRef& m : cluster) {
        const auto& state = frames[m.submission][m.object][static_cast<std::size_t>(f)];
        if (!state) continue;
        const double w = weights[m.submission];
        visible_weight += w;
        if (state->occluded) occluded_weight += w;
        sum.x += w * state->box.x;
        sum.y += w * state->box.y;
        sum.w += w * state->box.w;
        sum.h += w * state->box.h;
      }
      if (visible_weight <= 0 || visible_weight < options.min_visible_share * cluster_weight) continue;
      const Box box{sum.x / visible_weight, sum.y / visible_weight, sum.w / visible_weight, sum.h / visible_weight};
      fused.frames[static_cast<std::size_t>(f)] = FrameBox{box, occluded_weight > 0.5 * visible_weight};
      if (first_visible < 0) first_visible = f;
    }
    if (first_visible < 0) continue;
    // Keyframes at the candidate frames reproduce the per-frame states (see
    // the header): visible -> a keyframe with the fused box; invisible after
    // a visible keyframe -> one outside keyframe (its coordinates are the
    // previous box: no frame lies between the two, see the header).
    for (int f : keyframe_frames) {
      if (f >= num_frames) continue;
      const auto& state = fused.frames[static_cast<std::size_t>(f)];
      if (state) {
        fused.keyframes.push_back({f, state->box, false, state->occluded});
      } else if (!fused.keyframes.empty() && !fused.keyframes.back().outside) {
        fused.keyframes.push_back({f, fused.keyframes.back().box, true, false});
      }
    }
    double iou_sum = 0;
    for (const ObjectRef& m : cluster) {
      ++agreement[m.submission].in_kept;
      fused.members.push_back({m.submission, submissions[m.submission].tracks[m.object].id});
      iou_sum += track_iou(frames[m.submission][m.object], fused.frames);
    }
    fused.mean_iou = iou_sum / static_cast<double>(cluster.size());
    kept.push_back({std::move(fused), first_visible, c});
  }
  std::stable_sort(kept.begin(), kept.end(),
                   [](const Candidate& a, const Candidate& b) { return a.first_visible < b.first_visible; });
  TrackFusion result;
  for (std::size_t i = 0; i < kept.size(); ++i) {
    kept[i].track.id = "track-" + std::to_string(i + 1);
    result.tracks.push_back(std::move(kept[i].track));
  }
  for (auto& a : agreement) a.kept = result.tracks.size();
  result.agreement = std::move(agreement);
  return result;
}

}  // namespace fairlabel::quality
