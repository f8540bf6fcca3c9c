// fuzz_import_csv: CSV task manifests (importing::parse_csv_manifest, on
// quality::CsvRecordReader), as POST /projects/{id}/imports (Content-Type
// text/csv) and `fairlabel import --format csv` read them.
//
// Input: one selector byte choosing the project's task type ('0'..'5' in
// the order of tasktypes::all_task_types), then the CSV text. Media are
// looked up in a store holding one PNG (see import_checks.h), without an
// import folder, as the API does. The result is checked by
// check_import_result: all-or-nothing, valid inputs whose JSONL form
// imports the same, errors that render as the API's 422 answer.

#include <cstddef>
#include <cstdint>

#include "fuzz/fuzz_support.h"
#include "fuzz/import_checks.h"

namespace fuzz = fairlabel::fuzz;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::FuzzInput in(data, size);
  const auto type = fuzz::task_type_from_byte(in.take_byte());
  const std::string_view manifest = in.take_rest();
  // Row errors are UTF-8 whatever the manifest holds (task_import.h).
  fuzz::expect_utf8_messages(true);
  fairlabel::importing::ImportResult result;
  bool returned = fuzz::run_input_step("parse_csv_manifest", [&] {
    result = fairlabel::importing::parse_csv_manifest(fairlabel::tasktypes::task_type_name(type), manifest,
                                                      fuzz::fuzz_media_store());
  });
  fuzz::check(returned, "parse_csv_manifest reports bad rows in its result, it does not throw");
  fuzz::check_import_result(type, manifest, result);
  return 0;
}
