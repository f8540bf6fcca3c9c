#pragma once
//! A task's result, and whether it needs another worker (dynamic overlap).
//!
//! Called inside the transaction that accepts an answer. Once every slot of
//! the task holds an accepted answer:
//! - classification: the answers' majority-vote distribution is the
//!   posterior; quality::decide_overlap (threshold = the project's
//!   confidence_percent, between `overlap` and `max_overlap` answers)
//!   either opens one more slot (the task stays open and the next claim gets
//!   it) or completes the task with its label and confidence;
//! - image_tags: each tag is a yes/no majority; a tag is in the result when
//!   more than half the workers chose it; the confidence is the weakest
//!   tag's majority share; the same overlap rule applies;
//! - other types: the task completes with the answers listed in `result`
//!   (fusion of boxes, tracks, rankings and edits is done by src/quality's
//!   fusers, not yet wired here).

#include <cstdint>
#include <string>

#include "store/database.h"
#include "work/work_types.h"

namespace fairlabel::work::detail {

void settle_task(store::Connection& c, std::int64_t task_id, const std::string& task_type,
                 const WorkSettings& settings);

}  // namespace fairlabel::work::detail
