#pragma once
//! CVAT for video 1.1 XML for video_track: one `<seq>.xml` per video (the
//! item's file_name), as CVAT's "CVAT for video 1.1" export writes it.
//!
//! `<annotations><version>1.1</version><meta><task>` (id = task id, name,
//! size = frame count, mode interpolation, start/stop frame, labels,
//! original_size) `</task></meta>`, then one `<track id label source>` per
//! track (ids from 0, in order) holding a `<box frame outside occluded
//! keyframe xtl ytl xbr ybr z_order>` for every frame from the track's first
//! keyframe: keyframes with keyframe="1" exactly as stored (shortest
//! decimals), interpolated frames with keyframe="0" (2 decimals, as CVAT
//! writes them) — readers that do not interpolate (Datumaro) still get every
//! frame. Frames where the object is hidden after an `outside` keyframe have
//! no box. Submissions go to `workers/<worker>/<seq>.xml`; provenance to
//! provenance.jsonl.

#include "formats/export_item.h"
#include "formats/file_tree.h"
#include "formats/output_tree.h"
#include "formats/read_result.h"

namespace fairlabel::formats {

class CvatVideoWriter {
 public:
  CvatVideoWriter(OutputTree& tree, const ExportHeader& header, bool provenance);
  void add(const ExportItem& item);
  void finish();

 private:
  OutputTree& tree_;
  ExportHeader header_;
  bool provenance_;
  ProvenanceFile provenance_file_;
};

//! Reads every `[workers/<w>/]<seq>.xml`: the keyframe="1" boxes become the
//! tracks' keyframes (interpolated boxes are implied by them); track ids are
//! CVAT's ids as strings.
ReadResult read_cvat_video(const FileMap& files);

}  // namespace fairlabel::formats
