#include "quality/boxes.h"

#include <algorithm>
#include <cmath>

namespace fairlabel::quality {

int quorum_for_share(double share, std::size_t replicas) {
  const double needed = std::ceil(share * static_cast<double>(replicas) - 1e-9);
  return std::max(1, static_cast<int>(needed));
}

BoxFusion fuse_boxes(const std::vector<BoxSubmission>& submissions, const BoxFusionOptions& options) {
  std::vector<std::size_t> counts(submissions.size());
  std::vector<double> weights(submissions.size());
  double total_weight = 0;
  for (std::size_t s = 0; s < submissions.size(); ++s) {
    counts[s] = submissions[s].boxes.size();
    weights[s] = std::max(submissions[s].weight, kMinFusionWeight);
    total_weight += weights[s];
  }
  auto box_of = [&](ObjectRef ref) -> const LabeledBox& { return submissions[ref.submission].boxes[ref.object]; };
  auto clusters = cluster_across_submissions(
      counts, weights,
      [&](ObjectRef a, ObjectRef b) {
        const LabeledBox &box_a = box_of(a), &box_b = box_of(b);
        return box_a.label == box_b.label ? iou(box_a.box, box_b.box) : 0.0;
      },
      options.min_iou);

  BoxFusion result;
  result.agreement.resize(submissions.size());
  for (std::size_t s = 0; s < submissions.size(); ++s) result.agreement[s].objects = counts[s];
  for (const auto& cluster : clusters) {
    if (static_cast<int>(cluster.size()) < options.quorum) continue;
    FusedBox fused;
    fused.label = box_of(cluster.front()).label;
    double weight = 0;
    for (const ObjectRef& m : cluster) {
      const double w = weights[m.submission];
      const Box& b = box_of(m).box;
      weight += w;
      fused.box.x += w * b.x;
      fused.box.y += w * b.y;
      fused.box.w += w * b.w;
      fused.box.h += w * b.h;
      fused.members.push_back({m.submission, box_of(m).id});
      ++result.agreement[m.submission].in_kept;
    }
    fused.box = {fused.box.x / weight, fused.box.y / weight, fused.box.w / weight, fused.box.h / weight};
    fused.confidence = weight / total_weight;
    double iou_sum = 0;
    for (const ObjectRef& m : cluster) iou_sum += iou(box_of(m).box, fused.box);
    fused.mean_iou = iou_sum / static_cast<double>(cluster.size());
    result.boxes.push_back(std::move(fused));
  }
  std::stable_sort(result.boxes.begin(), result.boxes.end(),
                   [](const FusedBox& a, const FusedBox& b) { return a.confidence > b.confidence; });
  for (auto& agreement : result.agreement) agreement.kept = result.boxes.size();
  return result;
}

}  // namespace fairlabel::quality
