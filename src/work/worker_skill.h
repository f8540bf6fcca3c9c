#pragma once
//! A worker's skill on one project, as the pipeline uses it (internal to
//! src/work/): the gold answers judged so far, kept in `worker_skill` by the
//! transaction that judges each gold answer.
//!
//! The estimate is the posterior mean (correct + 1) / (answered + 2) — the
//! same figure GET /me/skill shows the worker (quality::make_gold_score);
//! a worker with no gold yet is at 0.5, so unknown workers weigh the same.
//! It is used for two things and never for pay:
//!  - routing: contested slots — the extra answers dynamic overlap asks for
//!    when the first answers disagree — go first to workers whose estimate
//!    reaches the project's confidence threshold (dispatch.cc);
//!  - fusion weights: boxes, tracks and rankings are averaged with each
//!    worker's estimate as weight (task_results.cc).

#include <cstdint>
#include <map>
#include <vector>

#include "store/database.h"

namespace fairlabel::work::detail {

struct WorkerSkill {
  std::int64_t gold_answered = 0;
  std::int64_t gold_correct = 0;
  //! (correct + 1) / (answered + 2), in (0, 1).
  double estimate() const;
  //! estimate() >= percent / 100, in integers: (correct + 1) * 100 >=
  //! percent * (answered + 2).
  bool reaches(int percent) const;
};

//! Adds one judged gold answer.
void record_gold_judgement(store::Connection& c, std::int64_t project_id, std::int64_t worker_id, bool correct);

WorkerSkill skill_of(store::Connection& c, std::int64_t project_id, std::int64_t worker_id);

//! The estimates of `workers` on the project (0.5 for those with no gold).
std::map<std::int64_t, double> skill_estimates(store::Connection& c, std::int64_t project_id,
                                               const std::vector<std::int64_t>& workers);

}  // namespace fairlabel::work::detail
