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
//!   region per rubric criterion (from_name = the criterion id);
//! - video_track: data {"video": the sequence name (a placeholder: Label
//!   Studio plays a video file, fairlabel keeps frames — point it at the
//!   file's URL), "fps" (the config's frameRate="$fps"), "fairlabel_video":
//!   the task's video reference}; one `videorectangle` region per track
//!   (id = track id, from_name "box", to_name "video", original_width/
//!   height = the frame size), value {framesCount, duration = frames / fps,
//!   sequence, labels [label]}. A sequence entry is {frame (1-based),
//!   enabled, rotation 0, x, y, width, height in PERCENT, time = frame /
//!   fps (as Label Studio writes it), "fairlabel": {...}}. Label Studio
//!   shows an entry's box at its frame and interpolates linearly to the next
//!   entry unless `enabled` is false, which ends the segment AFTER that
//!   frame; our outside keyframe at frame f hides the object FROM f. So each
//!   visible keyframe at f is an entry at f+1; an outside keyframe at f
//!   disables the entry of the keyframe at f-1 when there is one, else adds
//!   an entry at Label Studio frame f (our f-1) with the interpolated box
//!   there, marked "interpolated" (not one of our keyframes). Outside
//!   keyframes that end nothing (first keyframe, or right after another
//!   outside one) change no frame and are left out, as is a track with no
//!   visible frame. "fairlabel" (a member Label Studio does not know;
//!   an entry that lost it, edited there, reads as not occluded) holds
//!   "occluded" (Label Studio has no such flag), "interpolated": true and,
//!   on the entry that ends a segment, "outside": {x, y, width, height in
//!   percent, occluded} — the outside keyframe's own box, so that export →
//!   import → export is exact;
//! - text_rank: data {"prompt", "items": [{"id", "title": id, "body":
//!   text}]} (a List); a `ranker` region (from_name "rank", to_name
//!   "responses", value {"ranker": {"rank": [ids, best first]}} — Label
//!   Studio's List + Ranker result without buckets: {tag name: ids}) and the
//!   reason as a `textarea` region (from_name "reason", to_name "prompt").
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
//! drops images without them); so do video rectangles, unless the data has
//! "fairlabel_video" (its width/height are used). A sequence entry without
//! "fairlabel" is read as Label Studio means it: a visible keyframe at
//! frame-1, not occluded, and after a disabled entry an outside keyframe
//! (same box) at the next frame unless the next entry or the video's end
//! (framesCount) is there. A ranker value is {name: [ids]} (or, as older
//! documentation shows, the array itself); buckets are refused; with
//! data.items the ids must be exactly the items'. For video_track and
//! text_rank, `data` is turned into the task input's shape where it can be:
//! {"video": fairlabel_video}, {"prompt", "responses": [{id, text: body}]}.
//! Results of other types than listed above are errors, as are percentages
//! outside 0–100 and rotated boxes. Errors point into the file:
//! "/3/annotations/0/result/2/value/x".
ReadResult read_label_studio(std::string_view task_type, std::string_view text);

}  // namespace fairlabel::formats
