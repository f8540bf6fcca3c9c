#pragma once
//! A task's result, and whether it needs another worker (dynamic overlap).
//!
//! Called inside the transaction that accepts an answer. Once every slot of
//! the task holds an accepted answer, the answers are aggregated by the
//! task type's method from src/quality, each worker weighted by their skill
//! estimate on the project (worker_skill.h; 0.5 when unknown):
//! - classification: the answers' vote shares are the posterior; the label
//!   is the most voted (ties to the first in byte order), the confidence its
//!   share;
//! - image_tags: each tag is a yes/no majority; a tag is in the result when
//!   more than half the workers chose it; the confidence is the weakest
//!   tag's majority share;
//! - image_bbox: quality::fuse_boxes (IoU >= 0.5, a strict majority of the
//!   workers behind each kept box, skill-weighted coordinates);
//! - video_track: quality::fuse_tracks over the video's frames (whole-track
//!   matching, so identities stay stable; the same quorum);
//! - text_rank: quality::bradley_terry, the consensus ranking strongest
//!   first, with each response's strength;
//! - text_edit: quality::choose_text, the submission closest to the others,
//!   with the median rubric scores.
//! For boxes and tracks each worker's agreement is the F1 score of their
//! objects against the kept ones; for rankings their pairwise agreement with
//! the consensus; for edits their similarity to the chosen text. The task's
//! confidence is the mean agreement (for categorical types: as above).
//!
//! Dynamic overlap (quality::decide_overlap, threshold = the project's
//! confidence_percent, between `overlap` and `max_overlap` answers): below
//! the threshold the task gets one more slot and stays open; otherwise it is
//! complete, with `result` (including each worker's `agreement` and the
//! `decision`) and `confidence_ppm`.

#include <cstdint>
#include <optional>
#include <string>

#include "store/database.h"
#include "work/work_service.h"
#include "work/work_types.h"

namespace fairlabel::work::detail {

//! Returns the task when this call completed it (completed_at left 0 for
//! the caller to set); nothing while it stays open.
std::optional<CompletedTask> settle_task(store::Connection& c, std::int64_t task_id, const std::string& task_type,
                                         const WorkSettings& settings);

}  // namespace fairlabel::work::detail
