#pragma once
//! The published dispute categories and their deadlines.
//!
//! Each category promises a first human answer and a decision within fixed
//! times from the moment the worker opens the dispute. A missed first answer
//! escalates to the admins; a payment or rejection dispute still undecided
//! at its decision deadline is decided for the worker (the held or rejected
//! amount posts through the ledger); other categories escalate instead.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fairlabel::protection {

struct DisputeCategory {
  std::string name;    //!< "payment", "rejection", "sanction", "other"
  std::string covers;  //!< what a worker files under it
  std::int64_t first_answer_hours = 0;
  std::int64_t decision_hours = 0;
  bool decided_for_worker_when_late = false;
  std::string links;  //!< which record it must name: "hold_id", "assignment_id", "sanction_id" or ""
};

const std::vector<DisputeCategory>& dispute_categories();
//! The category called `name`, if there is one.
std::optional<DisputeCategory> find_dispute_category(std::string_view name);

//! The rule a decision by deadline cites (platform terms, as published).
inline constexpr const char* kDeadlineRule =
    "terms 7.3: a payment or rejection dispute undecided by its deadline is decided for the worker";

}  // namespace fairlabel::protection
