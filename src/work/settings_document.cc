#include "work/settings_document.h"

#include <regex>
#include <set>

#include "core/error.h"

namespace fairlabel::work {
namespace {

using nlohmann::json;

//! Reads fields of one JSON object, recording every problem under `base`.
class Fields {
 public:
  Fields(const json& object, std::string base, Validation& v) : object_(object), base_(std::move(base)), v_(v) {}

  const json* get(const std::string& name, bool required) {
    seen_.insert(name);
    auto it = object_.find(name);
    if (it == object_.end() || it->is_null()) {
      if (required) v_.fail(base_ + "/" + name, "is required");
      return nullptr;
    }
    return &*it;
  }

  template <typename Int>
  void integer(const std::string& name, bool required, Int& out, std::int64_t min, std::int64_t max) {
    const json* value = get(name, required);
    if (!value) return;
    if (!value->is_number_integer()) {
      v_.fail(base_ + "/" + name, "must be an integer");
      return;
    }
    auto n = value->get<std::int64_t>();
    if (n < min || n > max) {
      v_.fail(base_ + "/" + name, "must be between " + std::to_string(min) + " and " + std::to_string(max));
      return;
    }
    out = static_cast<Int>(n);
  }

  void boolean(const std::string& name, bool& out) {
    const json* value = get(name, false);
    if (!value) return;
    if (!value->is_boolean()) {
      v_.fail(base_ + "/" + name, "must be true or false");
      return;
    }
    out = value->get<bool>();
  }

  void string(const std::string& name, bool required, std::string& out, const std::regex& pattern,
              const std::string& rule) {
    const json* value = get(name, required);
    if (!value) return;
    if (!value->is_string() || !std::regex_match(value->get<std::string>(), pattern)) {
      v_.fail(base_ + "/" + name, rule);
      return;
    }
    out = value->get<std::string>();
  }

  void codes(const std::string& name, std::vector<std::string>& out, const std::regex& pattern,
             const std::string& rule) {
    const json* value = get(name, false);
    if (!value) return;
    if (!value->is_array() || value->size() > 300) {
      v_.fail(base_ + "/" + name, "must be an array of at most 300 codes");
      return;
    }
    std::set<std::string> unique;
    for (std::size_t i = 0; i < value->size(); ++i) {
      const json& item = (*value)[i];
      if (!item.is_string() || !std::regex_match(item.get<std::string>(), pattern)) {
        v_.fail(base_ + "/" + name + "/" + std::to_string(i), rule);
      } else if (!unique.insert(item.get<std::string>()).second) {
        v_.fail(base_ + "/" + name + "/" + std::to_string(i), "is listed twice");
      } else {
        out.push_back(item.get<std::string>());
      }
    }
  }

  void finish() {
    for (const auto& [key, value] : object_.items()) {
      if (!seen_.count(key)) v_.fail(base_ + "/" + key, "is not a field of this document");
    }
  }

 private:
  const json& object_;
  std::string base_;
  Validation& v_;
  std::set<std::string> seen_;
};

const std::regex kCountry("^[A-Z]{2}$");
const std::regex kRegion("^[A-Z]{2}-[A-Z0-9]{1,3}$");
const std::regex kCurrency("^[A-Z]{3}$");
const std::regex kQualification("^[a-z0-9][a-z0-9_.-]{0,63}$");
const std::regex kName("^.{1,100}$");

json stage_to_json(const ReviewStage& stage) {
  return {{"name", stage.name},
          {"deadline_seconds", stage.deadline_seconds},
          {"countries", stage.countries},
          {"org_staff_only", stage.org_staff_only}};
}

}  // namespace

json settings_to_json(const WorkSettings& s) {
  json stages = json::array();
  for (const auto& stage : s.review_stages) stages.push_back(stage_to_json(stage));
  json out = {{"label_schema", s.label_schema},
              {"piece_rate_minor", s.piece_rate_minor},
              {"currency", s.currency},
              {"time_estimate_seconds", s.time_estimate_seconds},
              {"overlap", s.overlap},
              {"max_overlap", s.max_overlap},
              {"confidence_percent", s.confidence_percent},
              {"review_stages", stages},
              {"gold_share_percent", s.gold_share_percent},
              {"eligibility",
               {{"countries", s.eligibility.countries},
                {"regions", s.eligibility.regions},
                {"qualifications", s.eligibility.qualifications}}},
              {"lease_seconds", s.lease_seconds},
              {"training", nullptr}};
  if (s.training) out["training"] = {{"pass_percent", s.training->pass_percent}, {"grants", s.training->grants}};
  return out;
}

WorkSettings settings_from_json(const json& document) {
  Validation v;
  WorkSettings s;
  if (!document.is_object()) {
    v.fail("", "must be a JSON object of work settings");
    v.throw_if_failed("the work settings");
  }
  Fields f(document, "", v);
  if (const json* schema = f.get("label_schema", true)) {
    if (!schema->is_object()) {
      v.fail("/label_schema", "must be an object (see docs/task-types.md)");
    } else {
      s.label_schema = *schema;
    }
  }
  f.integer("piece_rate_minor", true, s.piece_rate_minor, 0, 100'000'000);
  f.string("currency", true, s.currency, kCurrency, "must be an ISO 4217 code such as \"USD\"");
  f.integer("time_estimate_seconds", false, s.time_estimate_seconds, 1, 7 * 24 * 3600);
  f.integer("overlap", false, s.overlap, 1, 50);
  s.max_overlap = s.overlap;
  f.integer("max_overlap", false, s.max_overlap, 1, 50);
  if (s.max_overlap < s.overlap) v.fail("/max_overlap", "must be at least the overlap");
  f.integer("confidence_percent", false, s.confidence_percent, 50, 100);
  if (const json* stages = f.get("review_stages", false)) {
    if (!stages->is_array() || stages->size() > 5) {
      v.fail("/review_stages", "must be an array of at most 5 stages");
    } else {
      for (std::size_t i = 0; i < stages->size(); ++i) {
        std::string base = "/review_stages/" + std::to_string(i);
        if (!(*stages)[i].is_object()) {
          v.fail(base, "must be an object");
          continue;
        }
        ReviewStage stage;
        Fields sf((*stages)[i], base, v);
        sf.string("name", true, stage.name, kName, "must be 1 to 100 characters");
        sf.integer("deadline_seconds", true, stage.deadline_seconds, 60, 30 * 24 * 3600);
        sf.codes("countries", stage.countries, kCountry, "must be an ISO 3166-1 alpha-2 code such as \"PH\"");
        sf.boolean("org_staff_only", stage.org_staff_only);
        sf.finish();
        s.review_stages.push_back(std::move(stage));
      }
    }
  }
  f.integer("gold_share_percent", false, s.gold_share_percent, 0, 50);
  if (const json* eligibility = f.get("eligibility", false)) {
    if (!eligibility->is_object()) {
      v.fail("/eligibility", "must be an object");
    } else {
      Fields ef(*eligibility, "/eligibility", v);
      ef.codes("countries", s.eligibility.countries, kCountry, "must be an ISO 3166-1 alpha-2 code such as \"PH\"");
      ef.codes("regions", s.eligibility.regions, kRegion, "must be an ISO 3166-2 code such as \"PH-00\"");
      ef.codes("qualifications", s.eligibility.qualifications, kQualification,
               "must be a qualification name (lowercase letters, digits, '-', '_', '.')");
      ef.finish();
    }
  }
  f.integer("lease_seconds", false, s.lease_seconds, 60, 24 * 3600);
  if (const json* training = f.get("training", false)) {
    if (!training->is_object()) {
      v.fail("/training", "must be an object or null");
    } else {
      Training t;
      Fields tf(*training, "/training", v);
      tf.integer("pass_percent", false, t.pass_percent, 1, 100);
      tf.string("grants", true, t.grants, kQualification, "must be a qualification name");
      tf.finish();
      s.training = t;
    }
  }
  f.finish();
  v.throw_if_failed("the work settings");
  return s;
}

}  // namespace fairlabel::work
