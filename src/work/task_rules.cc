#include "work/task_rules.h"

#include "tasktypes/diff.h"
#include "tasktypes/validate.h"

namespace fairlabel::work {

void validate_label_schema(std::string_view task_type, const nlohmann::json& label_schema, const std::string& at) {
  tasktypes::validate_label_schema(task_type, label_schema, at);
}

void validate_task_input(std::string_view task_type, const nlohmann::json&, const nlohmann::json& input,
                         const std::string& at) {
  tasktypes::validate_task_input(task_type, input, at);
}

void validate_submission(std::string_view task_type, const nlohmann::json& label_schema, const nlohmann::json& input,
                         const nlohmann::json& payload, const std::string& at) {
  tasktypes::validate_submission(task_type, label_schema, input, payload, at);
}

void validate_evidence(std::string_view task_type, const nlohmann::json& input, const nlohmann::json& payload,
                       const nlohmann::json& evidence, const std::string& at) {
  tasktypes::validate_evidence(task_type, input, payload, evidence, at);
}

nlohmann::json correction_diff(std::string_view task_type, const nlohmann::json& original,
                               const nlohmann::json& corrected) {
  return tasktypes::diff_payloads(task_type, original, corrected);
}

}  // namespace fairlabel::work
