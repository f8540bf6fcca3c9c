#pragma once
//! Dynamic overlap: after each submission, does a task need another worker?
//!
//! The dispatcher calls decide_overlap() with the task's current posterior
//! (from any aggregator: Aggregation::distribution(task)) and the number of
//! answers it has. Rule, in this order:
//!  1. fewer than min_overlap answers            -> need_more
//!  2. confidence (largest posterior) >= threshold -> confident (done)
//!  3. answers >= max_overlap                     -> max_overlap_reached (done,
//!     with low confidence: worth flagging for review)
//!  4. otherwise                                  -> need_more
//! Example: threshold 0.7, max 5; three answers split 2-1 give a majority-
//! vote confidence of 0.667, so the task gets a 4th worker.

#include <span>
#include <string_view>

namespace fairlabel::quality {

struct OverlapPolicy {
  double confidence_threshold = 0.8;  //!< in (0, 1]
  int min_overlap = 1;                //!< >= 1
  int max_overlap = 5;                //!< >= min_overlap
};

enum class OverlapDecision { need_more, confident, max_overlap_reached };

std::string_view to_string(OverlapDecision decision);

//! Throws fairlabel::Error (invalid_input) if the policy is out of range.
void validate(const OverlapPolicy& policy);

//! See the rule above. `posterior` may be empty (no answers yet: need more
//! unless max_overlap is 0 — which validate() refuses).
OverlapDecision decide_overlap(std::span<const double> posterior, int answers, const OverlapPolicy& policy);

inline bool needs_another_worker(std::span<const double> posterior, int answers, const OverlapPolicy& policy) {
  return decide_overlap(posterior, answers, policy) == OverlapDecision::need_more;
}

}  // namespace fairlabel::quality
