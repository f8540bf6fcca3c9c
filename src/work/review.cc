// WorkService, reviewer side and deadlines: review claims, verdicts, and
// what happens when nobody answers in time.
#include <algorithm>
#include <set>

#include "core/error.h"
#include "work/task_rules.h"
#include "work/work_flow.h"
#include "work/work_service.h"

namespace fairlabel::work {

using accounts::Principal;
using accounts::Role;
using nlohmann::json;
using store::Connection;
using store::TxMode;
using namespace detail;

namespace {

const std::set<std::string> kVerdicts = {"accept", "accept_with_corrections", "redo", "reject"};

bool is_org_member(Connection& c, std::int64_t org_id, std::int64_t user_id) {
  return !c.execute("SELECT 1 FROM org_members WHERE org_id = $1 AND user_id = $2", {org_id, user_id}).empty();
}

//! Whether the caller may review at the stage; throws forbidden with why.
void require_stage_eligibility(Connection& c, const Principal& caller, const ProjectRow& project,
                               const ReviewStage& stage) {
  if (stage.org_staff_only) {
    if (!caller.is_admin() && !(caller.has(Role::requester) && is_org_member(c, project.org_id, caller.user_id))) {
      throw Error(ErrorKind::forbidden, "not_eligible",
                  "stage \"" + stage.name + "\" is reviewed by the requester's own staff");
    }
  } else if (!caller.has(Role::reviewer) && !caller.is_admin()) {
    throw Error(ErrorKind::forbidden, "not_eligible", "only reviewers review submissions");
  }
  if (!stage.countries.empty()) {
    auto facts = worker_facts(c, caller.user_id);
    if (std::find(stage.countries.begin(), stage.countries.end(), facts.country) == stage.countries.end()) {
      throw Error(ErrorKind::forbidden, "not_eligible",
                  "stage \"" + stage.name + "\" is reviewed from " + json(stage.countries).dump() + " only");
    }
  }
}

struct ReviewRow {
  Verdict verdict;
  std::int64_t assignment_id = 0;
  std::int64_t project_id = 0;
};

std::optional<ReviewRow> find_review(Connection& c, std::int64_t review_id) {
  auto r = c.execute(std::string("SELECT ") + kReviewColumns + ", assignment_id, project_id FROM reviews WHERE id = $1",
                     {review_id});
  if (r.empty()) return std::nullopt;
  return ReviewRow{verdict_from_row(r.rows.front()), r.rows.front().integer(14), r.rows.front().integer(15)};
}

ReviewView review_view(Connection& c, const ReviewRow& row) {
  ReviewView view;
  view.review = row.verdict;
  view.assignment = *find_assignment(c, row.assignment_id);
  auto project = *find_project(c, row.project_id);
  view.task_type = project.task_type;
  view.input =
      json::parse(c.execute("SELECT input FROM tasks WHERE id = $1", {view.assignment.task_id}).single().text(0));
  view.label_schema = require_settings(c, row.project_id).label_schema;
  view.rules = *find_rules(c, row.project_id, view.assignment.rules_version);
  for (auto& v : verdicts_of(c, row.assignment_id)) {
    if (v.review_id != row.verdict.review_id && v.status == "decided") view.earlier.push_back(std::move(v));
  }
  return view;
}

//! Checks a verdict against the rules the worker accepted; every problem is
//! reported at once.
void validate_verdict(const VerdictInput& in, const RuleVersion& rules, std::string_view task_type,
                      const json& label_schema, const json& input, const json& payload) {
  Validation v;
  if (!kVerdicts.count(in.verdict)) {
    v.fail("/verdict", "must be one of accept, accept_with_corrections, redo, reject");
  }
  bool judged = in.verdict == "redo" || in.verdict == "reject";
  if (judged) {
    if (!in.reason_code || in.reason_code->empty()) v.fail("/reason_code", "is required for a " + in.verdict);
    if (!in.evidence.is_array() || in.evidence.empty()) {
      v.fail("/evidence", "a " + in.verdict + " must pin at least one piece of evidence");
    }
  }
  if (in.verdict == "reject") {
    if (!in.clause) {
      v.fail("/clause", "a rejection must cite the numbered acceptance-rule clause it relies on");
    } else if (std::none_of(rules.clauses.begin(), rules.clauses.end(),
                            [&](const RuleClause& c) { return c.number == *in.clause; })) {
      v.fail("/clause", "rule version " + std::to_string(rules.version) +
                            ", which the worker accepted, has no clause " + *in.clause);
    }
  }
  if (in.fraud && in.verdict != "reject") v.fail("/fraud", "is only recorded with a rejection");
  if (in.verdict == "accept_with_corrections" && !in.corrected_payload) {
    v.fail("/corrected_payload", "is required to accept with corrections");
  }
  if (in.verdict != "accept_with_corrections" && in.corrected_payload) {
    v.fail("/corrected_payload", "is only taken with accept_with_corrections");
  }
  v.throw_if_failed("the verdict");
  if (!in.evidence.empty()) validate_evidence(task_type, input, payload, in.evidence, "/evidence");
  if (in.corrected_payload)
    validate_submission(task_type, label_schema, input, *in.corrected_payload, "/corrected_payload");
}

}  // namespace

ReviewView WorkService::claim_review(const Principal& caller, std::int64_t project_id, int stage) {
  const Timestamp now = clock_.now();
  std::int64_t review_id = store::transact(db_, TxMode::write, [&](Connection& c) -> std::int64_t {
    auto project = find_project(c, project_id);
    if (!project) throw Error::not_found("project " + std::to_string(project_id));
    auto settings = require_settings(c, project_id);
    if (stage < 0 || stage >= static_cast<int>(settings.review_stages.size())) {
      throw Error::invalid(
          "validation_failed", "the project has no such review stage",
          {{"/stage", "must be between 0 and " + std::to_string(settings.review_stages.size()) + " exclusive"}});
    }
    if (claim_guard_) claim_guard_(c, caller.user_id, project_id, ClaimKind::review);
    require_stage_eligibility(c, caller, *project, settings.review_stages[static_cast<std::size_t>(stage)]);
    // The review the caller holds, unless its verdict (a held rejection)
    // is already given and awaits an admin.
    auto held = c.execute(
        "SELECT id FROM reviews WHERE project_id = $1 AND stage = $2 AND status = 'claimed' "
        "AND reviewer_id = $3 AND NOT EXISTS (SELECT 1 FROM held_rejections h WHERE h.review_id = reviews.id) "
        "ORDER BY id LIMIT 1",
        {project_id, std::int64_t{stage}, caller.user_id});
    if (!held.empty()) return held.single().integer(0);
    // Never one's own work, never the same submission at two stages (the
    // reviewer who asked for a redo may judge the redone work at that stage).
    std::string sql =
        "SELECT r.id FROM reviews r JOIN assignments a ON a.id = r.assignment_id "
        "WHERE r.project_id = $1 AND r.stage = $2 AND r.status = 'open' AND r.deadline_at > $4 "
        "AND a.worker_id <> $3 AND NOT EXISTS (SELECT 1 FROM reviews o WHERE o.assignment_id = r.assignment_id "
        "AND o.reviewer_id = $3 AND o.stage <> r.stage) ORDER BY r.id LIMIT 1";
    if (c.dialect() == store::Dialect::postgres) sql += " FOR UPDATE OF r SKIP LOCKED";
    auto open = c.execute(sql, {project_id, std::int64_t{stage}, caller.user_id, now});
    if (open.empty()) {
      throw Error(
          ErrorKind::conflict, "no_review_available",
          "nothing is waiting for you at stage " + std::to_string(stage) + " of project " + std::to_string(project_id));
    }
    auto id = open.single().integer(0);
    auto taken = c.execute(
        "UPDATE reviews SET status = 'claimed', reviewer_id = $2, claimed_at = $3 "
        "WHERE id = $1 AND status = 'open'",
        {id, caller.user_id, now});
    if (taken.affected_rows != 1)
      throw store::StoreError(store::StoreErrorKind::retryable, "review taken concurrently");
    auto assignment_id = c.execute("SELECT assignment_id FROM reviews WHERE id = $1", {id}).single().integer(0);
    record_event(c, assignment_id, now, caller.user_id, "review_claimed", {{"stage", stage}, {"review_id", id}});
    return id;
  });
  return review(caller, review_id);
}

ReviewView WorkService::review(const Principal& caller, std::int64_t review_id) {
  return store::transact(db_, TxMode::read, [&](Connection& c) {
    auto row = find_review(c, review_id);
    if (!row) throw Error::not_found("review " + std::to_string(review_id));
    if (row->verdict.reviewer_id != caller.user_id) {
      try {
        load_project(c, caller, row->project_id, orgs::OrgAccess::read);
      } catch (const Error&) {
        throw Error::not_found("review " + std::to_string(review_id));
      }
    }
    return review_view(c, *row);
  });
}

Verdict WorkService::decide(const Principal& caller, std::int64_t review_id, const VerdictInput& in) {
  const Timestamp now = clock_.now();
  return store::transact(db_, TxMode::write, [&](Connection& c) {
    auto row = find_review(c, review_id);
    if (!row || row->verdict.reviewer_id != caller.user_id)
      throw Error::not_found("review " + std::to_string(review_id));
    if (row->verdict.status != "claimed") {
      throw Error(ErrorKind::conflict, "review_closed",
                  "review " + std::to_string(review_id) + " was already decided" +
                      (row->verdict.verdict ? " (" + *row->verdict.verdict + ")" : std::string()));
    }
    if (!c.execute("SELECT 1 FROM held_rejections WHERE review_id = $1", {review_id}).empty()) {
      throw Error(ErrorKind::conflict, "rejection_pending_approval",
                  "your rejection of this work awaits a second admin's approval");
    }
    auto a = *find_assignment(c, row->assignment_id);
    auto project = *find_project(c, row->project_id);
    auto settings = require_settings(c, row->project_id);
    auto rules = *find_rules(c, row->project_id, a.rules_version);
    auto input = json::parse(c.execute("SELECT input FROM tasks WHERE id = $1", {a.task_id}).single().text(0));
    validate_verdict(in, rules, project.task_type, settings.label_schema, input, a.payload.value_or(json::object()));

    // Anti-retaliation (the gate is the app layer's): a rejection may have
    // to wait for a second admin; nothing else changes meanwhile.
    if (in.verdict == "reject" && rejection_gate_) {
      if (auto why = rejection_gate_(c, a, review_id, caller.user_id)) {
        hold_rejection(c, a, review_id, row->verdict.stage, caller.user_id, in, *why, now, hooks_.decided);
        return find_review(c, review_id)->verdict;
      }
    }

    std::optional<std::string> diff;
    if (in.corrected_payload) diff = correction_diff(project.task_type, *a.payload, *in.corrected_payload).dump();
    auto opt = [](const std::optional<std::string>& s) { return s ? store::Value(*s) : store::Value(nullptr); };
    auto changed = c.execute(
        "UPDATE reviews SET status = 'decided', verdict = $2, reason_code = $3, clause = $4, comment = $5, "
        "evidence = $6, corrected_payload = $7, diff = $8, decided_at = $9 WHERE id = $1 AND status = 'claimed'",
        {review_id, in.verdict, opt(in.reason_code), opt(in.clause), opt(in.comment), in.evidence.dump(),
         in.corrected_payload ? store::Value(in.corrected_payload->dump()) : store::Value(nullptr), opt(diff), now});
    if (changed.affected_rows != 1) throw store::StoreError(store::StoreErrorKind::retryable, "review changed");
    json detail = {{"stage", row->verdict.stage}, {"review_id", review_id}, {"verdict", in.verdict}};
    if (in.reason_code) detail["reason_code"] = *in.reason_code;
    if (in.clause) detail["clause"] = *in.clause;
    record_event(c, a.id, now, caller.user_id, "verdict", detail);
    if (hooks_.decided) {
      hooks_.decided(c, {caller.user_id, "verdict." + in.verdict, "assignment:" + std::to_string(a.id),
                         in.comment.value_or(in.reason_code.value_or("")), detail, a.worker_id});
    }

    if (in.verdict == "accept" || in.verdict == "accept_with_corrections") {
      stage_accepted(c, a, settings, now, hooks_.accepted, hooks_.completed, false);
    } else if (in.verdict == "redo") {
      // Back to the same worker, with a fresh lease as the window to redo it.
      c.execute("UPDATE assignments SET status = 'redo', lease_expires_at = $2, last_heartbeat_at = $3 WHERE id = $1",
                {a.id, now + settings.lease_seconds * kMicrosPerSecond, now});
    } else {
      apply_rejection(c, a, settings, review_id, in.clause.value_or(""), in.evidence, in.fraud, now, hooks_.rejected);
    }
    return find_review(c, review_id)->verdict;
  });
}

DeadlineReport WorkService::run_deadlines() {
  const Timestamp now = clock_.now();
  return store::transact(db_, TxMode::write, [&](Connection& c) {
    DeadlineReport report;
    report.leases_expired = expire_leases(c, now, std::nullopt);
    // A redo window that passes without a new submission returns the
    // previous submission to the first stage: the work was done and is
    // judged as it stands, not dropped.
    auto redos =
        c.execute(std::string("SELECT ") + kAssignmentColumns +
                      " FROM assignments WHERE status = 'redo' AND lease_expires_at <= $1 ORDER BY id LIMIT 500",
                  {now});
    // Every due item is taken with a conditional update and skipped when
    // another server's timer took it first: under READ COMMITTED the second
    // update waits for the first to commit, then finds the row changed.
    for (const auto& r : redos.rows) {
      Assignment a = assignment_from_row(r);
      if (c.execute("UPDATE assignments SET status = 'in_review' WHERE id = $1 AND status = 'redo'", {a.id})
              .affected_rows != 1) {
        continue;
      }
      auto settings = require_settings(c, a.project_id);
      record_event(c, a.id, now, std::nullopt, "redo_window_passed");
      open_review(c, a, settings, 0, now);
      ++report.redos_returned;
    }
    // Silence accepts: a stage without a verdict by its deadline passes.
    auto due = c.execute(
        "SELECT id, assignment_id, stage FROM reviews WHERE status IN ('open', 'claimed') "
        "AND deadline_at <= $1 ORDER BY id LIMIT 500",
        {now});
    for (const auto& r : due.rows) {
      auto id = r.integer(0);
      auto taken = c.execute(
          "UPDATE reviews SET status = 'decided', verdict = 'auto_accept', decided_at = $2 "
          "WHERE id = $1 AND status IN ('open', 'claimed')",
          {id, now});
      if (taken.affected_rows != 1) continue;
      Assignment a = *find_assignment(c, r.integer(1));
      record_event(c, a.id, now, std::nullopt, "verdict",
                   {{"stage", r.integer(2)},
                    {"review_id", id},
                    {"verdict", "auto_accept"},
                    {"reason", "no verdict by the stage deadline"}});
      if (hooks_.decided) {
        hooks_.decided(c, {std::nullopt,
                           "verdict.auto_accept",
                           "assignment:" + std::to_string(a.id),
                           "no verdict by the stage deadline",
                           {{"stage", r.integer(2)}, {"review_id", id}},
                           a.worker_id});
      }
      lapse_held_rejection(c, a, id, now, hooks_.decided);
      stage_accepted(c, a, require_settings(c, a.project_id), now, hooks_.accepted, hooks_.completed, true);
      ++report.reviews_auto_accepted;
    }
    return report;
  });
}

}  // namespace fairlabel::work
