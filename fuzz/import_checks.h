#pragma once
//! What both manifest fuzz targets (fuzz_import_jsonl, fuzz_import_csv)
//! share: a media store holding one small PNG, which task inputs may name,
//! and the checks run on every import result.

#include <string>

#include "importing/task_import.h"
#include "media/media_store.h"
#include "tasktypes/task_type.h"

namespace fairlabel::fuzz {

//! A media store in a fresh temporary folder (removed at exit) holding one
//! 2×3 PNG, whose sha256 is kStoredPngSha256: the corpus names it, as an
//! image reference, as a bare sha256 string and as video frames.
media::MediaStore& fuzz_media_store();
inline constexpr const char* kStoredPngSha256 = "789b7aea0d800df21a3b16883f00dec1833e0794dcc33dbc449716c034c2b673";

//! Checks an import result: all-or-nothing (either inputs and no errors, or
//! errors and no inputs); every input passes validate_task_input and reads
//! back equal from its JSONL form — which, imported again, gives the same
//! inputs; errors name lines within the manifest and are rendered as the
//! API's 422 answer (problem+json with errors_json) and the CLI's text.
void check_import_result(tasktypes::TaskType type, std::string_view manifest, const importing::ImportResult& result);

}  // namespace fairlabel::fuzz
