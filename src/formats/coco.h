#pragma once
//! COCO "instances" JSON for image_bbox: images, categories, annotations.
//!
//! Written as the COCO readers expect it (see /work/shared/FORMATS-NOTES.md):
//! category ids are 1 + the label's index in the schema; image ids are the
//! task ids; annotation ids count from 1 (pycocotools never matches id 0);
//! every image has width and height; bbox is [x, y, w, h] in pixels from the
//! top-left; area = w * h; iscrowd 0; segmentation [].
//!
//! Extras, ignored by COCO readers: with provenance, an image carries
//! `"fairlabel": {"answers", "confidence", "workers", "agreement"}` and an
//! aggregated box `"attributes": {"confidence", "workers"}`; a submission's
//! box carries `"attributes": {"worker": pseudonym}`.
//!
//! The writer streams: images go out as they come, annotations are spilled
//! to an anonymous temporary file and appended at finish(), so memory stays
//! flat whatever the size of the export.

#include <cstdio>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>

#include "formats/export_item.h"
#include "formats/read_result.h"

namespace fairlabel::formats {

class CocoWriter {
 public:
  CocoWriter(std::ostream& out, const ExportHeader& header, bool provenance);
  ~CocoWriter();
  void add(const ExportItem& item);
  void finish();

 private:
  void flush_annotations();
  std::ostream& out_;
  ExportHeader header_;
  bool provenance_;
  bool first_image_ = true;
  std::int64_t next_annotation_id_ = 1;
  std::string buffer_;       //!< image text not yet written
  std::string annotations_;  //!< annotation text not yet spilled
  std::FILE* spill_ = nullptr;
};

//! Reads a COCO instances file. Checks the COCO field rules (ids, image
//! sizes, bbox inside the image and positive, categories that exist) and
//! reports every violation by JSON Pointer. Boxes are grouped per image
//! into one answer — or one per worker where boxes carry
//! `attributes.worker`; box ids are "1", "2", … per answer in file order.
//! Category names become labels (the caller checks them against a schema).
ReadResult read_coco(std::string_view text);

}  // namespace fairlabel::formats
