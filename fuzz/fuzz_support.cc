#include "fuzz/fuzz_support.h"

#include <cstdio>
#include <cstdlib>

#include "http/problem.h"
#include "tasktypes/json_check.h"

namespace fairlabel::fuzz {

std::uint8_t FuzzInput::take_byte() {
  if (rest_.empty()) return 0;
  auto byte = static_cast<std::uint8_t>(rest_.front());
  rest_.remove_prefix(1);
  return byte;
}

std::string_view FuzzInput::take_line() {
  std::size_t newline = rest_.find('\n');
  std::string_view line = rest_.substr(0, newline);
  rest_.remove_prefix(newline == std::string_view::npos ? rest_.size() : newline + 1);
  return line;
}

std::string_view FuzzInput::take_rest() {
  std::string_view rest = rest_;
  rest_ = {};
  return rest;
}

tasktypes::TaskType task_type_from_byte(std::uint8_t selector) {
  const auto& types = tasktypes::all_task_types();
  return types[selector % types.size()];
}

void report_finding(std::string_view what) {
  std::fprintf(stderr, "fuzz finding: %.*s\n", static_cast<int>(what.size()), what.data());
  std::fflush(stderr);
  std::abort();
}

void check(bool condition, std::string_view what) {
  if (!condition) report_finding(std::string("broken invariant: ") + std::string(what));
}

namespace {
bool utf8_messages_expected = false;
}  // namespace

bool is_valid_utf8(std::string_view text) {
  return tasktypes::detail::utf8_length(text).has_value();
}

void expect_utf8_messages(bool on) {
  utf8_messages_expected = on;
}

bool is_input_error(const Error& error) {
  return error.kind() == ErrorKind::malformed || error.kind() == ErrorKind::invalid_input ||
         error.kind() == ErrorKind::unsupported_media_type;
}

void render_input_error(const Error& error, const http::Request* request) {
  http::Request api_request;
  api_request.path = "/api/v1/fuzz";
  api_request.request_id = "fuzz";
  http::Response response;
  try {
    response = http::problem_response(error, request ? request : &api_request);
  } catch (const std::exception& exception) {
    report_finding(std::string("the problem+json answer to an input error cannot be rendered: ") + exception.what() +
                   " (error code " + error.code() + ")");
  }
  auto body = nlohmann::json::parse(response.body, nullptr, false);
  check(body.is_object() && body.value("code", "") == error.code(), "a problem body carries the error's code");
  if (utf8_messages_expected) {
    check(is_valid_utf8(error.what()),
          std::string("the message of an error about UTF-8 input is UTF-8: ") + error.what());
    for (const auto& field : error.field_errors()) {
      check(is_valid_utf8(field.pointer) && is_valid_utf8(field.message), "field errors about UTF-8 input are UTF-8");
    }
  }
}

void render_problem(int status, const std::string& code, const std::string& detail, const http::Request& request) {
  http::Response response;
  try {
    response = http::problem_response(status, code, detail, &request);
  } catch (const std::exception& exception) {
    report_finding("the problem+json answer " + std::to_string(status) + " " + code +
                   " cannot be rendered: " + exception.what());
  }
  auto body = nlohmann::json::parse(response.body, nullptr, false);
  check(body.is_object() && body.value("status", 0) == status, "a problem body carries its status");
}

std::string dump_checked(const nlohmann::json& value, std::string_view what) {
  try {
    return value.dump();
  } catch (const std::exception& exception) {
    report_finding(std::string(what) + " cannot be serialised: " + exception.what());
  }
}

void check_json_round_trip(const nlohmann::json& value, std::string_view what) {
  auto reparsed = nlohmann::json::parse(dump_checked(value, what), nullptr, false);
  check(!reparsed.is_discarded() && reparsed == value, std::string(what) + " reads back equal after serialising");
}

}  // namespace fairlabel::fuzz
