#pragma once
//! Exports and imports in the formats the field uses. The module's front
//! door: pick a Format, make a writer over an OutputTree, add one
//! ExportItem per task, finish. Readers (coco.h, yolo.h, voc.h, mot.h,
//! cvat_video.h, text_jsonl.h, label_studio.h) turn the same files back into
//! items, so that export → import → export is the identity (tested).
//!
//! Which formats fit which task types:
//!   coco, yolo, voc           image_bbox
//!   mot, cvat-video           video_track
//!   label-studio              image_bbox, classification, image_tags, text_edit
//!   jsonl                     every type (text_rank as preference pairs,
//!                             text_edit as prompt/response/edited/scores)
//! A mismatch throws invalid_input "format_not_for_task_type" before
//! anything is written.
//!
//! Knows nothing of the database or HTTP: the export service (src/work
//! side) produces the items; the API and CLI choose the OutputTree.
//! Writers stream: memory does not grow with the export's size (COCO spills
//! its annotations to a temporary file; tree formats hold one file at a time).

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "formats/export_item.h"
#include "formats/output_tree.h"

namespace fairlabel::formats {

enum class Format { coco, yolo, voc, mot, cvat_video, jsonl, label_studio };

//! "coco", "yolo", "voc", "mot", "cvat-video", "jsonl", "label-studio".
std::optional<Format> parse_format(std::string_view name);
std::string_view format_name(Format format);
//! The names, comma-separated, for error messages and --help.
std::string format_names();

//! Whether the format is one file (coco, jsonl, label-studio) rather than a tree.
bool is_single_file(Format format);
//! The single file's conventional name ("annotations/instances_default.json" …).
std::string single_file_name(Format format);

//! Throws invalid_input "format_not_for_task_type" when `format` cannot hold `task_type`.
void check_format_fits(Format format, std::string_view task_type);

class ExportWriter {
 public:
  virtual ~ExportWriter() = default;
  virtual void add(const ExportItem& item) = 0;
  //! Completes the output (and the tree). Call once, after the last add.
  virtual void finish() = 0;
};

//! A writer for `format` into `tree` (single-file formats open their one
//! file at once). `provenance`: include Provenance where the format has room.
std::unique_ptr<ExportWriter> make_writer(Format format, OutputTree& tree, const ExportHeader& header, bool provenance);

}  // namespace fairlabel::formats
