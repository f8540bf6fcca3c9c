#pragma once
//! Bounding boxes (`image_bbox`): consensus fusion across workers.
//!
//! The reference is CVAT's consensus merging: match the boxes of the
//! workers' submissions (replicas) by IoU, keep an object only when enough
//! workers drew it (a quorum) and the matched boxes overlap enough (a
//! minimum IoU), and merge each kept group into one box. Here:
//!  - matching: boxes of the same label only, at most one box per worker in
//!    a group, clustered by cluster_across_submissions (geometry.h): the
//!    most skilled worker's boxes seed the groups and each further worker's
//!    boxes join the group they overlap most (mean IoU with its members at
//!    least min_iou), one-to-one, greedily;
//!  - quorum: a group is kept when at least `quorum` workers are in it
//!    (CVAT states the quorum as a share of the replicas: pass
//!    quorum_for_share());
//!  - fusion: each coordinate (x, y, w, h — equivalently the two corners) is
//!    the skill-weighted mean of the group's boxes; a worker's weight is
//!    their skill, raised to kMinFusionWeight;
//!  - confidence: the group's weight over the weight of all submissions to
//!    the task (workers who drew nothing there count against it).
//! Fused boxes come back ordered by descending confidence, then by the
//! order the groups were formed; deterministic for the same input.

#include <string>
#include <vector>

#include "quality/geometry.h"

namespace fairlabel::quality {

struct LabeledBox {
  std::string id;
  std::string label;
  Box box;
};

//! One worker's boxes for an image (possibly none: "nothing to label").
struct BoxSubmission {
  std::string worker;
  double weight = 1.0;  //!< the worker's skill
  std::vector<LabeledBox> boxes;
};

struct BoxFusionOptions {
  double min_iou = 0.5;  //!< least mean IoU for a box to join a group
  int quorum = 2;        //!< least number of workers in a kept group
};

//! ceil(share x replicas), at least 1: CVAT's quorum share as a count.
int quorum_for_share(double share, std::size_t replicas);

struct BoxMember {
  std::size_t submission = 0;
  std::string box_id;
};

struct FusedBox {
  std::string label;
  Box box;
  std::vector<BoxMember> members;
  double confidence = 0;  //!< members' weight / all submissions' weight
  double mean_iou = 0;    //!< mean IoU of the members with the fused box
};

struct BoxFusion {
  std::vector<FusedBox> boxes;
  std::vector<ObjectAgreement> agreement;  //!< one per submission (geometry.h)
};

BoxFusion fuse_boxes(const std::vector<BoxSubmission>& submissions, const BoxFusionOptions& options = {});

}  // namespace fairlabel::quality
