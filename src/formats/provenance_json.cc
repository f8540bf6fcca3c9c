#include "formats/provenance_json.h"

#include <fmt/format.h>

#include "core/error.h"
#include "formats/json_text.h"

namespace fairlabel::formats {

using nlohmann::json;

void append_provenance(std::string& out, const Provenance& provenance) {
  fmt::format_to(std::back_inserter(out), "{{\"answers\":{}", provenance.answers);
  if (provenance.confidence) {
    out += ",\"confidence\":";
    append_number(out, *provenance.confidence);
  }
  out += ",\"workers\":[";
  for (std::size_t i = 0; i < provenance.workers.size(); ++i) {
    if (i) out += ',';
    append_json_string(out, provenance.workers[i]);
  }
  out += "],\"agreement\":[";
  for (std::size_t i = 0; i < provenance.agreement.size(); ++i) {
    if (i) out += ',';
    append_number(out, provenance.agreement[i]);
  }
  out += "]}";
}

json provenance_to_json(const Provenance& provenance) {
  std::string text;
  append_provenance(text, provenance);
  return json::parse(text);
}

Provenance provenance_from_json(const json& value) {
  auto bad = [](const std::string& what) { return Error::invalid("invalid_provenance", what); };
  if (!value.is_object()) throw bad("provenance must be an object");
  Provenance p;
  if (!value.contains("answers") || !value["answers"].is_number_integer()) throw bad("answers must be an integer");
  p.answers = value["answers"].get<std::int64_t>();
  if (value.contains("confidence")) {
    if (!value["confidence"].is_number()) throw bad("confidence must be a number");
    p.confidence = value["confidence"].get<double>();
  }
  if (!value.contains("workers") || !value["workers"].is_array()) throw bad("workers must be an array");
  for (const auto& w : value["workers"]) {
    if (!w.is_string()) throw bad("workers must be strings");
    p.workers.push_back(w.get<std::string>());
  }
  if (value.contains("agreement")) {
    if (!value["agreement"].is_array()) throw bad("agreement must be an array");
    for (const auto& a : value["agreement"]) {
      if (!a.is_number()) throw bad("agreement must hold numbers");
      p.agreement.push_back(a.get<double>());
    }
  }
  return p;
}

}  // namespace fairlabel::formats
