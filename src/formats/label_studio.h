#pragma once
//! Label Studio JSON: the array of tasks Label Studio exports and imports
//! ("JSON" export), so that a project moves to or from Label Studio.
//!
//! A task: {"id": task id, "data": {...}, "annotations": [{"id", "result":
//! [regions], "was_cancelled": false, "ground_truth": false}], "predictions":
//! [], "meta": {...}}. Data and regions per task type (the labeling config
//! label_studio_config() returns names the same from_name/to_name):
//! - image_bbox: data {"image": URL}; one `rectanglelabels` region per box,
//!   from_name "label", to_name "image", with original_width/height and
//!   value {x, y, width, height} in PERCENT (0–100) of the image's size,
//!   rotation 0, rectanglelabels [label]; the region id is the box id;
//! - classification: data {"image"?, "text"?}; a `choices` region
//!   (from_name "choice") with one choice;
//! - image_tags: data {"image"}; a `choices` region (from_name "tags") with
//!   every tag (none: no region);
//! - text_edit: data {"prompt", "response"}; a `textarea` region (from_name
//!   "edited", to_name "response", value.text [edited]) and a `number`
//!   region per rubric criterion (from_name = the criterion id).
//! video_track and text_rank have no Label Studio form here.
//! Image URLs are header.media_url_prefix + sha256. Percentages are rounded
//! to 8 decimals. Provenance goes to the task's "meta": {"fairlabel": …};
//! a submission's annotation carries "worker": pseudonym; a fused box's
//! region its "score" (confidence).

#include <ostream>
#include <string>
#include <string_view>

#include "formats/export_item.h"
#include "formats/read_result.h"

namespace fairlabel::formats {

class LabelStudioWriter {
 public:
  LabelStudioWriter(std::ostream& out, const ExportHeader& header, bool provenance);
  void add(const ExportItem& item);
  void finish();

 private:
  std::ostream& out_;
  ExportHeader header_;
  bool provenance_;
  bool first_ = true;
  std::int64_t next_annotation_id_ = 1;
};

//! The labeling config (XML) matching what the writer emits, for setting up
//! the Label Studio project the export goes into.
std::string label_studio_config(const ExportHeader& header, const std::vector<std::string>& rubric_ids = {});

//! Reads a Label Studio JSON export (an array of tasks; a single task object
//! is accepted too) for `task_type`. Each task becomes an item: file_name is
//! the image URL's last path segment (or the `?d=` value's, for local
//! files), data the task's data; its non-cancelled annotations become
//! answers, or, when it has none, its predictions (pre-annotations).
//! Rectangles need original_width/height (Label Studio's own converter
//! drops images without them); results of other types than listed above
//! are errors, as are percentages outside 0–100. Errors point into the
//! file: "/3/annotations/0/result/2/value/x".
ReadResult read_label_studio(std::string_view task_type, std::string_view text);

}  // namespace fairlabel::formats
