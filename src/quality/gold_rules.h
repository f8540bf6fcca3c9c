#pragma once
//! Gold tasks per task type: is one submission right, to a tolerance?
//!
//! Each judge compares a worker's submission with the gold one and returns
//! a score in [0, 1] (partial credit) and whether it counts as correct —
//! the judgement GoldTally (gold.h) turns into a per-worker accuracy with
//! its Wilson interval. The rules (defaults in GoldTolerance):
//!  - classification: the labels are equal (score 1 or 0);
//!  - image_tags: Jaccard index of the two tag sets (1 when both are empty),
//!    correct at >= tags_min_jaccard (0.5: the set analogue of box IoU 0.5);
//!  - image_bbox: boxes matched one-to-one, same label, IoU >= box_min_iou
//!    (0.5, the PASCAL VOC rule), greedily by IoU (geometry.h); score = F1 =
//!    2 matched / (worker's boxes + gold boxes) (1 when both are empty);
//!    correct when every box on both sides is matched;
//!  - video_track: the same with track_iou (tracks.h) >= track_min_iou;
//!  - text_edit: score = edit similarity of the responses (text_edit.h);
//!    correct when it is >= text_min_similarity (0.9) and every rubric
//!    score of the gold is given within rubric_max_difference (1);
//!  - text_rank: score = fraction of item pairs ordered as in the gold
//!    ranking; correct at >= ranking_min_agreement (0.8), and the gold's
//!    best item must be ranked first.

#include <map>
#include <string>
#include <vector>

#include "quality/boxes.h"
#include "quality/text_edit.h"
#include "quality/tracks.h"

namespace fairlabel::quality {

struct GoldTolerance {
  double tags_min_jaccard = 0.5;
  double box_min_iou = 0.5;
  double track_min_iou = 0.5;
  double text_min_similarity = 0.9;
  int rubric_max_difference = 1;
  double ranking_min_agreement = 0.8;
};

struct GoldJudgement {
  bool correct = false;
  double score = 0;  //!< in [0, 1]
};

GoldJudgement judge_label(const std::string& answer, const std::string& gold);
GoldJudgement judge_tags(const std::vector<std::string>& answer, const std::vector<std::string>& gold,
                         const GoldTolerance& tolerance = {});
GoldJudgement judge_boxes(const std::vector<LabeledBox>& answer, const std::vector<LabeledBox>& gold,
                          const GoldTolerance& tolerance = {});
//! Tracks must be valid for a video of `num_frames` frames.
GoldJudgement judge_tracks(const std::vector<Track>& answer, const std::vector<Track>& gold, int num_frames,
                           const GoldTolerance& tolerance = {});
GoldJudgement judge_text(const TextSubmission& answer, const TextSubmission& gold,
                         const GoldTolerance& tolerance = {});
//! Both rankings must be permutations of the same ids (else invalid_input).
GoldJudgement judge_ranking(const std::vector<std::string>& answer, const std::vector<std::string>& gold,
                            const GoldTolerance& tolerance = {});

}  // namespace fairlabel::quality
