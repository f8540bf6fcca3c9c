#pragma once
//! Internal helpers of the validators: typed reads of JSON members that
//! record a FieldError (JSON Pointer + message) instead of throwing, so that
//! one validation pass reports every bad field at once.
//!
//! Each `expect_*` takes the value (nullptr when the member is absent), its
//! pointer, and returns the typed value or nullopt after recording why.

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/error.h"

namespace fairlabel::tasktypes::detail {

using nlohmann::json;

//! `base` + "/" + token, with RFC 6901 escaping (~ as ~0, / as ~1).
std::string pointer_join(const std::string& base, std::string_view token);
std::string pointer_join(const std::string& base, std::size_t index);

//! Number of Unicode code points in valid UTF-8; nullopt if not valid UTF-8.
std::optional<std::size_t> utf8_length(std::string_view text);

//! The member `key` of an object, nullptr when absent (or `object` is not an object).
const json* member(const json& object, std::string_view key);

//! Checks that `value` is an object with every `required` member and no
//! member outside `required` ∪ `optional`. False (after recording) when it is
//! not an object; unknown or missing members are recorded but return true,
//! so that the caller still checks the members that are there.
bool expect_object(Validation& v, const json& value, const std::string& at,
                   std::initializer_list<std::string_view> required,
                   std::initializer_list<std::string_view> optional = {});

//! Records "is required" when `value` is null (absent). True when present.
bool expect_present(Validation& v, const json* value, const std::string& at);

//! A string of min..max code points. `trimmed` also refuses leading or
//! trailing white space and control characters anywhere (names, ids).
std::optional<std::string> expect_string(Validation& v, const json* value, const std::string& at, std::size_t min_length,
                                         std::size_t max_length, bool trimmed = false);

//! An id: 1..64 characters from A-Z a-z 0-9 _ - . :
std::optional<std::string> expect_id(Validation& v, const json* value, const std::string& at);

//! An integer (JSON number without fraction or exponent) in [min, max].
std::optional<std::int64_t> expect_integer(Validation& v, const json* value, const std::string& at, std::int64_t min,
                                           std::int64_t max);

//! A finite number.
std::optional<double> expect_number(Validation& v, const json* value, const std::string& at);

std::optional<bool> expect_bool(Validation& v, const json* value, const std::string& at);

//! An array of min..max elements; nullptr after recording otherwise.
const json* expect_array(Validation& v, const json* value, const std::string& at, std::size_t min_size,
                         std::size_t max_size);

//! Throws Error{invalid_input, code} listing `v`'s field errors, the message
//! naming `what` ("the submission payload") and the first error.
void throw_if_failed(const Validation& v, const std::string& code, const std::string& what);

}  // namespace fairlabel::tasktypes::detail
