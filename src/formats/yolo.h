#pragma once
//! YOLO (Ultralytics / Darknet detection) for image_bbox.
//!
//! Files: `data.yaml` (nc and names: class id -> label, ids are the label's
//! index in the schema) and `labels/<stem>.txt` per image, stem = the item's
//! file_name without its extension, one line per box:
//! `class cx cy w h`, each of the four normalised by the image's width or
//! height to [0, 1], fixed-point with 6 decimals (no exponents: Datumaro
//! refuses them). An image without boxes gets an empty file (a background
//! image). Submissions go to `labels/<worker>/<stem>.txt`, one folder per
//! worker pseudonym. With provenance, `provenance.jsonl` (file_tree.h).
//!
//! The images themselves are not part of the export: they are served at
//! /api/v1/media/<sha256>, and file names are "<sha256>.<ext>".

#include <map>
#include <string>

#include "formats/export_item.h"
#include "formats/file_tree.h"
#include "formats/output_tree.h"
#include "formats/read_result.h"

namespace fairlabel::formats {

class YoloWriter {
 public:
  YoloWriter(OutputTree& tree, const ExportHeader& header, bool provenance);
  void add(const ExportItem& item);
  void finish();

 private:
  OutputTree& tree_;
  ExportHeader header_;
  bool provenance_;
  ProvenanceFile provenance_file_;
};

//! The size of each image, by file_name: YOLO files do not carry it.
struct ImageSize {
  std::int64_t width = 0, height = 0;
};

//! Reads data.yaml (as written above: `names:` followed by `  <id>: "<name>"`
//! lines, or a flow list `names: [a, b]`) and labels/**.txt. Items come
//! back for every label file whose stem names an image of `images`
//! (matched as "<stem>.<ext>"); box ids are "1", "2", … per file.
ReadResult read_yolo(const FileMap& files, const std::map<std::string, ImageSize>& images);

}  // namespace fairlabel::formats
