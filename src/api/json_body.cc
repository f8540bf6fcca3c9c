#include "api/json_body.h"

namespace fairlabel::api {
namespace {

std::string pointer(const std::string& field) { return "/" + field; }

}  // namespace

JsonBody JsonBody::parse(const http::Request& request, bool empty_ok) {
  if (auto type = request.header("content-type")) {
    // Accept "application/json" with parameters (charset) and +json types.
    std::string media = type->substr(0, type->find(';'));
    while (!media.empty() && media.back() == ' ') media.pop_back();
    if (media != "application/json" && (media.size() < 5 || media.substr(media.size() - 5) != "+json")) {
      throw Error(ErrorKind::unsupported_media_type, "unsupported_media_type",
                  "this endpoint takes application/json, not " + media);
    }
  }
  if (request.body.empty()) {
    if (empty_ok) return JsonBody(nlohmann::json::object());
    throw Error::malformed("malformed_json", "the request body is empty; this endpoint takes a JSON object");
  }
  nlohmann::json value;
  try {
    value = nlohmann::json::parse(request.body);
  } catch (const nlohmann::json::parse_error& e) {
    throw Error::malformed("malformed_json", "the request body is not valid JSON: syntax error at byte " +
                                                 std::to_string(e.byte));
  } catch (const nlohmann::json::out_of_range&) {
    // A number beyond a double's range ("1e400"): valid JSON syntax that json cannot hold.
    throw Error::malformed("malformed_json", "the request body has a number too large to represent");
  }
  if (!value.is_object()) {
    throw Error::malformed("malformed_json", "the request body must be a JSON object, not " +
                                                 std::string(value.type_name()));
  }
  return JsonBody(std::move(value));
}

const nlohmann::json* JsonBody::lookup(const std::string& field, Required required) {
  known_.insert(field);
  auto it = value_.find(field);
  if (it == value_.end()) {
    if (required == Required::yes) validation_.fail(pointer(field), "is required");
    return nullptr;
  }
  return &*it;
}

std::optional<bool> JsonBody::boolean(const std::string& field, Required required) {
  const auto* v = lookup(field, required);
  if (!v) return std::nullopt;
  if (v->is_null() && required == Required::no) return std::nullopt;
  if (!v->is_boolean()) {
    validation_.fail(pointer(field), std::string("must be true or false, not ") + v->type_name());
    return std::nullopt;
  }
  return v->get<bool>();
}

std::optional<nlohmann::json> JsonBody::value(const std::string& field, Required required) {
  const auto* v = lookup(field, required);
  if (!v || v->is_null()) {
    if (v && required == Required::yes) validation_.fail(pointer(field), "is required");
    return std::nullopt;
  }
  return *v;
}

std::optional<std::string> JsonBody::string(const std::string& field, Required required, std::size_t max_length) {
  const auto* v = lookup(field, required);
  if (!v) return std::nullopt;
  if (v->is_null() && required == Required::no) return std::nullopt;
  if (!v->is_string()) {
    validation_.fail(pointer(field), std::string("must be a string, not ") + v->type_name());
    return std::nullopt;
  }
  auto s = v->get<std::string>();
  if (s.size() > max_length) {
    validation_.fail(pointer(field), "must be at most " + std::to_string(max_length) + " bytes");
    return std::nullopt;
  }
  return s;
}

std::optional<std::int64_t> JsonBody::integer(const std::string& field, Required required) {
  const auto* v = lookup(field, required);
  if (!v) return std::nullopt;
  if (v->is_null() && required == Required::no) return std::nullopt;
  if (!v->is_number_integer()) {
    validation_.fail(pointer(field), std::string("must be an integer, not ") + v->type_name());
    return std::nullopt;
  }
  if (v->is_number_unsigned() && v->get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX)) {
    validation_.fail(pointer(field), "is too large");
    return std::nullopt;
  }
  return v->get<std::int64_t>();
}

std::optional<std::vector<std::string>> JsonBody::string_array(const std::string& field, Required required) {
  const auto* v = lookup(field, required);
  if (!v) return std::nullopt;
  if (!v->is_array()) {
    validation_.fail(pointer(field), std::string("must be an array of strings, not ") + v->type_name());
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (std::size_t i = 0; i < v->size(); ++i) {
    if (!(*v)[i].is_string()) {
      validation_.fail(pointer(field) + "/" + std::to_string(i), "must be a string");
      return std::nullopt;
    }
    out.push_back((*v)[i].get<std::string>());
  }
  return out;
}

std::optional<std::optional<std::string>> JsonBody::nullable_string(const std::string& field,
                                                                    std::size_t max_length) {
  const auto* v = lookup(field, Required::no);
  if (!v) return std::nullopt;
  if (v->is_null()) return std::optional<std::string>();
  auto s = string(field, Required::no, max_length);
  if (!s) return std::nullopt;
  return std::optional<std::string>(*s);
}

std::optional<std::optional<std::string>> JsonBody::nullable_object(const std::string& field) {
  const auto* v = lookup(field, Required::no);
  if (!v) return std::nullopt;
  if (v->is_null()) return std::optional<std::string>();
  if (!v->is_object()) {
    validation_.fail(pointer(field), std::string("must be an object or null, not ") + v->type_name());
    return std::nullopt;
  }
  return std::optional<std::string>(v->dump());
}

void JsonBody::finish() {
  for (auto it = value_.begin(); it != value_.end(); ++it) {
    if (!known_.count(it.key())) validation_.fail(pointer(it.key()), "is not a field this endpoint takes");
  }
  validation_.throw_if_failed();
}

}  // namespace fairlabel::api
