#pragma once
//! Reading a JSON request body strictly, reporting every bad field at once.
//!
//!   JsonBody body = JsonBody::parse(request);      // 400 malformed_json, 415
//!   auto name  = body.string("name", Required::yes, 200);
//!   auto limit = body.integer("limit", Required::no);
//!   body.finish();  // 422 validation_failed listing every bad field, and
//!                   // any field the endpoint does not take ("unknown field")
//!
//! Accessors return nullopt for a missing or wrongly typed field and record
//! why; callers check nothing until finish(), which throws if anything failed.
//! Unknown fields are refused so that a typo ("diplay_name") is not silently
//! ignored.

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "http/message.h"

namespace fairlabel::api {

enum class Required { yes, no };

class JsonBody {
 public:
  //! Parses the body as a JSON object. An empty body counts as {} only when
  //! `empty_ok`. Throws Error{malformed} (also for a number beyond a
  //! double's range) / Error{unsupported_media_type}.
  static JsonBody parse(const http::Request& request, bool empty_ok = false);

  std::optional<std::string> string(const std::string& field, Required required, std::size_t max_length = 10'000);
  std::optional<std::int64_t> integer(const std::string& field, Required required);
  std::optional<std::vector<std::string>> string_array(const std::string& field, Required required);
  //! For PATCH: distinguishes absent (nullopt), explicit null (inner nullopt)
  //! and a value.
  std::optional<std::optional<std::string>> nullable_string(const std::string& field, std::size_t max_length = 10'000);
  //! A JSON value of any kind, serialised back to text (documents such as a
  //! payout method).
  std::optional<std::optional<std::string>> nullable_object(const std::string& field);

  std::optional<bool> boolean(const std::string& field, Required required);
  //! Any JSON value (a document the domain validates itself, such as a
  //! submission payload); null counts as absent.
  std::optional<nlohmann::json> value(const std::string& field, Required required);
  //! The whole body, for endpoints whose body is one domain document.
  const nlohmann::json& document() const { return value_; }

  //! Throws Error{invalid_input, "validation_failed"} if any field failed or
  //! the body has fields no accessor asked for.
  void finish();
  Validation& validation() { return validation_; }

 private:
  explicit JsonBody(nlohmann::json value) : value_(std::move(value)) {}
  const nlohmann::json* lookup(const std::string& field, Required required);

  nlohmann::json value_;
  std::set<std::string> known_;
  Validation validation_;
};

}  // namespace fairlabel::api
