#pragma once
//! Turning import files into task inputs (docs/task-types.md), ready for the
//! work module to insert as tasks.
//!
//! All-or-nothing: a parse either returns every task input (each one
//! validated by tasktypes::validate_task_input) or, if any row is bad, no
//! input at all and EVERY problem found — each with the manifest line and a
//! JSON Pointer into that row's task input — so that a requester fixes the
//! file in one go. Media named by relative path are put in the media store
//! only once the whole manifest is known to be good (media already stored
//! stay: they are content-addressed and harmless).
//!
//! Manifests:
//! - JSONL: one task input (a JSON object) per line; blank lines skipped.
//! - CSV (RFC 4180, header row): the columns are input fields, per type
//!     classification       text, image   (either or both per row)
//!     image_tags/image_bbox image
//!     text_edit            prompt, response
//!     text_rank            prompt, responses (a JSON array of {id, text})
//!   Unknown, repeated or missing columns are refused at line 1; an empty
//!   cell leaves the field out. video_track has no CSV form.
//! - In both, an image may be given as a string instead of a reference: the
//!   sha256 of media already in the store, or a path relative to the import
//!   folder (no "..", no absolute paths, no way out through symlinks); it
//!   is probed (JPEG/PNG) and becomes a full reference. A full image or
//!   video reference must name media that are in the store.
//! - A folder of images: one task per JPEG/PNG file (recursively, sorted by
//!   path; names starting with "." are skipped; any other file is an error).
//! - A video file: one video_track task, cut into frames by media::import_video.
//!
//! Not thread-safe per call, but calls are independent. Blocking file I/O
//! (and ffmpeg for video): run it on a worker pool.

#include <cstddef>
#include <filesystem>
#include <functional>
#include <istream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "media/media_store.h"
#include "media/video_import.h"

namespace fairlabel::importing {

//! One problem of an import. Its texts are valid UTF-8 (bytes of the
//! manifest that are not become U+FFFD where quoted).
struct RowError {
  std::size_t line = 0;  //!< 1-based manifest line where the row starts; 0 when not about a line
  std::string file;      //!< for folder imports: the file's path relative to the folder
  std::string pointer;   //!< JSON Pointer into the row's task input ("" for the whole row)
  std::string detail;    //!< what is wrong, for people
};

struct ImportResult {
  std::vector<nlohmann::json> inputs;  //!< every task input, in file order; empty if any error (or streamed)
  std::vector<RowError> errors;        //!< every problem found, in file order
  std::size_t rows = 0;                //!< good rows: inputs.size(), or how many a streamed import kept
  bool ok() const { return errors.empty(); }
};

//! Where a streamed import's rows go (e.g. WorkService::add_tasks_streamed's
//! sink): check() validates a row's input against the project (throws
//! Error{invalid_input} with field errors, which become the row's errors);
//! keep() takes a good row. Once any row was bad, keep() is no longer
//! called — the import will be refused — but every row is still checked, so
//! that all problems are reported at once.
struct RowSink {
  std::function<void(const nlohmann::json&)> check;
  std::function<void(const nlohmann::json&)> keep;
};

struct ImportOptions {
  //! Where relative media paths are resolved; nullopt: only sha256 strings
  //! and full references are accepted.
  std::optional<std::filesystem::path> media_folder;
  std::size_t max_tasks = 100000;              //!< a bigger manifest is refused whole
  std::uintmax_t max_image_bytes = 50u << 20;  //!< a bigger image file is refused (it is read whole)
  //! stream_jsonl_manifest: called as rows are handled, with the bytes of
  //! the manifest read up to the last handled row (for a progress display).
  std::function<void(std::uint64_t bytes)> progress;
};

ImportResult parse_jsonl_manifest(std::string_view task_type, std::string_view text, media::MediaStore& store,
                                  const ImportOptions& options = {});

//! The streaming form of parse_jsonl_manifest for large manifests: reads
//! `in` line by line and hands each good row to `sink` instead of keeping
//! it, so memory does not grow with the file. Media named by path are
//! stored at the end, when every row was good. The caller makes it
//! all-or-nothing: write the rows in one transaction and roll it back when
//! the result has errors.
ImportResult stream_jsonl_manifest(std::string_view task_type, std::istream& in, media::MediaStore& store,
                                   const ImportOptions& options, const RowSink& sink);

ImportResult parse_csv_manifest(std::string_view task_type, std::string_view text, media::MediaStore& store,
                                const ImportOptions& options = {});

//! One {"image": ref} task per image of `folder`, for classification,
//! image_tags and image_bbox (other types throw Error "unsupported_import").
ImportResult import_image_folder(std::string_view task_type, const std::filesystem::path& folder,
                                 media::MediaStore& store, const ImportOptions& options = {});

//! What an annotated import does with the file's labels.
enum class ImportedLabels { ignore, gold, prefill };

//! A labelled file from another tool: its items become tasks and its
//! labels, per `labels`, their gold answers or their pre-annotations (a
//! worker's draft starts from them) — one per task, aligned with
//! `result.inputs`, validated against the label schema when the tasks are
//! added — or are ignored. Formats (src/formats):
//! - "coco": COCO instances JSON, for image_bbox — one task per image, its
//!   boxes (category names as labels) the answer;
//! - "label-studio": Label Studio's JSON export, for image_bbox,
//!   classification, image_tags and text_edit — one task per Label Studio
//!   task, from its `data`; the first non-cancelled annotation (else the
//!   first prediction) the answer.
//! Images are named by file name: "<sha256>.<ext>" of stored media (what our
//! own exports write, so export → import round-trips through the API), or a
//! file of `options.media_folder` (the CLI's import folder). Every problem —
//! of the file, of a record, of an image — is reported; the file's own
//! pointers are kept ("/3/annotations/0/result/1/value/x").
struct AnnotatedImport {
  ImportResult result;
  std::vector<std::optional<nlohmann::json>> gold;     //!< empty unless labels == gold
  std::vector<std::optional<nlohmann::json>> prefill;  //!< empty unless labels == prefill
};
AnnotatedImport import_annotated_file(std::string_view task_type, std::string_view format, std::string_view text,
                                      media::MediaStore& store, const ImportOptions& options, ImportedLabels labels);

//! The {"video": ref} input of one video_track task (other types throw
//! "unsupported_import"); media::import_video's errors pass through.
nlohmann::json import_video_task(std::string_view task_type, const std::filesystem::path& video,
                                 media::MediaStore& store, const media::VideoImportOptions& options = {});

//! [{"line", "pointer", "detail"} (+ "file" when set)], the shape of the
//! API's 422 answer (docs/api-work.md).
nlohmann::json errors_json(const std::vector<RowError>& errors);

//! "line 3: /text must not be empty" per error, one per line, at most
//! `max_lines` (then "… and N more"), for the CLI.
std::string describe_errors(const std::vector<RowError>& errors, std::size_t max_lines = 50);

}  // namespace fairlabel::importing
