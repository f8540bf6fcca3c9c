#pragma once
//! A project's work settings as the JSON document requesters write:
//!
//!   { "label_schema": {...}, "piece_rate_minor": 150, "currency": "USD",
//!     "time_estimate_seconds": 120, "overlap": 3, "max_overlap": 5,
//!     "review_stages": [ { "name": "QA", "deadline_seconds": 86400,
//!                          "countries": ["PH"], "org_staff_only": false } ],
//!     "gold_share_percent": 10,
//!     "eligibility": { "countries": ["PH"], "regions": [], "qualifications": [] },
//!     "lease_seconds": 1800,
//!     "training": { "pass_percent": 80, "grants": "video-basics" } }
//!
//! Every field but `label_schema`, `piece_rate_minor` and `currency` has the
//! default shown in work_types.h. Unknown fields are refused; every bad field
//! is reported with its JSON pointer.

#include <nlohmann/json.hpp>

#include "work/work_types.h"

namespace fairlabel::work {

nlohmann::json settings_to_json(const WorkSettings& settings);
//! Throws Error{invalid_input, "validation_failed"} listing every bad field.
WorkSettings settings_from_json(const nlohmann::json& document);

}  // namespace fairlabel::work
