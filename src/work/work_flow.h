#pragma once
//! State transitions shared by the worker, reviewer and deadline paths
//! (internal to src/work/). Each runs inside the caller's write transaction.

#include <optional>

#include "store/database.h"
#include "work/work_service.h"
#include "work/work_store.h"

namespace fairlabel::work::detail {

//! Opens the review of `stage` for the assignment's current attempt.
void open_review(store::Connection& c, const Assignment& a, const WorkSettings& settings, int stage, Timestamp now);

//! The current stage accepted the work (a reviewer or its deadline): on to
//! the next stage, or final acceptance after the last one.
void stage_accepted(store::Connection& c, const Assignment& a, const WorkSettings& settings, Timestamp now,
                    const AcceptanceHook& hook, const TaskCompletionHook& completed, bool by_deadline);

//! Final acceptance: the assignment is accepted and paid (through `hook`),
//! and the task completes once `overlap` assignments are accepted (then
//! `completed` is told, in the same transaction).
void accept(store::Connection& c, const Assignment& a, const WorkSettings& settings, Timestamp now,
            const AcceptanceHook& hook, const TaskCompletionHook& completed, bool by_deadline);

//! A rejection takes effect (its review is already recorded as decided):
//! the assignment is rejected, its slot reopens, and `hook` pays the
//! measured time at the wage floor unless fraud is recorded.
void apply_rejection(store::Connection& c, const Assignment& a, const WorkSettings& settings, std::int64_t review_id,
                     const std::string& clause, const nlohmann::json& evidence, bool fraud, Timestamp now,
                     const RejectionHook& hook);

//! Holds a reject verdict for a second admin's approval (held_rejections);
//! the review stays claimed. Reports "verdict.reject_held" to `decided`.
void hold_rejection(store::Connection& c, const Assignment& a, std::int64_t review_id, int stage,
                    std::int64_t reviewer_id, const VerdictInput& in, const nlohmann::json& why_held, Timestamp now,
                    const DecisionHook& decided);

//! The review deadline auto-accepted a review: a rejection held on it
//! lapses (reported as "rejection.lapsed"). Returns whether one did.
bool lapse_held_rejection(store::Connection& c, const Assignment& a, std::int64_t review_id, Timestamp now,
                          const DecisionHook& decided);

//! The organisation that owns a project.
std::int64_t org_of(store::Connection& c, std::int64_t project_id);

//! Frees the slot an assignment holds, so another worker can take it.
void release_slot(store::Connection& c, std::int64_t assignment_id);

//! Time measured by a heartbeat or submission arriving at `now`.
std::int64_t counted_active_us(const Assignment& a, Timestamp last_heartbeat_at, Timestamp now, bool active);

//! Expires the due leases (of one project, or all) and returns how many.
int expire_leases(store::Connection& c, Timestamp now, std::optional<std::int64_t> project_id);

//! The project's median measured time of accepted work, in whole seconds,
//! if any work was accepted and the median is at least a second. Kept in
//! project_medians (see count_acceptance), so reading it is one row.
std::optional<std::int64_t> median_active_seconds(store::Connection& c, std::int64_t project_id);

//! Counts one more accepted answer of the project and refreshes its median
//! while it has few answers, then each time their number grew by 5 %.
void count_acceptance(store::Connection& c, std::int64_t project_id);

}  // namespace fairlabel::work::detail
