#pragma once
//! The task-type rules the pipeline applies at its boundaries, from
//! src/tasktypes/ (docs/task-types.md): a project's label schema, each task
//! input, each submission (and a reviewer's corrected version), the evidence
//! a verdict pins, and the diff kept when a reviewer accepts with
//! corrections. Each throws Error{invalid_input} whose field errors point
//! into the document, prefixed with `at` (e.g. "/payload").

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace fairlabel::work {

void validate_label_schema(std::string_view task_type, const nlohmann::json& label_schema, const std::string& at = "");
void validate_task_input(std::string_view task_type, const nlohmann::json& label_schema, const nlohmann::json& input,
                         const std::string& at = "");
void validate_submission(std::string_view task_type, const nlohmann::json& label_schema, const nlohmann::json& input,
                         const nlohmann::json& payload, const std::string& at = "");
void validate_evidence(std::string_view task_type, const nlohmann::json& input, const nlohmann::json& payload,
                       const nlohmann::json& evidence, const std::string& at = "");
//! What changed between a submission and a reviewer's corrected version.
nlohmann::json correction_diff(std::string_view task_type, const nlohmann::json& original,
                               const nlohmann::json& corrected);

}  // namespace fairlabel::work
