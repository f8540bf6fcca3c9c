#pragma once
//! MOTChallenge ground truth for video_track.
//!
//! Per video (an item; its file_name names the sequence folder):
//! `<seq>/gt/gt.txt` and `<seq>/seqinfo.ini` (name, frameRate, seqLength,
//! imWidth, imHeight, imExt .jpg, imDir img1); at the root `labels.txt`
//! (line n = class n). Rows of gt.txt:
//!   frame, id, bb_left, bb_top, bb_width, bb_height, conf, class, visibility
//! - frame is 1-based (frame 1 = the video's first frame);
//! - id is 1-based, per sequence, in track order;
//! - bb_left/bb_top are 1-based pixel coordinates as in MOTChallenge and
//!   py-motmetrics (which subtract 1): bb_left = x + 1 for our 0-based x.
//!   (Datumaro reads them as 0-based: shift by one when using it.)
//! - every frame where the object is visible is written, interpolated
//!   frames included (one row per (frame, id)); no row where it is not;
//! - conf is 1 (ground truth to be considered); class is the label's index
//!   in the schema + 1; visibility is 1, or 0 where the box is `occluded`;
//! - coordinates are fixed-point with 2 decimals; rows sorted by frame, id.
//! Submissions go to `workers/<worker>/<seq>/gt/gt.txt`; provenance to
//! provenance.jsonl.

#include "formats/export_item.h"
#include "formats/file_tree.h"
#include "formats/output_tree.h"
#include "formats/read_result.h"

namespace fairlabel::formats {

class MotWriter {
 public:
  MotWriter(OutputTree& tree, const ExportHeader& header, bool provenance);
  void add(const ExportItem& item);
  void finish();

 private:
  OutputTree& tree_;
  ExportHeader header_;
  bool provenance_;
  ProvenanceFile provenance_file_;
};

//! Reads every `[workers/<w>/]<seq>/gt/gt.txt` with its seqinfo.ini and the
//! root labels.txt. Per-frame rows become keyframes again
//! (tasktypes::keyframes_from_boxes, within 0.004 px: below the written
//! precision, so exporting what was read writes the same rows); track ids
//! are the MOT ids as strings.
ReadResult read_mot(const FileMap& files);

}  // namespace fairlabel::formats
