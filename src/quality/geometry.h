#pragma once
//! Axis-aligned boxes and the one-to-one matching that box fusion, track
//! fusion and gold scoring share.
//!
//! Coordinates follow docs/task-types.md: pixels, origin top-left, a box is
//! x, y (top-left corner), w, h (> 0 for a valid box).

#include <cstddef>
#include <functional>
#include <utility>
#include <vector>

namespace fairlabel::quality {

struct Box {
  double x = 0, y = 0, w = 0, h = 0;
  double area() const { return w > 0 && h > 0 ? w * h : 0.0; }
  friend bool operator==(const Box&, const Box&) = default;
};

//! Intersection over union, in [0, 1]; 0 when either box has no area.
double iou(const Box& a, const Box& b);

//! One matched pair: index into the left list, index into the right list,
//! and their similarity.
struct Match {
  std::size_t left = 0, right = 0;
  double similarity = 0;
};

//! Greedy one-to-one matching: among all pairs whose similarity is at least
//! `threshold` (and > 0), repeatedly takes the most similar pair whose two
//! sides are still free. Ties go to the smaller left index, then the
//! smaller right index, so the result is deterministic. Greedy rather than
//! optimal (Hungarian): with a threshold of 0.5 IoU a box can overlap two
//! others that much only in contrived layouts, where the two differ little.
//! Returned in the order taken (most similar first). O(n m log(n m)).
std::vector<Match> greedy_match(std::size_t left_count, std::size_t right_count,
                                const std::function<double(std::size_t left, std::size_t right)>& similarity,
                                double threshold);

//! An object of one submission: submission index, object index within it.
struct ObjectRef {
  std::size_t submission = 0, object = 0;
  friend bool operator==(const ObjectRef&, const ObjectRef&) = default;
};

//! Groups the objects (boxes, tracks) of several workers' submissions to
//! one task into clusters believed to be the same real object, at most one
//! object per submission in each cluster (CVAT-style consensus matching).
//!
//! Submissions are visited by descending weight (worker skill), ties by
//! index, so the most trusted worker's objects seed the first clusters. Each
//! submission's objects are matched one-to-one (greedy_match) to the
//! clusters built so far, the similarity of an object to a cluster being its
//! mean similarity to the cluster's members; a pair needs at least
//! `threshold`. Unmatched objects start new clusters, in object order.
//! Clusters come back in creation order, members in the order added.
//! `similarity` must be symmetric, in [0, 1], and 0 for objects that must
//! never be merged (different labels). Deterministic.
std::vector<std::vector<ObjectRef>> cluster_across_submissions(
    const std::vector<std::size_t>& object_counts, const std::vector<double>& weights,
    const std::function<double(ObjectRef, ObjectRef)>& similarity, double threshold);

//! Per submission: how its objects fared in a fusion (a basis for a skill
//! estimate without gold: precision = in_kept / objects, recall = in_kept /
//! kept).
struct ObjectAgreement {
  std::size_t objects = 0;  //!< objects (boxes, tracks) the worker drew
  std::size_t in_kept = 0;  //!< of which part of a kept (fused) object
  std::size_t kept = 0;     //!< fused objects kept for the task
};

//! Weights used for fusion: each raised to at least kMinFusionWeight, so
//! that every member counts a little and a zero skill cannot zero a sum.
inline constexpr double kMinFusionWeight = 1e-3;

}  // namespace fairlabel::quality
