#pragma once
//! Video tracks: keyframe interpolation (the contract of docs/task-types.md,
//! shared by the server's validators and players) and track fusion across
//! workers.
//!
//! Interpolation, exactly as docs/task-types.md states it (CVAT's
//! convention), for a track whose keyframes are strictly increasing in
//! `frame` within [0, num_frames):
//!  - before the first keyframe there is no box;
//!  - at a keyframe, its box (none if it is `outside`);
//!  - between keyframes k0 and k1 (k0.frame < f < k1.frame): no box if k0 is
//!    `outside`; otherwise x, y, w, h each a + (b - a) * t with
//!    t = (f - k0.frame) / (k1.frame - k0.frame), a from k0 and b from k1
//!    (k1's coordinates are used even when k1 is `outside`), and `occluded`
//!    is k0's;
//!  - after the last keyframe, its box to the end of the video unless it is
//!    `outside`.
//!
//! Fusion (fuse_tracks): each worker's tracks are interpolated to per-frame
//! boxes; tracks of the same label are matched across workers as whole
//! tracks (cluster_across_submissions, similarity = track_iou), so a fused
//! object keeps one identity for the whole video — identities cannot swap
//! between frames, which per-frame matching would allow. A cluster is kept
//! when at least `quorum` workers contributed to it. Then, per frame, the
//! fused box is the weight-averaged box of the members visible there, if
//! the visible members hold at least `min_visible_share` of the cluster's
//! weight (otherwise the object is not visible in that frame); `occluded`
//! when more than half of the visible weight says so.
//!
//! Fused tracks come back as keyframes that reproduce the per-frame boxes
//! exactly under the interpolation above: members are piecewise linear
//! between their own keyframes, so a keyframe at every member keyframe frame
//! f and at f - 1 (where visible sets can jump) suffices.
//! All functions are pure and thread-compatible.

#include <optional>
#include <string>
#include <vector>

#include "quality/geometry.h"

namespace fairlabel::quality {

struct Keyframe {
  int frame = 0;
  Box box;
  bool outside = false;
  bool occluded = false;
  friend bool operator==(const Keyframe&, const Keyframe&) = default;
};

struct Track {
  std::string id;
  std::string label;
  std::vector<Keyframe> keyframes;
};

//! The state of a track in one frame.
struct FrameBox {
  Box box;
  bool occluded = false;
  friend bool operator==(const FrameBox&, const FrameBox&) = default;
};

//! Per frame: the box, or nullopt where the object is not visible.
using FrameBoxes = std::vector<std::optional<FrameBox>>;

//! Throws fairlabel::Error (invalid_input, code "invalid_track") naming the
//! offending field as a JSON pointer relative to the track
//! ("/keyframes/2/frame", "/keyframes/0/w", "/keyframes") when the track
//! has no keyframe, frames are not strictly increasing or outside
//! [0, num_frames), or a box has w or h <= 0 or a non-finite coordinate.
//! (Whether the box lies inside the frame is the server's check: it knows
//! the video's size.)
void validate_track(const Track& track, int num_frames);

//! The track's state at `frame` (rules above). Requires a valid track.
std::optional<FrameBox> box_at(const Track& track, int frame);

//! box_at for frames 0 .. num_frames - 1, in one pass.
FrameBoxes interpolate(const Track& track, int num_frames);

//! Mean per-frame IoU over the frames where at least one of the two is
//! visible (a frame where only one is visible counts 0); 0 if neither is
//! ever visible. Symmetric, in [0, 1].
double track_iou(const FrameBoxes& a, const FrameBoxes& b);

//! One worker's tracks for a video.
struct TrackSubmission {
  std::string worker;
  double weight = 1.0;  //!< the worker's skill; raised to kMinFusionWeight
  std::vector<Track> tracks;
};

struct TrackFusionOptions {
  double min_iou = 0.5;            //!< least track_iou to match two tracks
  int quorum = 2;                  //!< least number of workers behind a fused track
  double min_visible_share = 0.5;  //!< of the cluster's weight, for a frame to have a box
};

//! A worker's track: which submission, and the track's id there.
struct TrackMember {
  std::size_t submission = 0;
  std::string track_id;
};

struct FusedTrack {
  //! "track-1", "track-2", ...: numbered by first visible frame, then by
  //! cluster creation order; the same input always gives the same ids.
  std::string id;
  std::string label;
  std::vector<Keyframe> keyframes;
  FrameBoxes frames;  //!< the fused state per frame (== interpolate(keyframes))
  std::vector<TrackMember> members;
  //! Members' weight over the weight of all submissions, in (0, 1].
  double confidence = 0;
  //! Mean track_iou between each member and the fused track.
  double mean_iou = 0;
};

struct TrackFusion {
  std::vector<FusedTrack> tracks;
  std::vector<ObjectAgreement> agreement;  //!< one per submission (geometry.h)
};

//! Fuses the workers' tracks of one video of `num_frames` frames. Every
//! track is checked with validate_track first (its error propagates). A
//! fused track with no visible frame is dropped. Cost: O(tracks^2 x
//! num_frames) for the matching, O(tracks x num_frames) for the fusion.
TrackFusion fuse_tracks(const std::vector<TrackSubmission>& submissions, int num_frames,
                                    const TrackFusionOptions& options = {});

}  // namespace fairlabel::quality
