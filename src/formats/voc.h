#pragma once
//! Pascal VOC XML for image_bbox.
//!
//! Files: `Annotations/<stem>.xml` per image (stem = file_name without its
//! extension) with filename, size (width, height, depth 3) and one <object>
//! per box: name, pose Unspecified, truncated 0, difficult 0, occluded 0,
//! <bndbox> xmin ymin xmax ymax. Coordinates are 0-based pixel positions
//! written as decimals (xmin = x, xmax = x + w), as CVAT and Datumaro write
//! them; VOC's original tools used 1-based integers. `labelmap.txt` lists
//! the labels (readers want it for names outside VOC's 20 classes) and
//! `ImageSets/Main/default.txt` the stems. Submissions go to
//! `Annotations/<worker>/<stem>.xml`; provenance to provenance.jsonl.

#include "formats/export_item.h"
#include "formats/file_tree.h"
#include "formats/output_tree.h"
#include "formats/read_result.h"

namespace fairlabel::formats {

class VocWriter {
 public:
  VocWriter(OutputTree& tree, const ExportHeader& header, bool provenance);
  void add(const ExportItem& item);
  void finish();

 private:
  OutputTree& tree_;
  ExportHeader header_;
  bool provenance_;
  ProvenanceFile provenance_file_;
  std::string stems_;
};

//! Reads Annotations/**.xml (sizes come from the files); box ids "1", "2", …
ReadResult read_voc(const FileMap& files);

}  // namespace fairlabel::formats
