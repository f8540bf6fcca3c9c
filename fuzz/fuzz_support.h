#pragma once
//! Shared helpers of the libFuzzer targets in fuzz/.
//!
//! A target feeds untrusted bytes through the same parse-and-validate path
//! the server or the CLI takes. Errors the product is meant to give for bad
//! input — fairlabel::Error of kind malformed, invalid_input or
//! unsupported_media_type, which the API answers with 400/415/422 — are
//! normal: the target renders them as the API would (a problem+json body)
//! and goes on. Anything else is a finding and aborts the process, so that
//! libFuzzer saves the input: an Error of another kind (the API would answer
//! 500), any other exception escaping the parser (the API would answer 500,
//! or worse), a broken invariant (check()), and whatever ASan or UBSan
//! report.

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/error.h"
#include "http/message.h"
#include "tasktypes/task_type.h"

namespace fairlabel::fuzz {

//! Reads a fuzz input front to back: selector bytes first, the rest as text.
class FuzzInput {
 public:
  FuzzInput(const std::uint8_t* data, std::size_t size) : rest_(reinterpret_cast<const char*>(data), size) {}
  //! The next byte (0 when none is left), consumed.
  std::uint8_t take_byte();
  //! Everything up to the next '\n' (excluded), consumed with the '\n'.
  std::string_view take_line();
  //! What is left, consumed.
  std::string_view take_rest();

 private:
  std::string_view rest_;
};

//! One of the six task types, chosen by a selector byte (byte % 6; the seed
//! files use the digits '0'..'5', in the order of tasktypes::all_task_types).
tasktypes::TaskType task_type_from_byte(std::uint8_t selector);

//! Prints "fuzz finding: <what>" to stderr and aborts (libFuzzer then saves
//! the input as a crash).
[[noreturn]] void report_finding(std::string_view what);

//! Aborts with `what` unless `condition` holds: a cheap invariant check.
void check(bool condition, std::string_view what);

//! Whether `text` is valid UTF-8.
bool is_valid_utf8(std::string_view text);

//! When on, render_input_error also checks that the error's message and
//! field errors are valid UTF-8. A target turns it on for an input whose
//! text is valid UTF-8: a message quoting part of it must not cut a
//! character in two. Off by default and at the start of each input.
void expect_utf8_messages(bool on);

//! Whether the API answers this error as the client's fault (400, 415, 422).
bool is_input_error(const Error& error);

//! Renders an expected error as the API does (http::problem_response) and
//! checks that the body is a JSON object carrying the error's code: a
//! problem body that cannot be produced is a finding. `request` (its path
//! and request id go into the body) defaults to a plain API request.
void render_input_error(const Error& error, const http::Request* request = nullptr);

//! Renders a problem+json answer as http::problem_response does for the
//! server's own errors (404, 405, 400 bad path …) and checks it is a JSON
//! object; one that cannot be produced is a finding.
void render_problem(int status, const std::string& code, const std::string& detail, const http::Request& request);

//! Runs `step`. True when it returned; false when it threw an input error
//! (rendered as above); any other exception is reported as a finding
//! naming `where`.
template <typename Step>
bool run_input_step(std::string_view where, Step&& step, const http::Request* request = nullptr) {
  try {
    step();
    return true;
  } catch (const Error& error) {
    if (!is_input_error(error)) {
      report_finding(std::string(where) + ": fairlabel::Error of a non-input kind (the API answers 500): " +
                     error.code() + ": " + error.what());
    }
    render_input_error(error, request);
    return false;
  } catch (const std::exception& exception) {
    report_finding(std::string(where) + ": an exception other than fairlabel::Error escaped: " + exception.what());
  }
}

//! The text a JSON value is stored as (TEXT in SQLite, JSONB in PostgreSQL,
//! or sent to a client); a finding when it cannot be serialised.
std::string dump_checked(const nlohmann::json& value, std::string_view what);

//! Checks that `value` serialised and parsed back is equal to itself: what
//! the database stores is what the validator saw.
void check_json_round_trip(const nlohmann::json& value, std::string_view what);

}  // namespace fairlabel::fuzz
