// fuzz_settings_document: a project's work settings document
// (src/work/settings_document.h), as PUT /projects/{id}/settings reads it:
// api::JsonBody::parse, then work::settings_from_json.
//
// Input: the request body. Errors 400/422 are normal. Invariant on an
// accepted document: settings_to_json of the settings is itself accepted
// and gives the same settings again (what GET /settings answers can be PUT
// back unchanged), and it serialises and reads back equal.

#include <cstddef>
#include <cstdint>

#include "api/json_body.h"
#include "fuzz/fuzz_support.h"
#include "work/settings_document.h"

namespace fuzz = fairlabel::fuzz;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fairlabel::http::Request request;
  request.headers["content-type"] = "application/json";
  request.body.assign(reinterpret_cast<const char*>(data), size);
  fuzz::expect_utf8_messages(fuzz::is_valid_utf8(request.body));
  fairlabel::work::WorkSettings settings;
  if (!fuzz::run_input_step("settings_from_json", [&] {
        auto body = fairlabel::api::JsonBody::parse(request);
        settings = fairlabel::work::settings_from_json(body.document());
      })) {
    return 0;
  }
  const nlohmann::json written = fairlabel::work::settings_to_json(settings);
  fuzz::check_json_round_trip(written, "the settings document");
  fairlabel::work::WorkSettings again;
  fuzz::check(fuzz::run_input_step("settings_from_json (written)",
                                   [&] { again = fairlabel::work::settings_from_json(written); }),
              "settings_to_json writes a document settings_from_json accepts");
  fuzz::check(fairlabel::work::settings_to_json(again) == written, "settings survive settings_to_json unchanged");
  return 0;
}
