#include "fuzz/import_checks.h"

#include <cstdlib>
#include <filesystem>
#include <memory>

#include "fuzz/fuzz_support.h"
#include "http/problem.h"
#include "tasktypes/validate.h"

namespace fairlabel::fuzz {
namespace {

//! A PNG header (signature and IHDR chunk) of a 2×3 image: all the prober reads.
std::string small_png() {
  std::string png = "\x89PNG\r\n\x1a\n";
  png += std::string("\0\0\0\x0d", 4) + "IHDR";
  png += std::string("\0\0\0\x02\0\0\0\x03\x08\x02\0\0\0", 13);
  png += std::string("\0\0\0\0", 4);  // CRC, not checked by the prober
  return png;
}

std::filesystem::path store_root;

void remove_store_root() {
  std::error_code ignored;
  std::filesystem::remove_all(store_root, ignored);
}

}  // namespace

media::MediaStore& fuzz_media_store() {
  static std::unique_ptr<media::MediaStore> store = [] {
    std::string pattern = (std::filesystem::temp_directory_path() / "fairlabel-fuzz-media-XXXXXX").string();
    if (!mkdtemp(pattern.data())) report_finding("cannot create a temporary folder for the media store");
    store_root = pattern;
    std::atexit(remove_store_root);
    auto created = std::make_unique<media::MediaStore>(store_root);
    auto stored = created->put(small_png());
    check(stored.sha256 == kStoredPngSha256, "the stored PNG has the sha256 the corpus names (" + stored.sha256 + ")");
    return created;
  }();
  return *store;
}

void check_import_result(tasktypes::TaskType type, std::string_view manifest, const importing::ImportResult& result) {
  check(result.ok() == result.errors.empty(), "ok() means no errors");
  check(result.ok() ? !result.inputs.empty() : result.inputs.empty(),
        "an import is all-or-nothing and a good one has tasks");
  const auto name = tasktypes::task_type_name(type);
  if (result.ok()) {
    std::string jsonl;
    for (const auto& input : result.inputs) {
      check(run_input_step("validate_task_input", [&] { tasktypes::validate_task_input(name, input); }),
            "every imported input is a valid task input");
      check_json_round_trip(input, "an imported task input");
      jsonl += dump_checked(input, "an imported task input") + "\n";
    }
    auto again = importing::parse_jsonl_manifest(name, jsonl, fuzz_media_store());
    check(again.ok() && again.inputs == result.inputs, "the imported inputs, written as JSONL, import the same");
    return;
  }
  // Line breaks as the CSV reader counts them: LF, CRLF or a lone CR (an
  // upper bound for JSONL, which breaks lines at LF only).
  std::size_t lines = 1;
  for (std::size_t i = 0; i < manifest.size(); ++i) {
    if (manifest[i] == '\n' || (manifest[i] == '\r' && (i + 1 == manifest.size() || manifest[i + 1] != '\n'))) ++lines;
  }
  std::vector<FieldError> fields;
  for (const auto& error : result.errors) {
    check(error.line <= lines, "an error names a line of the manifest");
    check(!error.detail.empty(), "an error says what is wrong");
    check(is_valid_utf8(error.detail) && is_valid_utf8(error.pointer) && is_valid_utf8(error.file),
          "row errors are valid UTF-8");
    fields.push_back({error.pointer, error.detail});
  }
  // As api/media_routes.cc answers a bad import: 422 problem+json whose
  // "errors" are errors_json(); and as `fairlabel import` prints it.
  http::Request request;
  request.path = "/api/v1/projects/1/imports";
  try {
    auto response = http::problem_response(422, "import_invalid", "the import has bad rows", &request, fields);
    auto body = nlohmann::json::parse(response.body);
    body["errors"] = importing::errors_json(result.errors);
    response.body = body.dump();
  } catch (const std::exception& exception) {
    report_finding(std::string("the 422 answer to a bad import cannot be rendered: ") + exception.what());
  }
  check(!importing::describe_errors(result.errors).empty(), "the CLI's description of the errors is not empty");
}

}  // namespace fairlabel::fuzz
