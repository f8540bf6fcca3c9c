#include "protection/disputes.h"

#include "core/error.h"
#include "money/money.h"
#include "protection/dispute_categories.h"
#include "protection/notifications.h"

namespace fairlabel::protection {
namespace {

using accounts::Principal;
using accounts::Role;
using nlohmann::json;
using store::Connection;
using store::TxMode;

constexpr const char* kDisputeColumns =
    "id, worker_id, category, hold_id, assignment_id, sanction_id, summary, status, opened_at, answer_due_at, "
    "decision_due_at, first_answer_at, escalated_at, escalation, outcome, decided_by, decided_at, decision_rule, "
    "decision_reason, amount, currency, transfer_id";

std::string dispute_subject(std::int64_t id) {
  return "dispute:" + std::to_string(id);
}

bool may_read_all(const Principal& p) {
  return p.has(Role::admin) || p.has(Role::auditor);
}

json decision_notice(const Dispute& d, const std::string& outcome, const std::string& rule, const std::string& reason) {
  return {{"message", "Your " + d.category + " dispute #" + std::to_string(d.id) + " was decided: " + outcome + " (" +
                          rule + "): " + reason},
          {"dispute_id", d.id},
          {"outcome", outcome},
          {"rule", rule},
          {"reason", reason}};
}

}  // namespace

std::optional<Dispute> load_dispute(Connection& c, std::int64_t id) {
  auto r = c.execute(std::string("SELECT ") + kDisputeColumns + " FROM disputes WHERE id = $1", {id});
  if (r.empty()) return std::nullopt;
  const auto& row = r.single();
  Dispute d;
  d.id = row.integer(0);
  d.worker_id = row.integer(1);
  d.category = row.text(2);
  d.hold_id = row.optional_integer(3);
  d.assignment_id = row.optional_integer(4);
  d.sanction_id = row.optional_integer(5);
  d.summary = row.text(6);
  d.status = row.text(7);
  d.opened_at = row.integer(8);
  d.answer_due_at = row.integer(9);
  d.decision_due_at = row.integer(10);
  d.first_answer_at = row.optional_integer(11);
  d.escalated_at = row.optional_integer(12);
  d.escalation = row.optional_text(13);
  d.outcome = row.optional_text(14);
  d.decided_by = row.optional_integer(15);
  d.decided_at = row.optional_integer(16);
  d.decision_rule = row.optional_text(17);
  d.decision_reason = row.optional_text(18);
  d.amount = row.optional_integer(19);
  d.currency = row.optional_text(20);
  d.transfer_id = row.optional_integer(21);
  auto messages =
      c.execute("SELECT id, author_id, body, at FROM dispute_messages WHERE dispute_id = $1 ORDER BY id", {id});
  for (const auto& m : messages.rows) d.messages.push_back({m.integer(0), m.integer(1), m.text(2), m.integer(3)});
  return d;
}

Dispute DisputeService::open(const Principal& caller, const NewDispute& in) {
  Validation v;
  auto category = find_dispute_category(in.category);
  if (!category) v.fail("/category", "must be one of payment, rejection, sanction, other");
  if (in.summary.empty() || in.summary.size() > 4000) v.fail("/summary", "must be 1 to 4000 characters");
  if (category && category->links == "hold_id" && !in.hold_id) v.fail("/hold_id", "a payment dispute names the hold");
  if (category && category->links == "assignment_id" && !in.assignment_id)
    v.fail("/assignment_id", "a rejection dispute names the rejected assignment");
  if (category && category->links == "sanction_id" && !in.sanction_id)
    v.fail("/sanction_id", "a sanction dispute names the sanction");
  v.throw_if_failed();
  if (!caller.has(Role::worker)) throw Error::forbidden("only workers open disputes");
  const Timestamp now = clock_.now();
  return store::transact(db_, TxMode::write, [&](Connection& c) {
    // Linked records must be the caller's: anything else is not found.
    if (in.hold_id) {
      auto r = c.execute("SELECT worker_id FROM ledger_holds WHERE transfer_id = $1", {*in.hold_id});
      if (r.empty() || r.single().optional_integer(0) != caller.user_id)
        throw Error::not_found("hold " + std::to_string(*in.hold_id));
    }
    if (in.assignment_id) {
      auto r = c.execute("SELECT worker_id, status FROM assignments WHERE id = $1", {*in.assignment_id});
      if (r.empty() || r.single().integer(0) != caller.user_id)
        throw Error::not_found("assignment " + std::to_string(*in.assignment_id));
      if (in.category == "rejection" && r.single().text(1) != "rejected") {
        throw Error(ErrorKind::precondition, "not_rejected",
                    "assignment " + std::to_string(*in.assignment_id) + " is " + r.single().text(1) + ", not rejected");
      }
    }
    if (in.sanction_id) {
      auto r = c.execute("SELECT worker_id FROM sanctions WHERE id = $1", {*in.sanction_id});
      if (r.empty() || r.single().integer(0) != caller.user_id)
        throw Error::not_found("sanction " + std::to_string(*in.sanction_id));
    }
    auto id =
        c.execute(
             "INSERT INTO disputes (worker_id, category, hold_id, assignment_id, sanction_id, summary, status, "
             "opened_at, answer_due_at, decision_due_at) VALUES ($1, $2, $3, $4, $5, $6, 'open', $7, $8, $9) "
             "RETURNING id",
             {caller.user_id, in.category, store::nullable(in.hold_id), store::nullable(in.assignment_id),
              store::nullable(in.sanction_id), in.summary, now, now + category->first_answer_hours * kMicrosPerHour,
              now + category->decision_hours * kMicrosPerHour})
            .single()
            .integer(0);
    audit_.append(c, {caller.user_id,
                      "dispute.opened",
                      dispute_subject(id),
                      in.summary,
                      {{"category", in.category},
                       {"hold_id", in.hold_id ? json(*in.hold_id) : json(nullptr)},
                       {"assignment_id", in.assignment_id ? json(*in.assignment_id) : json(nullptr)},
                       {"sanction_id", in.sanction_id ? json(*in.sanction_id) : json(nullptr)}}});
    auto d = *load_dispute(c, id);
    notify(
        c, now, caller.user_id, "dispute_opened", dispute_subject(id),
        {{"message", "Your " + in.category + " dispute #" + std::to_string(id) + " is open: a first answer is due by " +
                         format_rfc3339(d.answer_due_at) + " and a decision by " + format_rfc3339(d.decision_due_at)},
         {"dispute_id", id},
         {"answer_due_at", format_rfc3339(d.answer_due_at)},
         {"decision_due_at", format_rfc3339(d.decision_due_at)}});
    return d;
  });
}

Dispute DisputeService::get(const Principal& caller, std::int64_t id) {
  return store::transact(db_, TxMode::read, [&](Connection& c) {
    auto d = load_dispute(c, id);
    if (!d || (d->worker_id != caller.user_id && !may_read_all(caller)))
      throw Error::not_found("dispute " + std::to_string(id));
    return *d;
  });
}

std::vector<Dispute> DisputeService::list(const Principal& caller, int limit) {
  return store::transact(db_, TxMode::read, [&](Connection& c) {
    auto r = may_read_all(caller)
                 ? c.execute("SELECT id FROM disputes ORDER BY id DESC LIMIT $1", {static_cast<std::int64_t>(limit)})
                 : c.execute("SELECT id FROM disputes WHERE worker_id = $1 ORDER BY id DESC LIMIT $2",
                             {caller.user_id, static_cast<std::int64_t>(limit)});
    std::vector<Dispute> out;
    for (const auto& row : r.rows) out.push_back(*load_dispute(c, row.integer(0)));
    return out;
  });
}

Dispute DisputeService::post_message(const Principal& caller, std::int64_t id, const std::string& body) {
  Validation v;
  if (body.empty() || body.size() > 8000) v.fail("/body", "must be 1 to 8000 characters");
  v.throw_if_failed();
  const Timestamp now = clock_.now();
  return store::transact(db_, TxMode::write, [&](Connection& c) {
    auto d = load_dispute(c, id);
    bool is_admin = caller.has(Role::admin);
    if (!d || (d->worker_id != caller.user_id && !is_admin)) throw Error::not_found("dispute " + std::to_string(id));
    if (d->status == "decided")
      throw Error::conflict("dispute_decided", "dispute " + std::to_string(id) + " is decided");
    c.execute("INSERT INTO dispute_messages (dispute_id, author_id, body, at) VALUES ($1, $2, $3, $4)",
              {id, caller.user_id, body, now});
    if (is_admin && d->worker_id != caller.user_id && !d->first_answer_at &&
        c.execute("UPDATE disputes SET status = 'answered', first_answer_at = $2 WHERE id = $1 AND first_answer_at IS "
                  "NULL AND status = 'open'",
                  {id, now})
                .affected_rows == 1) {
      audit_.append(c, {caller.user_id, "dispute.answered", dispute_subject(id), "first answer", {}});
    }
    if (d->worker_id != caller.user_id) {
      notify(c, now, d->worker_id, "dispute_message", dispute_subject(id),
             {{"message", "New message on your dispute #" + std::to_string(id)}, {"dispute_id", id}});
    }
    return *load_dispute(c, id);
  });
}

void DisputeService::pay_for_worker(Connection& c, const Dispute& d, std::optional<std::int64_t> decided_by,
                                    const std::string& why) {
  const std::string key = "dispute:" + std::to_string(d.id) + ":for_worker";
  if (d.category == "payment" && d.hold_id) {
    auto hold = ledger_.get_hold(c, *d.hold_id);
    std::int64_t transfer_id = 0;
    if (hold.state == money::HoldState::voided) {
      // The hold was voided: pay its amount from where it was held.
      money::TransferRequest req{key,
                                 hold.pending.debit_account,
                                 hold.pending.credit_account,
                                 hold.pending.amount,
                                 hold.pending.currency,
                                 "dispute_upheld",
                                 {"dispute", d.id},
                                 json({{"hold_id", *d.hold_id}, {"why", why}}).dump()};
      transfer_id = ledger_.post(c, req).id;
    } else {
      hold = ledger_.post_hold(c, *d.hold_id, decided_by, why);
      transfer_id = hold.resolution_transfer.value_or(0);
    }
    c.execute("UPDATE disputes SET amount = $2, currency = $3, transfer_id = $4 WHERE id = $1",
              {d.id, hold.pending.amount, std::string(hold.pending.currency.code()), transfer_id});
  } else if (d.category == "rejection" && d.assignment_id) {
    // The rejected amount: the piece rate the work would have earned, from
    // the project's escrow (the floor pay already paid for the time stays).
    auto r = c.execute(
        "SELECT a.worker_id, a.project_id, s.piece_rate_minor, s.currency FROM assignments a "
        "JOIN project_settings s ON s.project_id = a.project_id WHERE a.id = $1",
        {*d.assignment_id});
    if (r.empty()) return;
    const auto& row = r.single();
    auto currency = money::Currency::of(row.text(3));
    if (row.integer(2) <= 0) return;
    auto escrow =
        ledger_.ensure_account(c, {money::OwnerKind::project, row.integer(1), money::Purpose::escrow, currency});
    auto payable =
        ledger_.ensure_account(c, {money::OwnerKind::worker, row.integer(0), money::Purpose::payable, currency});
    money::TransferRequest req{key,
                               escrow,
                               payable,
                               row.integer(2),
                               currency,
                               "dispute_upheld",
                               {"dispute", d.id},
                               json({{"assignment_id", *d.assignment_id}, {"why", why}}).dump()};
    auto t = ledger_.post(c, req);
    c.execute("UPDATE disputes SET amount = $2, currency = $3, transfer_id = $4 WHERE id = $1",
              {d.id, t.amount, std::string(currency.code()), t.id});
  } else if (d.category == "sanction" && d.sanction_id) {
    // An upheld sanction dispute lifts the sanction and restores standing.
    auto s = c.execute("SELECT level, state FROM sanctions WHERE id = $1", {*d.sanction_id});
    if (!s.empty() && (s.single().text(1) == "confirmed" || s.single().text(1) == "interim")) {
      c.execute("UPDATE sanctions SET state = 'refused', decision_reason = $2 WHERE id = $1",
                {*d.sanction_id, "overturned on appeal (dispute " + std::to_string(d.id) + ")"});
      if (s.single().text(0) == "suspension" || s.single().text(0) == "deactivation") {
        c.execute("UPDATE users SET status = 'active' WHERE id = $1", {d.worker_id});
      }
    }
  }
}

bool DisputeService::record_decision(Connection& c, const Dispute& d, const std::string& outcome,
                                     std::optional<std::int64_t> decided_by, const std::string& rule,
                                     const std::string& reason) {
  const Timestamp now = clock_.now();
  // The conditional update claims the decision: of two deciders (an admin
  // and a deadline timer, or the timers of two servers) the second waits on
  // the row and then matches nothing, so a dispute is decided, audited,
  // notified and paid once.
  auto claimed = c.execute(
      "UPDATE disputes SET status = 'decided', outcome = $2, decided_by = $3, decided_at = $4, decision_rule = $5, "
      "decision_reason = $6 WHERE id = $1 AND status <> 'decided'",
      {d.id, outcome, store::nullable(decided_by), now, rule, reason});
  if (claimed.affected_rows != 1) return false;
  if (outcome != "denied") pay_for_worker(c, d, decided_by, reason);
  auto after = *load_dispute(c, d.id);
  audit_.append(c, {decided_by,
                    "dispute.decided",
                    dispute_subject(d.id),
                    reason,
                    {{"outcome", outcome},
                     {"rule", rule},
                     {"category", d.category},
                     {"amount", after.amount ? json(*after.amount) : json(nullptr)},
                     {"currency", after.currency ? json(*after.currency) : json(nullptr)},
                     {"transfer_id", after.transfer_id ? json(*after.transfer_id) : json(nullptr)}}});
  auto notice = decision_notice(d, outcome, rule, reason);
  if (after.amount) {
    notice["amount_minor"] = *after.amount;
    notice["currency"] = *after.currency;
  }
  notify(c, now, d.worker_id, "dispute_decided", dispute_subject(d.id), notice);
  return true;
}

Dispute DisputeService::decide(const Principal& caller, std::int64_t id, const DisputeDecision& in) {
  Validation v;
  if (in.outcome != "upheld" && in.outcome != "denied") v.fail("/outcome", "must be upheld or denied");
  if (in.rule.empty()) v.fail("/rule", "a decision cites the rule it relies on");
  if (in.reason.empty()) v.fail("/reason", "a decision says why");
  v.throw_if_failed();
  if (!caller.has(Role::admin)) throw Error::forbidden("only admins decide disputes");
  return store::transact(db_, TxMode::write, [&](Connection& c) {
    auto d = load_dispute(c, id);
    if (!d) throw Error::not_found("dispute " + std::to_string(id));
    if (d->status == "decided")
      throw Error::conflict("dispute_decided", "dispute " + std::to_string(id) + " is decided");
    if (d->worker_id == caller.user_id) throw Error::forbidden("nobody decides their own dispute");
    if (!record_decision(c, *d, in.outcome, caller.user_id, in.rule, in.reason))
      throw Error::conflict("dispute_decided", "dispute " + std::to_string(id) + " was decided meanwhile");
    return *load_dispute(c, id);
  });
}

DisputeSweep DisputeService::run_deadlines() {
  const Timestamp now = clock_.now();
  DisputeSweep sweep;
  auto due = store::transact(db_, TxMode::read, [&](Connection& c) {
    auto r = c.execute(
        "SELECT id FROM disputes WHERE status <> 'decided' AND ((first_answer_at IS NULL AND escalated_at IS NULL AND "
        "answer_due_at <= $1) OR (decision_due_at <= $1 AND (escalation IS NULL OR escalation <> 'decision_overdue'))) "
        "ORDER BY id LIMIT 500",
        {now});
    std::vector<std::int64_t> ids;
    for (const auto& row : r.rows) ids.push_back(row.integer(0));
    return ids;
  });
  for (auto id : due) {
    // One transaction per dispute: a failure (e.g. an empty escrow) leaves
    // the others to be decided, and that dispute escalates instead.
    try {
      store::transact(db_, TxMode::write, [&](Connection& c) {
        auto d = load_dispute(c, id);
        if (!d || d->status == "decided") return;
        auto category = find_dispute_category(d->category);
        if (d->decision_due_at <= now && category && category->decided_for_worker_when_late) {
          if (record_decision(c, *d, "upheld_by_deadline", std::nullopt, kDeadlineRule,
                              "no decision by the published deadline " + format_rfc3339(d->decision_due_at)))
            ++sweep.decided_for_worker;
          return;
        }
        if (d->escalated_at && d->decision_due_at > now) return;
        if (d->escalated_at && d->escalation == std::optional<std::string>("decision_overdue")) return;
        std::string why = d->decision_due_at <= now ? "decision_overdue" : "no_first_answer";
        // Conditional, like a decision: another server's timer may be
        // escalating the same dispute for the same reason right now.
        auto claimed = c.execute(
            "UPDATE disputes SET escalated_at = $2, escalation = $3 WHERE id = $1 AND status <> 'decided' AND "
            "(escalation IS NULL OR escalation <> $3)",
            {id, now, why});
        if (claimed.affected_rows != 1) return;
        audit_.append(c, {std::nullopt, "dispute.escalated", dispute_subject(id), why, {{"category", d->category}}});
        notify_admins(c, now, "dispute_escalated", dispute_subject(id),
                      {{"message", "Dispute #" + std::to_string(id) + " breached its deadline (" + why + ")"},
                       {"dispute_id", id},
                       {"breach", why}});
        ++sweep.escalated;
      });
    } catch (const Error& e) {
      store::transact(db_, TxMode::write, [&](Connection& c) {
        auto d = load_dispute(c, id);
        if (!d) return;
        auto claimed = c.execute(
            "UPDATE disputes SET escalated_at = $2, escalation = 'decision_failed' WHERE id = $1 AND status <> "
            "'decided' AND (escalation IS NULL OR escalation <> 'decision_failed')",
            {id, now});
        if (claimed.affected_rows != 1) return;
        audit_.append(
            c,
            {std::nullopt, "dispute.escalated", dispute_subject(id), std::string("decision_failed: ") + e.what(), {}});
        notify_admins(c, now, "dispute_escalated", dispute_subject(id),
                      {{"message", "Dispute #" + std::to_string(id) + " could not be paid by deadline: " + e.what()},
                       {"dispute_id", id}});
      });
    }
  }
  return sweep;
}

}  // namespace fairlabel::protection
