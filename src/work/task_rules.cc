// Interim rules until src/tasktypes/ lands: the documents' outer shape.
#include "work/task_rules.h"

#include "core/error.h"

namespace fairlabel::work {
namespace {

void require_object(const nlohmann::json& value, const std::string& what) {
  if (!value.is_object())
    throw Error::invalid("validation_failed", what + " must be a JSON object", {{"", "must be an object"}});
}

}  // namespace

void validate_label_schema(std::string_view, const nlohmann::json& label_schema) {
  require_object(label_schema, "the label schema");
}

void validate_task_input(std::string_view, const nlohmann::json&, const nlohmann::json& input) {
  require_object(input, "a task input");
}

void validate_submission(std::string_view, const nlohmann::json&, const nlohmann::json&,
                         const nlohmann::json& payload) {
  require_object(payload, "a submission");
}

void validate_evidence(const nlohmann::json& evidence) {
  if (!evidence.is_array())
    throw Error::invalid("validation_failed", "evidence must be an array", {{"/evidence", "must be an array"}});
}

nlohmann::json correction_diff(std::string_view, const nlohmann::json& original, const nlohmann::json& corrected) {
  return nlohmann::json::diff(original, corrected);
}

}  // namespace fairlabel::work
