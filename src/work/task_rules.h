#pragma once
//! The task-type rules the pipeline applies at its boundaries: a project's
//! label schema, each imported task input, each submission (and a
//! reviewer's corrected version), the evidence a verdict pins, and the diff
//! kept when a reviewer accepts with corrections. Each throws
//! Error{invalid_input} whose field errors point into the document.
//! The contract is docs/task-types.md.

#include <nlohmann/json.hpp>
#include <string_view>

namespace fairlabel::work {

void validate_label_schema(std::string_view task_type, const nlohmann::json& label_schema);
void validate_task_input(std::string_view task_type, const nlohmann::json& label_schema, const nlohmann::json& input);
void validate_submission(std::string_view task_type, const nlohmann::json& label_schema, const nlohmann::json& input,
                         const nlohmann::json& payload);
void validate_evidence(const nlohmann::json& evidence);
//! What changed between a submission and a reviewer's corrected version.
nlohmann::json correction_diff(std::string_view task_type, const nlohmann::json& original,
                               const nlohmann::json& corrected);

}  // namespace fairlabel::work
