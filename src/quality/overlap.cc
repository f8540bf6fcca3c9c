#include "quality/overlap.h"

#include <algorithm>

#include "core/error.h"

namespace fairlabel::quality {

std::string_view to_string(OverlapDecision decision) {
  switch (decision) {
    case OverlapDecision::need_more: return "need_more";
    case OverlapDecision::confident: return "confident";
    case OverlapDecision::max_overlap_reached: return "max_overlap_reached";
  }
  return "?";
}

void validate(const OverlapPolicy& policy) {
  Validation validation;
  if (!(policy.confidence_threshold > 0 && policy.confidence_threshold <= 1))
    validation.fail("/confidence_threshold", "must be in (0, 1]");
  if (policy.min_overlap < 1) validation.fail("/min_overlap", "must be at least 1");
  if (policy.max_overlap < policy.min_overlap) validation.fail("/max_overlap", "must be at least min_overlap");
  validation.throw_if_failed("the overlap policy");
}

OverlapDecision decide_overlap(std::span<const double> posterior, int answers, const OverlapPolicy& policy) {
  validate(policy);
  if (answers < policy.min_overlap || posterior.empty()) return OverlapDecision::need_more;
  double confidence = *std::max_element(posterior.begin(), posterior.end());
  if (confidence >= policy.confidence_threshold) return OverlapDecision::confident;
  if (answers >= policy.max_overlap) return OverlapDecision::max_overlap_reached;
  return OverlapDecision::need_more;
}

}  // namespace fairlabel::quality
