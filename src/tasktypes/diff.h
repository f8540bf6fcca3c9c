#pragma once
//! What a reviewer changed when accepting with corrections.
//!
//! diff_payloads(type, original, corrected) compares two valid payloads of
//! one task and returns a JSON summary, kept with the verdict and shown to
//! the worker:
//!
//!   { "changed": bool,
//!     "fields": [top-level payload members that differ, sorted],
//!     // then, per type, only when that part changed:
//!     "label":  { "from": str, "to": str },                        // classification
//!     "tags":   { "added": [str], "removed": [str] },              // image_tags
//!     "boxes":  { "added": [id], "removed": [id],                  // image_bbox
//!                 "changed": [ { "id", "fields": ["label","x",…] } ] },
//!     "tracks": { "added": [id], "removed": [id],                  // video_track
//!                 "changed": [ { "id", "fields": ["label"]?,
//!                                "keyframes": { "added": [frame], "removed": [frame],
//!                                               "changed": [frame] } } ] },
//!     "scores": { "changed": [ { "id", "from", "to" } ] },         // text_edit
//!     "ranking": { "from": [id], "to": [id] } }                    // text_rank
//!
//! Boxes and tracks are matched by id, keyframes by frame; numbers compare
//! by value (3 equals 3.0). Lists are in the order of the corrected payload
//! (added, changed) or of the original (removed). A `response` or `reason`
//! change shows only in "fields" (the texts themselves are both stored).
//! Pure; throws Error{invalid_input, "unknown_task_type"} for an unknown type.
//! Given payloads that are not valid it still answers (never throws), but
//! the summary then only describes what it could match.

#include <string_view>

#include <nlohmann/json.hpp>

namespace fairlabel::tasktypes {

nlohmann::json diff_payloads(std::string_view task_type, const nlohmann::json& original,
                             const nlohmann::json& corrected);

}  // namespace fairlabel::tasktypes
