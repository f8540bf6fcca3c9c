#pragma once
//! The work pipeline: requesters configure and load projects, workers claim,
//! work and submit, reviewers decide stage by stage, and deadlines decide
//! when people do not.
//!
//! Rules this service enforces (every entry point checks role and tenancy):
//! - Configuration (settings, rules, tasks, activation) is for the project's
//!   organisation owners and admins; members and auditors read.
//! - A claim honours the project's eligibility (country, region,
//!   qualifications), never hands a worker the same task twice, never hands
//!   one slot to two workers, and mixes in gold tasks at the project's rate.
//!   Claims are leases: heartbeats extend them and measure active time; an
//!   expired lease returns the slot to the pool and keeps the time recorded.
//! - Active time: a heartbeat with `active` adds the time since the previous
//!   heartbeat, at most kMaxHeartbeatGap (a longer silence is idle time and
//!   is not counted); `active: false` (tab hidden, no input) adds nothing.
//!   Submitting counts the interval since the last heartbeat the same way.
//! - Each submission passes the review stages in order. Reviewers never
//!   review their own work nor the same submission at two stages. A stage
//!   without a verdict by its deadline accepts the work. A redo sends the
//!   work back to the same worker, who resubmits and is judged again from the
//!   first stage; a rejection must cite a clause of the rule version the
//!   worker accepted, a reason code and evidence.
//! - Standing: every task and review claim first asks the claim guard the
//!   app layer installs (worker protection: sanctions in effect, platform
//!   terms accepted). This service knows nothing of sanctions or terms; it
//!   records the terms version the guard names on the assignment, as it
//!   records the rules version.
//! - Held rejections: a reject verdict the rejection gate (installed by the
//!   app layer: anti-retaliation) asks to hold does not take effect. The
//!   review stays claimed, the work stays in review, and an admin other than
//!   the reviewer approves it (the rejection then applies exactly as a
//!   reviewer's would, floor pay included) or refuses it (the stage accepts
//!   the work: the worker gets the benefit of the doubt, and with no later
//!   stage is paid the piece rate). If the review deadline comes first, the
//!   work is auto-accepted as any unreviewed work and the hold lapses.
//! - Rule changes publish a new version; an assignment keeps the version it
//!   was claimed under, so a later change never applies to work already done.
//!
//! Time comes from the injected clock; `run_deadlines()` applies everything
//! that is due (expired leases, review deadlines) and is called by the
//! server's timer, by claims, and by tests after they move the clock.

#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "accounts/roles.h"
#include "core/clock.h"
#include "core/page.h"
#include "core/random.h"
#include "store/database.h"
#include "work/work_types.h"

namespace fairlabel::work {

//! Longest gap between two heartbeats that still counts as active time.
//! The task page beats every 15 s while the worker is active.
constexpr std::int64_t kMaxHeartbeatGapUs = 60 * kMicrosPerSecond;

//! What the pay side needs to know about accepted or rejected work.
struct JudgedWork {
  const Assignment& assignment;
  const WorkSettings& settings;
  std::int64_t org_id = 0;
  //! The project's median measured time of accepted work (the requester's
  //! estimate while there is none).
  std::int64_t median_seconds = 0;
  bool by_deadline = false;  //!< accepted because no verdict came in time
  // Rejections only:
  std::int64_t review_id = 0;
  std::string clause;
  std::string evidence;  //!< the pinned evidence, as JSON text
  bool fraud = false;
};

//! Called inside the transaction that accepts (or rejects) an assignment:
//! the money module pays there, so the decision and its pay commit together.
using AcceptanceHook = std::function<void(store::Connection&, const JudgedWork&)>;
using RejectionHook = std::function<void(store::Connection&, const JudgedWork&)>;

//! A task whose result became final: every slot holds an accepted answer
//! and the aggregated confidence reached the project's threshold (or the
//! overlap reached its maximum). Gold tasks never complete.
struct CompletedTask {
  std::int64_t task_id = 0;
  std::int64_t project_id = 0;
  nlohmann::json result;          //!< as stored in tasks.result
  std::int64_t confidence_ppm = 0;
  Timestamp completed_at = 0;
};
//! Called inside the transaction that completes a task (integrations such
//! as webhooks record their event there, so it commits with the result).
using TaskCompletionHook = std::function<void(store::Connection&, const CompletedTask&)>;

//! A decision the audit log records (review verdicts, rule publications):
//! who, what, about which record and why. Reported inside the decision's
//! transaction, so the record commits with the decision or not at all.
struct WorkDecision {
  std::optional<std::int64_t> actor_id;  //!< none: a deadline decided
  std::string action;                    //!< "verdict.accept", "verdict.reject", "rules.published", …
  std::string subject;                   //!< "assignment:12", "project:3"
  std::string reason;
  nlohmann::json detail = nlohmann::json::object();
  std::optional<std::int64_t> worker_id;  //!< the worker a verdict concerns
};
using DecisionHook = std::function<void(store::Connection&, const WorkDecision&)>;

//! What a claim is for.
enum class ClaimKind { task, review };

//! What the claim guard found: the platform terms version the claim is made
//! under (none when no terms were ever published).
struct ClaimClearance {
  std::optional<std::int64_t> terms_version;
};

//! Runs first in every claim's transaction; throws fairlabel::Error to
//! refuse the claim (a suspended account, terms not accepted, …).
using ClaimGuard =
    std::function<ClaimClearance(store::Connection&, std::int64_t user_id, std::int64_t project_id, ClaimKind kind)>;

//! Asked, in the verdict's transaction, about every reject verdict: returns
//! why it must be held for a second admin's approval (recorded with it), or
//! nothing to let it take effect at once.
using RejectionGate = std::function<std::optional<nlohmann::json>(store::Connection&, const Assignment& assignment,
                                                                  std::int64_t review_id, std::int64_t reviewer_id)>;

//! Summary of one deadline sweep.
struct DeadlineReport {
  int leases_expired = 0;
  int reviews_auto_accepted = 0;
  int redos_returned = 0;
};

class WorkService {
 public:
  WorkService(store::Database& db, const Clock& clock, std::uint64_t seed);

  void set_acceptance_hook(AcceptanceHook hook) { hooks_.accepted = std::move(hook); }
  void set_rejection_hook(RejectionHook hook) { hooks_.rejected = std::move(hook); }
  void set_decision_hook(DecisionHook hook) { hooks_.decided = std::move(hook); }
  void set_task_completion_hook(TaskCompletionHook hook) { hooks_.completed = std::move(hook); }
  void set_claim_guard(ClaimGuard guard) { claim_guard_ = std::move(guard); }
  void set_rejection_gate(RejectionGate gate) { rejection_gate_ = std::move(gate); }

  // ---- requester: configuration -------------------------------------------
  WorkSettings settings(const accounts::Principal& caller, std::int64_t project_id);
  //! Replaces the project's work settings (validated as a whole; field errors
  //! point into the settings document).
  WorkSettings put_settings(const accounts::Principal& caller, std::int64_t project_id, const WorkSettings& settings);
  //! Publishes a new version of the numbered acceptance rules.
  RuleVersion publish_rules(const accounts::Principal& caller, std::int64_t project_id,
                            const std::vector<std::string>& clause_texts);
  //! The project's task type, if the caller may change the project
  //! (uploads and imports check this before touching files).
  std::string editable_task_type(const accounts::Principal& caller, std::int64_t project_id);
  RuleVersion current_rules(const accounts::Principal& caller, std::int64_t project_id);
  //! Adds tasks (already validated task inputs) in one transaction, each with
  //! `overlap` slots; gold tasks carry their expected answer and no slots.
  //! `prefill` (pre-annotations, aligned with `inputs`): labels a worker's
  //! draft starts from, validated like a submission; never on a gold task.
  std::vector<std::int64_t> add_tasks(const accounts::Principal& caller, std::int64_t project_id,
                                      const std::vector<nlohmann::json>& inputs,
                                      const std::vector<std::optional<nlohmann::json>>& gold = {},
                                      const std::vector<std::optional<nlohmann::json>>& prefill = {});
  //! How a streamed import reaches the project: check() validates one task
  //! input against the project's task type and label schema (throws
  //! Error{invalid_input} with field errors pointing into the input); add()
  //! queues a checked input for insertion.
  struct TaskSink {
    std::function<void(const nlohmann::json&)> check;
    std::function<void(const nlohmann::json&)> add;
  };
  struct AddedTasks {
    std::int64_t count = 0, first_id = 0, last_id = 0;
  };
  //! Adds tasks as `produce` hands them to its sink, all in one write
  //! transaction, written in multi-row batches (work/task_inserter.h): a
  //! million-line manifest is never held in memory. All-or-nothing: if
  //! `produce` throws, nothing is written. Ordinary tasks only (no gold).
  AddedTasks add_tasks_streamed(const accounts::Principal& caller, std::int64_t project_id,
                                const std::function<void(const TaskSink&)>& produce);
  Page<Task> tasks(const accounts::Principal& caller, std::int64_t project_id, const PageRequest& page);
  //! All assignments of a project (requester, auditor, admin).
  Page<Assignment> project_assignments(const accounts::Principal& caller, std::int64_t project_id,
                                       const PageRequest& page);
  //! Puts the project live: settings, rules and tasks must exist. (Funding
  //! is checked by the activation guard the money module installs.)
  void activate(const accounts::Principal& caller, std::int64_t project_id);
  using ActivationGuard = std::function<void(store::Connection&, std::int64_t project_id, const WorkSettings&)>;
  void set_activation_guard(ActivationGuard guard) { activation_guard_ = std::move(guard); }

  // ---- worker ---------------------------------------------------------------
  std::vector<Offer> offers(const accounts::Principal& caller);
  //! Claims the next task of an active project; not_found "no_task_available"
  //! (409) when the worker has nothing left there.
  AssignmentView claim(const accounts::Principal& caller, std::int64_t project_id);
  AssignmentView assignment(const accounts::Principal& caller, std::int64_t assignment_id);
  Page<Assignment> my_assignments(const accounts::Principal& caller, const PageRequest& page);
  //! The caller's skill per project (gold accuracy with its uncertainty,
  //! agreement with consensus), with how it was computed.
  std::vector<SkillEstimate> my_skill(const accounts::Principal& caller);
  Assignment heartbeat(const accounts::Principal& caller, std::int64_t assignment_id, bool active);
  Assignment save_draft(const accounts::Principal& caller, std::int64_t assignment_id, const nlohmann::json& draft);
  Assignment submit(const accounts::Principal& caller, std::int64_t assignment_id, const nlohmann::json& payload);

  // ---- reviewer -------------------------------------------------------------
  //! Claims the oldest open review of `stage` (0-based) the caller may do.
  ReviewView claim_review(const accounts::Principal& caller, std::int64_t project_id, int stage);
  ReviewView review(const accounts::Principal& caller, std::int64_t review_id);
  //! A reject verdict the rejection gate holds returns the review still
  //! `claimed`; see held_rejections().
  Verdict decide(const accounts::Principal& caller, std::int64_t review_id, const VerdictInput& input);

  // ---- admin: held rejections ---------------------------------------------------
  //! Held rejections, newest first; `pending_only` for the ones awaiting a
  //! decision. Admins and auditors.
  std::vector<HeldRejection> held_rejections(const accounts::Principal& caller, bool pending_only, int limit);
  //! An admin other than the reviewer approves (`approve`) or refuses a held
  //! rejection, saying why. Error{forbidden, "approver_is_reviewer"};
  //! Error{conflict, "rejection_decided"} once it was decided or lapsed
  //! (also when two admins decide at once: the first wins).
  HeldRejection decide_held_rejection(const accounts::Principal& caller, std::int64_t review_id, bool approve,
                                      const std::string& reason);

  // ---- the platform -----------------------------------------------------------
  DeadlineReport run_deadlines();

 private:
  store::Database& db_;
  const Clock& clock_;
  Random random_;
  std::mutex random_mutex_;
  struct Hooks {
    AcceptanceHook accepted;
    RejectionHook rejected;
    DecisionHook decided;
    TaskCompletionHook completed;
  } hooks_;
  ActivationGuard activation_guard_;
  ClaimGuard claim_guard_;
  RejectionGate rejection_gate_;

  friend struct WorkInternals;
};

}  // namespace fairlabel::work
