#include "protection/sanctions.h"

#include <set>

#include "core/error.h"
#include "protection/notifications.h"
#include "protection/retaliation.h"

namespace fairlabel::protection {
namespace {

using accounts::Principal;
using accounts::Role;
using nlohmann::json;
using store::Connection;
using store::TxMode;

const std::set<std::string> kLevels = {"warning", "project_removal", "suspension", "deactivation"};

constexpr const char* kSanctionColumns =
    "id, worker_id, level, project_id, reason_code, evidence, notice, language, state, immediate_basis, proposed_by, "
    "proposed_at, answer_due_at, lapses_at, worker_answer, answered_at, retaliation_flag, retaliation_dispute, "
    "approved_by, approved_at, decided_by, decided_at, decision_reason";

std::string sanction_subject(std::int64_t id) {
  return "sanction:" + std::to_string(id);
}

//! The account status a sanction in effect implies.
void apply_status(Connection& c, const Sanction& s, Timestamp now) {
  if (s.level == "suspension")
    c.execute("UPDATE users SET status = 'suspended', updated_at = $2 WHERE id = $1", {s.worker_id, now});
  if (s.level == "deactivation")
    c.execute("UPDATE users SET status = 'deactivated', updated_at = $2 WHERE id = $1", {s.worker_id, now});
}

//! Back to active unless another sanction in effect still suspends or deactivates.
void restore_status(Connection& c, const Sanction& s, Timestamp now) {
  auto others = c.execute(
      "SELECT COUNT(*) FROM sanctions WHERE worker_id = $1 AND id <> $2 AND state IN ('interim', 'confirmed') AND "
      "level IN ('suspension', 'deactivation')",
      {s.worker_id, s.id});
  if (others.single().integer(0) == 0)
    c.execute("UPDATE users SET status = 'active', updated_at = $2 WHERE id = $1", {s.worker_id, now});
}

json sanction_detail(const Sanction& s) {
  return {{"worker_id", s.worker_id},
          {"level", s.level},
          {"project_id", s.project_id ? json(*s.project_id) : json(nullptr)},
          {"reason_code", s.reason_code},
          {"state", s.state},
          {"retaliation_flag", s.retaliation_flag}};
}

}  // namespace

std::optional<Sanction> load_sanction(Connection& c, std::int64_t id) {
  auto r = c.execute(std::string("SELECT ") + kSanctionColumns + " FROM sanctions WHERE id = $1", {id});
  if (r.empty()) return std::nullopt;
  const auto& row = r.single();
  Sanction s;
  s.id = row.integer(0);
  s.worker_id = row.integer(1);
  s.level = row.text(2);
  s.project_id = row.optional_integer(3);
  s.reason_code = row.text(4);
  s.evidence = row.text(5);
  s.notice = row.text(6);
  s.language = row.text(7);
  s.state = row.text(8);
  s.immediate_basis = row.optional_text(9);
  s.proposed_by = row.integer(10);
  s.proposed_at = row.integer(11);
  s.answer_due_at = row.integer(12);
  s.lapses_at = row.optional_integer(13);
  s.worker_answer = row.optional_text(14);
  s.answered_at = row.optional_integer(15);
  s.retaliation_flag = row.integer(16) != 0;
  s.retaliation_dispute = row.optional_integer(17);
  s.approved_by = row.optional_integer(18);
  s.approved_at = row.optional_integer(19);
  s.decided_by = row.optional_integer(20);
  s.decided_at = row.optional_integer(21);
  s.decision_reason = row.optional_text(22);
  return s;
}

Sanction SanctionService::propose(const Principal& caller, const NewSanction& in) {
  if (!caller.has(Role::admin)) throw Error::forbidden("only admins propose sanctions");
  Validation v;
  if (!kLevels.count(in.level)) v.fail("/level", "must be one of warning, project_removal, suspension, deactivation");
  if (in.reason_code.empty()) v.fail("/reason_code", "a sanction needs a reason code");
  if (in.evidence.empty()) v.fail("/evidence", "a sanction needs evidence");
  if (in.level != "warning" && in.notice.empty()) v.fail("/notice", "the worker must be told what and why");
  if (in.level == "project_removal" && !in.project_id) v.fail("/project_id", "a project removal names the project");
  if (in.answer_days < 3 || in.answer_days > 30) v.fail("/answer_days", "the answer window is 3 to 30 days");
  if (in.immediate_basis) {
    if (*in.immediate_basis != "fraud" && *in.immediate_basis != "safety")
      v.fail("/immediate_basis", "an immediate suspension needs a recorded fraud or safety basis");
    if (in.level != "suspension") v.fail("/immediate_basis", "only a suspension can take effect immediately");
  }
  v.throw_if_failed();
  if (in.worker_id == caller.user_id) throw Error::forbidden("nobody sanctions themselves");
  const Timestamp now = clock_.now();
  return store::transact(db_, TxMode::write, [&](Connection& c) {
    auto worker = c.execute("SELECT language FROM users WHERE id = $1", {in.worker_id});
    if (worker.empty()) throw Error::not_found("worker " + std::to_string(in.worker_id));
    auto dispute = recent_dispute(c, in.worker_id, now);
    bool flagged = dispute.has_value();
    bool immediate = in.immediate_basis.has_value();
    // A plain warning takes effect at once; anything else waits for its
    // process (an immediate suspension is in effect meanwhile, as interim).
    std::string state = immediate ? "interim" : (in.level == "warning" && !flagged ? "confirmed" : "proposed");
    auto id = c.execute(
                   "INSERT INTO sanctions (worker_id, level, project_id, reason_code, evidence, notice, language, "
                   "state, immediate_basis, proposed_by, proposed_at, answer_due_at, lapses_at, retaliation_flag, "
                   "retaliation_dispute, decided_by, decided_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, "
                   "$12, $13, $14, $15, $16, $17) RETURNING id",
                   {in.worker_id, in.level, store::nullable(in.project_id), in.reason_code, in.evidence, in.notice,
                    worker.single().text(0), state, store::nullable(in.immediate_basis), caller.user_id, now,
                    now + in.answer_days * kMicrosPerDay,
                    immediate ? store::Value(now + kInterimSuspensionUs) : store::Value(nullptr),
                    std::int64_t{flagged ? 1 : 0}, store::nullable(dispute),
                    state == "confirmed" ? store::Value(caller.user_id) : store::Value(nullptr),
                    state == "confirmed" ? store::Value(now) : store::Value(nullptr)})
                  .single()
                  .integer(0);
    auto s = *load_sanction(c, id);
    if (immediate) apply_status(c, s, now);
    audit_.append(c, {caller.user_id, "sanction.proposed", sanction_subject(id), in.reason_code, sanction_detail(s)});
    if (flagged) {
      c.execute(
          "INSERT INTO retaliation_flags (worker_id, kind, subject_id, dispute_id, flagged_at) VALUES ($1, 'sanction', "
          "$2, $3, $4)",
          {in.worker_id, id, *dispute, now});
      audit_.append(c, {caller.user_id,
                        "retaliation.flagged",
                        sanction_subject(id),
                        "sanction of a worker who opened a dispute in the last 30 days",
                        {{"worker_id", in.worker_id}, {"dispute_id", *dispute}, {"kind", "sanction"}}});
    }
    notify(c, now, in.worker_id, "sanction_" + state, sanction_subject(id),
           {{"message", in.level == "warning"
                            ? "You received a warning (" + in.reason_code + ")"
                            : "Notice: a " + in.level + " is proposed (" + in.reason_code + "). You can answer until " +
                                  format_rfc3339(s.answer_due_at) + ". " + in.notice},
            {"sanction_id", id},
            {"level", in.level},
            {"reason_code", in.reason_code},
            {"notice", in.notice},
            {"answer_due_at", format_rfc3339(s.answer_due_at)},
            {"in_effect", state == "interim" || state == "confirmed"}});
    return s;
  });
}

Sanction SanctionService::answer(const Principal& caller, std::int64_t id, const std::string& text) {
  Validation v;
  if (text.empty() || text.size() > 8000) v.fail("/answer", "must be 1 to 8000 characters");
  v.throw_if_failed();
  const Timestamp now = clock_.now();
  return store::transact(db_, TxMode::write, [&](Connection& c) {
    auto s = load_sanction(c, id);
    if (!s || s->worker_id != caller.user_id) throw Error::not_found("sanction " + std::to_string(id));
    if (s->state != "proposed" && s->state != "interim")
      throw Error::conflict("sanction_decided", "sanction " + std::to_string(id) + " is " + s->state);
    if (s->worker_answer) throw Error::conflict("already_answered", "the notice was answered already");
    if (now > s->answer_due_at)
      throw Error(ErrorKind::precondition, "answer_window_closed", "the answer window closed");
    c.execute("UPDATE sanctions SET worker_answer = $2, answered_at = $3 WHERE id = $1", {id, text, now});
    audit_.append(c, {caller.user_id, "sanction.answered", sanction_subject(id), "the worker answered the notice", {}});
    return *load_sanction(c, id);
  });
}

Sanction SanctionService::approve(const Principal& caller, std::int64_t id) {
  if (!caller.has(Role::admin)) throw Error::forbidden("only admins approve sanctions");
  const Timestamp now = clock_.now();
  return store::transact(db_, TxMode::write, [&](Connection& c) {
    auto s = load_sanction(c, id);
    if (!s) throw Error::not_found("sanction " + std::to_string(id));
    if (!s->retaliation_flag)
      throw Error(ErrorKind::precondition, "not_flagged", "only retaliation-flagged sanctions need an approval");
    if (s->proposed_by == caller.user_id)
      throw Error(ErrorKind::forbidden, "approver_is_proposer", "a second admin, not the proposer, must approve");
    if (s->approved_by) return *s;
    c.execute("UPDATE sanctions SET approved_by = $2, approved_at = $3 WHERE id = $1", {id, caller.user_id, now});
    c.execute(
        "UPDATE retaliation_flags SET approved_by = $2, approved_at = $3 WHERE kind = 'sanction' AND subject_id = $1",
        {id, caller.user_id, now});
    audit_.append(c, {caller.user_id, "sanction.approved", sanction_subject(id),
                      "second admin approval of a flagged sanction", sanction_detail(*s)});
    return *load_sanction(c, id);
  });
}

Sanction SanctionService::decide(const Principal& caller, std::int64_t id, bool confirm, const std::string& reason) {
  Validation v;
  if (reason.empty()) v.fail("/reason", "a decision says why");
  v.throw_if_failed();
  if (!caller.has(Role::admin)) throw Error::forbidden("only admins decide sanctions");
  const Timestamp now = clock_.now();
  return store::transact(db_, TxMode::write, [&](Connection& c) {
    auto s = load_sanction(c, id);
    if (!s) throw Error::not_found("sanction " + std::to_string(id));
    if (s->state != "proposed" && s->state != "interim")
      throw Error::conflict("sanction_decided", "sanction " + std::to_string(id) + " is " + s->state);
    if (s->proposed_by == caller.user_id) {
      throw Error(ErrorKind::forbidden, "decider_is_proposer",
                  "sanction " + std::to_string(id) + " was proposed by you: an admin other than the proposer decides");
    }
    if (confirm && s->retaliation_flag && !s->approved_by) {
      throw Error(ErrorKind::precondition, "retaliation_approval_required",
                  "the worker opened dispute " + std::to_string(s->retaliation_dispute.value_or(0)) +
                      " in the last 30 days: a second admin must approve this sanction first");
    }
    if (confirm && !s->worker_answer && now < s->answer_due_at) {
      throw Error(ErrorKind::precondition, "answer_window_open",
                  "the worker may answer until " + format_rfc3339(s->answer_due_at));
    }
    auto claimed = c.execute(
        "UPDATE sanctions SET state = $2, lapses_at = NULL, decided_by = $3, decided_at = $4, decision_reason = $5 "
        "WHERE id = $1 AND state = $6",
        {id, std::string(confirm ? "confirmed" : "refused"), caller.user_id, now, reason, s->state});
    if (claimed.affected_rows != 1)  // lapsed or decided by someone else since it was read
      throw Error::conflict("sanction_decided", "sanction " + std::to_string(id) + " changed meanwhile");
    auto after = *load_sanction(c, id);
    if (confirm) {
      apply_status(c, after, now);
    } else if (s->state == "interim") {
      restore_status(c, after, now);
    }
    audit_.append(c, {caller.user_id, confirm ? "sanction.confirmed" : "sanction.refused", sanction_subject(id), reason,
                      sanction_detail(after)});
    notify(c, now, s->worker_id, confirm ? "sanction_confirmed" : "sanction_refused", sanction_subject(id),
           {{"message", "The proposed " + s->level + " was " + (confirm ? "confirmed" : "refused") + ": " + reason +
                            (confirm ? ". Your earnings are not affected and are paid out on the normal schedule; "
                                       "you can dispute this decision."
                                     : "")},
            {"sanction_id", id},
            {"level", s->level},
            {"decision", confirm ? "confirmed" : "refused"},
            {"reason", reason}});
    return after;
  });
}

Sanction SanctionService::get(const Principal& caller, std::int64_t id) {
  return store::transact(db_, TxMode::read, [&](Connection& c) {
    auto s = load_sanction(c, id);
    if (!s || (s->worker_id != caller.user_id && !caller.has(Role::admin) && !caller.has(Role::auditor)))
      throw Error::not_found("sanction " + std::to_string(id));
    return *s;
  });
}

std::vector<Sanction> SanctionService::list(const Principal& caller, int limit) {
  return store::transact(db_, TxMode::read, [&](Connection& c) {
    bool all = caller.has(Role::admin) || caller.has(Role::auditor);
    auto r = all ? c.execute("SELECT id FROM sanctions ORDER BY id DESC LIMIT $1", {static_cast<std::int64_t>(limit)})
                 : c.execute("SELECT id FROM sanctions WHERE worker_id = $1 ORDER BY id DESC LIMIT $2",
                             {caller.user_id, static_cast<std::int64_t>(limit)});
    std::vector<Sanction> out;
    for (const auto& row : r.rows) out.push_back(*load_sanction(c, row.integer(0)));
    return out;
  });
}

int SanctionService::run_deadlines() {
  const Timestamp now = clock_.now();
  return store::transact(db_, TxMode::write, [&](Connection& c) {
    auto due =
        c.execute("SELECT id FROM sanctions WHERE state = 'interim' AND lapses_at <= $1 ORDER BY id LIMIT 500", {now});
    int lapsed = 0;
    for (const auto& row : due.rows) {
      auto id = row.integer(0);
      // Conditional: another server's timer (or an admin's decision) may
      // have changed it since the SELECT; then it is theirs.
      auto claimed = c.execute(
          "UPDATE sanctions SET state = 'lapsed', decided_at = $2, decision_reason = $3 WHERE id = $1 AND state = "
          "'interim'",
          {id, now, std::string("not confirmed within 7 days")});
      if (claimed.affected_rows != 1) continue;
      ++lapsed;
      auto s = *load_sanction(c, id);
      restore_status(c, s, now);
      audit_.append(c, {std::nullopt, "sanction.lapsed", sanction_subject(id),
                        "interim suspension not confirmed within 7 days", sanction_detail(s)});
      notify(c, now, s.worker_id, "sanction_lapsed", sanction_subject(id),
             {{"message", "Your interim suspension lapsed: it was not confirmed within 7 days"}, {"sanction_id", id}});
    }
    return lapsed;
  });
}

}  // namespace fairlabel::protection
