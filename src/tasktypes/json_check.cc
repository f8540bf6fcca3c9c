#include "tasktypes/json_check.h"

#include <cmath>

namespace fairlabel::tasktypes::detail {

std::string pointer_join(const std::string& base, std::string_view token) {
  std::string out = base;
  out += '/';
  for (char c : token) {
    if (c == '~')
      out += "~0";
    else if (c == '/')
      out += "~1";
    else
      out += c;
  }
  return out;
}

std::string pointer_join(const std::string& base, std::size_t index) { return base + "/" + std::to_string(index); }

std::optional<std::size_t> utf8_length(std::string_view text) {
  std::size_t count = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    auto lead = static_cast<unsigned char>(text[i]);
    std::size_t extra;
    std::uint32_t cp;
    if (lead < 0x80) {
      extra = 0, cp = lead;
    } else if ((lead & 0xE0) == 0xC0) {
      extra = 1, cp = lead & 0x1F;
    } else if ((lead & 0xF0) == 0xE0) {
      extra = 2, cp = lead & 0x0F;
    } else if ((lead & 0xF8) == 0xF0) {
      extra = 3, cp = lead & 0x07;
    } else {
      return std::nullopt;
    }
    if (i + extra >= text.size() && extra > 0) return std::nullopt;  // truncated sequence
    for (std::size_t k = 1; k <= extra; ++k) {
      auto c = static_cast<unsigned char>(text[i + k]);
      if ((c & 0xC0) != 0x80) return std::nullopt;
      cp = (cp << 6) | (c & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
    static constexpr std::uint32_t kMinForLength[] = {0, 0x80, 0x800, 0x10000};
    if (cp < kMinForLength[extra] || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) return std::nullopt;
    i += extra + 1;
    ++count;
  }
  return count;
}

const json* member(const json& object, std::string_view key) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

namespace {

std::string type_name(const json& value) {
  switch (value.type()) {
    case json::value_t::null: return "null";
    case json::value_t::boolean: return "a boolean";
    case json::value_t::string: return "a string";
    case json::value_t::array: return "an array";
    case json::value_t::object: return "an object";
    case json::value_t::number_float:
    case json::value_t::number_integer:
    case json::value_t::number_unsigned: return "a number";
    default: return "an unsupported value";
  }
}

bool contains(std::initializer_list<std::string_view> names, std::string_view name) {
  for (auto n : names)
    if (n == name) return true;
  return false;
}

bool is_space_or_control(std::uint32_t c) { return c <= 0x20 || c == 0x7F; }

}  // namespace

bool expect_object(Validation& v, const json& value, const std::string& at,
                   std::initializer_list<std::string_view> required, std::initializer_list<std::string_view> optional) {
  if (!value.is_object()) {
    v.fail(at, "must be an object, not " + type_name(value));
    return false;
  }
  for (auto it = value.begin(); it != value.end(); ++it) {
    if (!contains(required, it.key()) && !contains(optional, it.key()))
      v.fail(pointer_join(at, it.key()), "is not a known field");
  }
  for (auto name : required)
    if (!value.contains(name)) v.fail(pointer_join(at, name), "is required");
  return true;
}

bool expect_present(Validation& v, const json* value, const std::string& at) {
  if (value == nullptr) {
    v.fail(at, "is required");
    return false;
  }
  return true;
}

std::optional<std::string> expect_string(Validation& v, const json* value, const std::string& at, std::size_t min_length,
                                         std::size_t max_length, bool trimmed) {
  if (value == nullptr) return std::nullopt;  // absence is reported by expect_object
  if (!value->is_string()) {
    v.fail(at, "must be a string, not " + type_name(*value));
    return std::nullopt;
  }
  const auto& text = value->get_ref<const std::string&>();
  auto length = utf8_length(text);
  if (!length) {
    v.fail(at, "is not valid UTF-8");
    return std::nullopt;
  }
  if (*length < min_length) {
    v.fail(at, min_length == 1 ? "must not be empty" : "must have at least " + std::to_string(min_length) + " characters");
    return std::nullopt;
  }
  if (*length > max_length) {
    v.fail(at, "must have at most " + std::to_string(max_length) + " characters");
    return std::nullopt;
  }
  if (trimmed) {
    for (unsigned char c : text) {
      if (c < 0x20 || c == 0x7F) {
        v.fail(at, "must not contain control characters");
        return std::nullopt;
      }
    }
    if (!text.empty() && (is_space_or_control(static_cast<unsigned char>(text.front())) ||
                          is_space_or_control(static_cast<unsigned char>(text.back())))) {
      v.fail(at, "must not start or end with white space");
      return std::nullopt;
    }
  }
  return text;
}

std::optional<std::string> expect_id(Validation& v, const json* value, const std::string& at) {
  auto text = expect_string(v, value, at, 1, 64);
  if (!text) return std::nullopt;
  for (char c : *text) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
              c == '.' || c == ':';
    if (!ok) {
      v.fail(at, "must use only the characters A-Z a-z 0-9 _ - . :");
      return std::nullopt;
    }
  }
  return text;
}

std::optional<std::int64_t> expect_integer(Validation& v, const json* value, const std::string& at, std::int64_t min,
                                           std::int64_t max) {
  if (value == nullptr) return std::nullopt;
  std::optional<std::int64_t> number;
  if (value->is_number_unsigned()) {
    auto u = value->get<std::uint64_t>();
    number = u > static_cast<std::uint64_t>(INT64_MAX) ? INT64_MAX : static_cast<std::int64_t>(u);
  } else if (value->is_number_integer()) {
    number = value->get<std::int64_t>();
  }
  if (!number) {
    v.fail(at, value->is_number() ? "must be an integer" : "must be an integer, not " + type_name(*value));
    return std::nullopt;
  }
  if (*number < min || *number > max) {
    v.fail(at, "must be between " + std::to_string(min) + " and " + std::to_string(max) + " (is " +
                   std::to_string(*number) + ")");
    return std::nullopt;
  }
  return number;
}

std::optional<double> expect_number(Validation& v, const json* value, const std::string& at) {
  if (value == nullptr) return std::nullopt;
  if (!value->is_number()) {
    v.fail(at, "must be a number, not " + type_name(*value));
    return std::nullopt;
  }
  double number = value->get<double>();
  if (!std::isfinite(number)) {
    v.fail(at, "must be a finite number");
    return std::nullopt;
  }
  return number;
}

std::optional<bool> expect_bool(Validation& v, const json* value, const std::string& at) {
  if (value == nullptr) return std::nullopt;
  if (!value->is_boolean()) {
    v.fail(at, "must be true or false, not " + type_name(*value));
    return std::nullopt;
  }
  return value->get<bool>();
}

const json* expect_array(Validation& v, const json* value, const std::string& at, std::size_t min_size,
                         std::size_t max_size) {
  if (value == nullptr) return nullptr;
  if (!value->is_array()) {
    v.fail(at, "must be an array, not " + type_name(*value));
    return nullptr;
  }
  if (value->size() < min_size) {
    v.fail(at, min_size == 1 ? "must not be empty" : "must have at least " + std::to_string(min_size) + " elements");
    return nullptr;
  }
  if (value->size() > max_size) {
    v.fail(at, "must have at most " + std::to_string(max_size) + " elements");
    return nullptr;
  }
  return value;
}

void throw_if_failed(const Validation& v, const std::string& code, const std::string& what) {
  if (v.ok()) return;
  const auto& errors = v.errors();
  std::string message = what + " is invalid: " + (errors.front().pointer.empty() ? "" : errors.front().pointer + " ") +
                        errors.front().message;
  if (errors.size() > 1) message += " (and " + std::to_string(errors.size() - 1) + " more, see field_errors)";
  throw Error::invalid(code, message, errors);
}

}  // namespace fairlabel::tasktypes::detail
