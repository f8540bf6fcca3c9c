#pragma once
//! Disputes: a worker contests a payment, a rejection, a sanction or
//! anything else, linked to the record it concerns; admins answer and
//! decide, citing the rule they rely on; deadlines decide when people do not.
//!
//! Rules (every entry point checks the caller):
//!  - only the worker opens a dispute, and only about their own records (a
//!    hold of theirs, their rejected assignment, a sanction of theirs);
//!  - the worker and admins read it and write messages; the first message
//!    by an admin is the first answer;
//!  - only an admin decides: outcome `upheld` (for the worker) or `denied`,
//!    with the rule cited and a reason. Upheld payment disputes post the
//!    hold (or, if it was voided, pay its amount from the same account);
//!    upheld rejection disputes pay the piece rate from the project's escrow;
//!  - run_deadlines(): a dispute without a first answer by its answer
//!    deadline escalates to every admin; a payment or rejection dispute
//!    undecided by its decision deadline is decided for the worker
//!    (`upheld_by_deadline`, citing kDeadlineRule) and its money posts;
//!    other categories escalate.
//! Every change is audited and notified to the worker in its transaction.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "accounts/roles.h"
#include "audit/audit_log.h"
#include "core/clock.h"
#include "money/ledger.h"
#include "store/database.h"

namespace fairlabel::protection {

struct NewDispute {
  std::string category;
  std::optional<std::int64_t> hold_id;
  std::optional<std::int64_t> assignment_id;
  std::optional<std::int64_t> sanction_id;
  std::string summary;
};

struct DisputeMessage {
  std::int64_t id = 0;
  std::int64_t author_id = 0;
  std::string body;
  Timestamp at = 0;
};

struct Dispute {
  std::int64_t id = 0;
  std::int64_t worker_id = 0;
  std::string category;
  std::optional<std::int64_t> hold_id, assignment_id, sanction_id;
  std::string summary;
  std::string status;  //!< open, answered, decided
  Timestamp opened_at = 0, answer_due_at = 0, decision_due_at = 0;
  std::optional<Timestamp> first_answer_at, escalated_at, decided_at;
  std::optional<std::string> escalation;
  std::optional<std::string> outcome;  //!< upheld, denied, upheld_by_deadline
  std::optional<std::int64_t> decided_by;
  std::optional<std::string> decision_rule, decision_reason;
  std::optional<std::int64_t> amount;  //!< minor units paid by the decision
  std::optional<std::string> currency;
  std::optional<std::int64_t> transfer_id;
  std::vector<DisputeMessage> messages;
};

struct DisputeDecision {
  std::string outcome;  //!< upheld, denied
  std::string rule;     //!< the rule relied on ("project rules v2 clause 3", "terms 4.1")
  std::string reason;
};

struct DisputeSweep {
  int escalated = 0;
  int decided_for_worker = 0;
};

class DisputeService {
 public:
  DisputeService(store::Database& db, const Clock& clock, const money::Ledger& ledger, const audit::AuditLog& audit)
      : db_(db), clock_(clock), ledger_(ledger), audit_(audit) {}

  //! Throws Error{invalid_input} (unknown category, missing link, empty
  //! summary), Error{not_found} (a linked record that is not the caller's).
  Dispute open(const accounts::Principal& caller, const NewDispute& input);
  //! The worker's own, or any for an admin or auditor; else not_found.
  Dispute get(const accounts::Principal& caller, std::int64_t id);
  //! The caller's disputes (worker), or every dispute (admin, auditor), newest first.
  std::vector<Dispute> list(const accounts::Principal& caller, int limit);
  Dispute post_message(const accounts::Principal& caller, std::int64_t id, const std::string& body);
  //! Admins only; a decided dispute is Error{conflict, "dispute_decided"}.
  Dispute decide(const accounts::Principal& caller, std::int64_t id, const DisputeDecision& decision);

  //! Escalations and decisions by deadline due at the clock's now; each
  //! dispute in its own transaction.
  DisputeSweep run_deadlines();

 private:
  //! Moves the disputed money for the worker; records amount and transfer.
  void pay_for_worker(store::Connection& c, const Dispute& d, std::optional<std::int64_t> decided_by,
                      const std::string& why);
  //! Decides `d` unless someone decided it meanwhile (then changes nothing
  //! and returns false).
  bool record_decision(store::Connection& c, const Dispute& d, const std::string& outcome,
                       std::optional<std::int64_t> decided_by, const std::string& rule, const std::string& reason);

  store::Database& db_;
  const Clock& clock_;
  const money::Ledger& ledger_;
  const audit::AuditLog& audit_;
};

//! Loads one dispute with its messages (no access check); nullopt if absent.
std::optional<Dispute> load_dispute(store::Connection& c, std::int64_t id);

}  // namespace fairlabel::protection
