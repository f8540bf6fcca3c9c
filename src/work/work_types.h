#pragma once
//! The records of the work pipeline: a project's work settings and
//! acceptance rules, tasks, assignments and review verdicts.
//!
//! Lifecycle of an assignment (one worker's turn on one slot of a task):
//!
//!   leased ──submit──▶ in_review ──stage accepts──▶ in_review(next stage) … ──▶ accepted
//!     │                   │  └──redo──▶ redo ──submit──▶ in_review (stage 0, attempt+1)
//!     │                   └──reject──▶ rejected   (the slot opens for another worker)
//!     │                         └─(held: the worker disputed recently)─▶ in_review until a second
//!     │                            admin approves (rejected) or refuses (the stage accepts)
//!     └──lease passes──▶ expired                  (the slot opens; the time worked stays recorded)
//!
//! With no review stages a submission is accepted at once. A stage with no
//! verdict by its deadline accepts the work (`auto_accept`): silence never
//! costs the worker.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"

namespace fairlabel::work {

//! Who may review at one stage.
struct ReviewStage {
  std::string name;
  std::int64_t deadline_seconds = 0;  //!< from the stage's opening to auto-acceptance
  //! ISO 3166-1 codes a reviewer's profile country must be in; empty: any.
  std::vector<std::string> countries;
  //! Only members of the project's own organisation (the requester's staff)
  //! review at this stage; otherwise users with the reviewer role do.
  bool org_staff_only = false;
};

//! Who may work on a project.
struct Eligibility {
  std::vector<std::string> countries;       //!< empty: any
  std::vector<std::string> regions;         //!< ISO 3166-2; empty: any region of an allowed country
  std::vector<std::string> qualifications;  //!< all required
};

//! A training ("bootcamp") project: its tasks are gold, the worker sees
//! feedback on each answer, and passing grants a qualification.
struct Training {
  int pass_percent = 80;
  std::string grants;  //!< the qualification granted on passing
};

struct WorkSettings {
  nlohmann::json label_schema = nlohmann::json::object();
  std::int64_t piece_rate_minor = 0;
  std::string currency = "USD";
  std::int64_t time_estimate_seconds = 60;
  int overlap = 1;
  int max_overlap = 1;
  //! Dynamic overlap: once `overlap` answers are accepted, a task whose
  //! aggregated answer is less confident than this gets another worker, up
  //! to max_overlap (categorical task types).
  int confidence_percent = 70;
  std::vector<ReviewStage> review_stages;
  int gold_share_percent = 0;
  Eligibility eligibility;
  std::int64_t lease_seconds = 1800;
  std::optional<Training> training;
};

struct RuleClause {
  std::string number;  //!< "1", "2", … — what a rejection cites
  std::string text;
};

struct RuleVersion {
  std::int64_t project_id = 0;
  std::int64_t version = 0;
  std::vector<RuleClause> clauses;
  Timestamp published_at = 0;
};

struct Task {
  std::int64_t id = 0;
  std::int64_t project_id = 0;
  nlohmann::json input;
  bool is_gold = false;
  std::string status;
  std::optional<nlohmann::json> result;
  std::optional<std::int64_t> confidence_ppm;
  int slots = 0;        //!< overlap slots
  int slots_taken = 0;  //!< held by a live or accepted assignment
};

struct WorkEvent {
  Timestamp at = 0;
  std::optional<std::int64_t> actor_id;
  std::string kind;
  nlohmann::json detail;
};

struct Verdict {
  std::int64_t review_id = 0;
  int stage = 0;
  int attempt = 0;
  std::string status;  //!< open, claimed, decided
  std::optional<std::int64_t> reviewer_id;
  Timestamp deadline_at = 0;
  std::optional<std::string> verdict;
  std::optional<std::string> reason_code;
  std::optional<std::string> clause;
  std::optional<std::string> comment;
  nlohmann::json evidence = nlohmann::json::array();
  std::optional<nlohmann::json> corrected_payload;
  std::optional<nlohmann::json> diff;
  std::optional<Timestamp> decided_at;
};

struct Assignment {
  std::int64_t id = 0;
  std::int64_t task_id = 0;
  std::int64_t project_id = 0;
  std::int64_t worker_id = 0;
  bool is_gold = false;
  std::string status;
  std::int64_t rules_version = 0;
  //! The platform terms in force when it was claimed (none: none published).
  std::optional<std::int64_t> terms_version;
  int attempt = 1;
  int review_stage = 0;
  Timestamp claimed_at = 0;
  Timestamp lease_expires_at = 0;
  std::int64_t active_us = 0;
  std::optional<nlohmann::json> draft;
  std::optional<nlohmann::json> payload;
  std::optional<Timestamp> submitted_at;
  std::optional<Timestamp> decided_at;
};

//! What a worker sees when working: the assignment with everything needed
//! to do the task and to know the rules it is judged by.
struct AssignmentView {
  Assignment assignment;
  std::string task_type;
  nlohmann::json input;
  nlohmann::json label_schema;
  std::string instructions;
  RuleVersion rules;
  std::vector<Verdict> verdicts;
  std::vector<WorkEvent> events;
};

//! A review a reviewer holds: the submission and what earlier stages said.
struct ReviewView {
  Verdict review;
  Assignment assignment;
  std::string task_type;
  nlohmann::json input;
  nlohmann::json label_schema;
  RuleVersion rules;  //!< the version the worker accepted
  std::vector<Verdict> earlier;
};

//! A reviewer's decision.
struct VerdictInput {
  std::string verdict;  //!< accept, accept_with_corrections, redo, reject
  std::optional<std::string> reason_code;
  std::optional<std::string> clause;
  std::optional<std::string> comment;
  nlohmann::json evidence = nlohmann::json::array();
  std::optional<nlohmann::json> corrected_payload;
  //! A rejection that records fraud (with its evidence) pays nothing for
  //! the time; the worker can appeal it like any decision.
  bool fraud = false;
};

//! A reject verdict held until an admin other than the reviewer approves or
//! refuses it (anti-retaliation; see WorkService::set_rejection_gate).
struct HeldRejection {
  std::int64_t review_id = 0;
  std::int64_t assignment_id = 0;
  std::int64_t project_id = 0;
  std::int64_t worker_id = 0;
  std::int64_t reviewer_id = 0;
  std::string reason_code;
  std::string clause;
  std::optional<std::string> comment;
  nlohmann::json evidence = nlohmann::json::array();
  bool fraud = false;
  nlohmann::json why_held = nlohmann::json::object();
  std::string state;  //!< pending, approved, refused, lapsed (the review deadline passed first)
  Timestamp held_at = 0;
  Timestamp review_deadline_at = 0;  //!< if still pending then, the work is accepted
  std::optional<std::int64_t> decided_by;
  std::optional<Timestamp> decided_at;
  std::optional<std::string> decision_reason;
};

//! A worker's skill on one project, as shown to that worker: how it was
//! computed is part of the answer. It steers routing, never pay.
struct SkillEstimate {
  std::int64_t project_id = 0;
  std::string project_name;
  std::int64_t gold_answered = 0;
  std::int64_t gold_correct = 0;
  double accuracy = 0;                         //!< gold_correct / gold_answered
  double posterior_mean = 0.5;                 //!< (correct + 1) / (answered + 2): the estimate used
  double interval_low = 0, interval_high = 1;  //!< Wilson 95 %
  std::int64_t consensus_answered = 0;         //!< completed tasks with a consensus result
  std::int64_t consensus_agreed = 0;           //!< of which the worker's agreement was >= 0.5
  double consensus_mean_agreement = 0;         //!< mean agreement with the results, in [0, 1]
  std::string method;
};

//! A project as offered to a worker before claiming.
struct Offer {
  std::int64_t project_id = 0;
  std::string name;
  std::string task_type;
  std::int64_t piece_rate_minor = 0;
  std::string currency;
  //! Median measured active time of accepted work; the requester's estimate
  //! until there is any.
  std::int64_t median_seconds = 0;
  bool median_is_estimate = true;
  std::int64_t open_slots = 0;
};

}  // namespace fairlabel::work
