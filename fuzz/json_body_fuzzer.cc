// fuzz_json_body: api::JsonBody, the strict reader of every JSON request
// body (src/api/json_body.h).
//
// Input: the first line is the Content-Type header's value (an empty line:
// no header), the rest is the request body. The body is parsed as the
// routes do (JsonBody::parse, with and without `empty_ok`) and read with
// every kind of accessor, as a route taking these fields would, then
// finish()ed. Errors 400/415/422 are normal. Invariants: a parsed body is a
// JSON object; what an accessor returns has the type and bounds it
// promises; a body finish() accepts has only fields some accessor asked for.

#include <cstddef>
#include <cstdint>
#include <set>
#include <string>

#include "api/json_body.h"
#include "fuzz/fuzz_support.h"

namespace {

using fairlabel::api::JsonBody;
using fairlabel::api::Required;
namespace fuzz = fairlabel::fuzz;

constexpr std::size_t kNameMaxLength = 200;
constexpr std::size_t kRegionMaxLength = 40;

//! Reads the body as a route with one field of each kind would.
void read_fields(JsonBody& body, bool name_required) {
  if (auto name = body.string("name", name_required ? Required::yes : Required::no, kNameMaxLength)) {
    fuzz::check(name->size() <= kNameMaxLength, "string() respects its maximum length");
  }
  if (auto limit = body.integer("limit", Required::no)) {
    fuzz::check(body.document()["limit"].is_number_integer(), "integer() reads only integers");
  }
  if (auto roles = body.string_array("roles", Required::no)) {
    fuzz::check(roles->size() == body.document()["roles"].size(), "string_array() reads every element");
  }
  if (auto region = body.nullable_string("region", kRegionMaxLength); region && *region) {
    fuzz::check((*region)->size() <= kRegionMaxLength, "nullable_string() respects its maximum length");
  }
  if (auto method = body.nullable_object("payout_method"); method && *method) {
    auto reparsed = nlohmann::json::parse(**method, nullptr, false);
    fuzz::check(reparsed.is_object(), "nullable_object() gives the text of an object");
  }
  body.boolean("active", Required::no);
  if (auto payload = body.value("payload", Required::no)) {
    fuzz::check(!payload->is_null(), "value() treats null as absent");
    fuzz::dump_checked(*payload, "a body's payload");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::FuzzInput in(data, size);
  fairlabel::http::Request request;
  if (auto content_type = in.take_line(); !content_type.empty()) {
    request.headers["content-type"] = std::string(content_type);
  }
  request.body = std::string(in.take_rest());
  fuzz::expect_utf8_messages(fuzz::is_valid_utf8(std::string_view(reinterpret_cast<const char*>(data), size)));

  for (bool empty_ok : {false, true}) {
    fuzz::run_input_step("JsonBody", [&] {
      JsonBody body = JsonBody::parse(request, empty_ok);
      fuzz::check(body.document().is_object(), "a parsed body is an object");
      read_fields(body, !empty_ok);
      body.finish();
      static const std::set<std::string> known = {"name",          "limit",  "roles",  "region",
                                                  "payout_method", "active", "payload"};
      for (const auto& [key, value] : body.document().items()) {
        fuzz::check(known.count(key) == 1, "finish() refuses fields no accessor asked for");
      }
    });
  }
  return 0;
}
