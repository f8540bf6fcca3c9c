#include "quality/geometry.h"

#include <algorithm>

namespace fairlabel::quality {

double iou(const Box& a, const Box& b) {
  const double area_a = a.area(), area_b = b.area();
  if (area_a <= 0 || area_b <= 0) return 0.0;
  const double width = std::min(a.x + a.w, b.x + b.w) - std::max(a.x, b.x);
  const double height = std::min(a.y + a.h, b.y + b.h) - std::max(a.y, b.y);
  if (width <= 0 || height <= 0) return 0.0;
  const double intersection = width * height;
  return intersection / (area_a + area_b - intersection);
}

std::vector<Match> greedy_match(std::size_t left_count, std::size_t right_count,
                                const std::function<double(std::size_t, std::size_t)>& similarity, double threshold) {
  std::vector<Match> candidates;
  for (std::size_t l = 0; l < left_count; ++l)
    for (std::size_t r = 0; r < right_count; ++r) {
      double s = similarity(l, r);
      if (s > 0 && s >= threshold) candidates.push_back({l, r, s});
    }
  std::sort(candidates.begin(), candidates.end(), [](const Match& a, const Match& b) {
    if (a.similarity != b.similarity) return a.similarity > b.similarity;
    if (a.left != b.left) return a.left < b.left;
    return a.right < b.right;
  });
  std::vector<char> left_used(left_count, 0), right_used(right_count, 0);
  std::vector<Match> matches;
  for (const Match& m : candidates) {
    if (left_used[m.left] || right_used[m.right]) continue;
    left_used[m.left] = right_used[m.right] = 1;
    matches.push_back(m);
  }
  return matches;
}

std::vector<std::vector<ObjectRef>> cluster_across_submissions(
    const std::vector<std::size_t>& object_counts, const std::vector<double>& weights,
    const std::function<double(ObjectRef, ObjectRef)>& similarity, double threshold) {
  std::vector<std::size_t> order(object_counts.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const double wa = a < weights.size() ? weights[a] : 0.0, wb = b < weights.size() ? weights[b] : 0.0;
    return wa > wb;
  });
  std::vector<std::vector<ObjectRef>> clusters;
  for (std::size_t submission : order) {
    const std::size_t existing = clusters.size();
    auto matches = greedy_match(
        object_counts[submission], existing,
        [&](std::size_t object, std::size_t cluster) {
          double sum = 0;
          for (const ObjectRef& member : clusters[cluster]) sum += similarity({submission, object}, member);
          return sum / static_cast<double>(clusters[cluster].size());
        },
        threshold);
    std::vector<char> matched(object_counts[submission], 0);
    for (const Match& m : matches) {
      clusters[m.right].push_back({submission, m.left});
      matched[m.left] = 1;
    }
    for (std::size_t object = 0; object < object_counts[submission]; ++object)
      if (!matched[object]) clusters.push_back({{submission, object}});
  }
  return clusters;
}

}  // namespace fairlabel::quality
