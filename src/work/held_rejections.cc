// WorkService, held rejections: a reject verdict the rejection gate holds
// (anti-retaliation) waits for an admin other than the reviewer. Approved,
// it applies exactly as the reviewer's verdict would have; refused, the
// stage accepts the work; if the review deadline comes first, the work is
// auto-accepted like any unreviewed work and the hold lapses.
#include "core/error.h"
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

constexpr const char* kHeldColumns =
    "h.review_id, h.assignment_id, a.project_id, h.worker_id, h.reviewer_id, h.reason_code, h.clause, h.comment, "
    "h.evidence, h.fraud, h.why_held, h.state, h.held_at, r.deadline_at, h.decided_by, h.decided_at, "
    "h.decision_reason";
constexpr const char* kHeldFrom =
    " FROM held_rejections h JOIN assignments a ON a.id = h.assignment_id JOIN reviews r ON r.id = h.review_id";

HeldRejection held_from_row(const store::Row& row) {
  HeldRejection h;
  h.review_id = row.integer(0);
  h.assignment_id = row.integer(1);
  h.project_id = row.integer(2);
  h.worker_id = row.integer(3);
  h.reviewer_id = row.integer(4);
  h.reason_code = row.text(5);
  h.clause = row.text(6);
  h.comment = row.optional_text(7);
  h.evidence = json::parse(row.text(8));
  h.fraud = row.integer(9) != 0;
  h.why_held = json::parse(row.text(10));
  h.state = row.text(11);
  h.held_at = row.integer(12);
  h.review_deadline_at = row.integer(13);
  h.decided_by = row.optional_integer(14);
  h.decided_at = row.optional_integer(15);
  h.decision_reason = row.optional_text(16);
  return h;
}

std::optional<HeldRejection> find_held(Connection& c, std::int64_t review_id) {
  auto r = c.execute(std::string("SELECT ") + kHeldColumns + kHeldFrom + " WHERE h.review_id = $1", {review_id});
  if (r.empty()) return std::nullopt;
  return held_from_row(r.single());
}

std::string subject_of(std::int64_t assignment_id) {
  return "assignment:" + std::to_string(assignment_id);
}

}  // namespace

namespace detail {

void hold_rejection(Connection& c, const Assignment& a, std::int64_t review_id, int stage, std::int64_t reviewer_id,
                    const VerdictInput& in, const json& why_held, Timestamp now, const DecisionHook& decided) {
  c.execute(
      "INSERT INTO held_rejections (review_id, assignment_id, worker_id, reviewer_id, reason_code, clause, comment, "
      "evidence, fraud, why_held, state, held_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'pending', $11)",
      {review_id, a.id, a.worker_id, reviewer_id, in.reason_code.value_or(""), in.clause.value_or(""),
       in.comment ? store::Value(*in.comment) : store::Value(nullptr), in.evidence.dump(),
       std::int64_t{in.fraud ? 1 : 0}, why_held.dump(), now});
  json detail = {{"stage", stage},
                 {"review_id", review_id},
                 {"verdict", "reject"},
                 {"reason_code", in.reason_code.value_or("")},
                 {"clause", in.clause.value_or("")},
                 {"held", why_held}};
  record_event(c, a.id, now, reviewer_id, "rejection_held", detail);
  if (decided) {
    decided(c,
            {reviewer_id, "verdict.reject_held", subject_of(a.id),
             "a rejection of a worker who disputed recently waits for a second admin's approval", detail, a.worker_id});
  }
}

bool lapse_held_rejection(Connection& c, const Assignment& a, std::int64_t review_id, Timestamp now,
                          const DecisionHook& decided) {
  auto lapsed = c.execute(
      "UPDATE held_rejections SET state = 'lapsed', decided_at = $2, decision_reason = $3 WHERE review_id = $1 AND "
      "state = 'pending'",
      {review_id, now, std::string("the review deadline passed before an admin decided")});
  if (lapsed.affected_rows != 1) return false;
  record_event(c, a.id, now, std::nullopt, "rejection_lapsed", {{"review_id", review_id}});
  if (decided) {
    decided(c, {std::nullopt,
                "rejection.lapsed",
                subject_of(a.id),
                "the review deadline passed before a second admin decided on the held rejection: the work is accepted",
                {{"review_id", review_id}},
                a.worker_id});
  }
  return true;
}

}  // namespace detail

std::vector<HeldRejection> WorkService::held_rejections(const Principal& caller, bool pending_only, int limit) {
  if (!caller.is_admin() && !caller.has(Role::auditor))
    throw Error::forbidden("only admins and auditors see held rejections");
  return store::transact(db_, TxMode::read, [&](Connection& c) {
    auto r = c.execute(std::string("SELECT ") + kHeldColumns + kHeldFrom +
                           (pending_only ? " WHERE h.state = 'pending'" : "") + " ORDER BY h.held_at DESC LIMIT $1",
                       {std::int64_t{limit}});
    std::vector<HeldRejection> out;
    for (const auto& row : r.rows) out.push_back(held_from_row(row));
    return out;
  });
}

HeldRejection WorkService::decide_held_rejection(const Principal& caller, std::int64_t review_id, bool approve,
                                                 const std::string& reason) {
  Validation v;
  if (reason.empty()) v.fail("/reason", "a decision says why");
  v.throw_if_failed();
  if (!caller.is_admin()) throw Error::forbidden("only admins decide on held rejections");
  const Timestamp now = clock_.now();
  return store::transact(db_, TxMode::write, [&](Connection& c) {
    auto held = find_held(c, review_id);
    if (!held) throw Error::not_found("held rejection of review " + std::to_string(review_id));
    if (held->reviewer_id == caller.user_id) {
      throw Error(ErrorKind::forbidden, "approver_is_reviewer",
                  "you gave this verdict: an admin other than the reviewer decides on it");
    }
    if (held->worker_id == caller.user_id) throw Error::forbidden("nobody decides on the rejection of their own work");
    if (held->state != "pending") {
      throw Error::conflict("rejection_decided",
                            "the held rejection of review " + std::to_string(review_id) + " is " + held->state);
    }
    // Conditional: another admin (another server) or the review deadline
    // may have taken it since it was read; then it is theirs.
    auto claimed = c.execute(
        "UPDATE held_rejections SET state = $2, decided_by = $3, decided_at = $4, decision_reason = $5 "
        "WHERE review_id = $1 AND state = 'pending'",
        {review_id, std::string(approve ? "approved" : "refused"), caller.user_id, now, reason});
    if (claimed.affected_rows != 1)
      throw Error::conflict("rejection_decided",
                            "the held rejection of review " + std::to_string(review_id) + " changed meanwhile");
    auto a = *find_assignment(c, held->assignment_id);
    auto settings = require_settings(c, a.project_id);
    auto stage = c.execute("SELECT stage FROM reviews WHERE id = $1", {review_id}).single().integer(0);
    json detail = {{"stage", stage}, {"review_id", review_id}, {"decided_by", caller.user_id}};
    if (approve) {
      auto recorded = c.execute(
          "UPDATE reviews SET status = 'decided', verdict = 'reject', reason_code = $2, clause = $3, comment = $4, "
          "evidence = $5, decided_at = $6 WHERE id = $1 AND status = 'claimed'",
          {review_id, held->reason_code, held->clause,
           held->comment ? store::Value(*held->comment) : store::Value(nullptr), held->evidence.dump(), now});
      if (recorded.affected_rows != 1)
        throw Error::conflict("rejection_decided", "review " + std::to_string(review_id) + " was closed meanwhile");
      json verdict = {{"stage", stage},
                      {"review_id", review_id},
                      {"verdict", "reject"},
                      {"approved_by", caller.user_id},
                      {"reason_code", held->reason_code},
                      {"clause", held->clause}};
      record_event(c, a.id, now, held->reviewer_id, "verdict", verdict);
      if (hooks_.decided) {
        hooks_.decided(c, {caller.user_id, "rejection.approved", subject_of(a.id), reason, detail, a.worker_id});
        hooks_.decided(c, {held->reviewer_id, "verdict.reject", subject_of(a.id),
                           held->comment.value_or(held->reason_code), verdict, a.worker_id});
      }
      apply_rejection(c, a, settings, review_id, held->clause, held->evidence, held->fraud, now, hooks_.rejected);
    } else {
      // The benefit of the doubt: this stage accepts the work, as if no
      // verdict had come (a later stage still judges it; after the last
      // one it is accepted and paid the piece rate).
      auto recorded = c.execute(
          "UPDATE reviews SET status = 'decided', verdict = 'auto_accept', comment = $2, decided_at = $3 "
          "WHERE id = $1 AND status = 'claimed'",
          {review_id, "rejection refused by a second admin: " + reason, now});
      if (recorded.affected_rows != 1)
        throw Error::conflict("rejection_decided", "review " + std::to_string(review_id) + " was closed meanwhile");
      record_event(c, a.id, now, caller.user_id, "verdict",
                   {{"stage", stage},
                    {"review_id", review_id},
                    {"verdict", "auto_accept"},
                    {"reason", "the held rejection was refused by a second admin"}});
      if (hooks_.decided) {
        hooks_.decided(c, {caller.user_id, "rejection.refused", subject_of(a.id), reason, detail, a.worker_id});
      }
      stage_accepted(c, a, settings, now, hooks_.accepted, hooks_.completed, false);
    }
    return *find_held(c, review_id);
  });
}

}  // namespace fairlabel::work
