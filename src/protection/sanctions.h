#pragma once
//! Sanctions with due process: a warning, a notice, a chance to answer, a
//! decision by someone else.
//!
//! Levels, in order: warning → project_removal → suspension → deactivation.
//!  - Every level needs a reason code and evidence. A warning takes effect
//!    at once (it changes nothing but the record) unless it is flagged as
//!    possible retaliation.
//!  - Beyond a warning: a notice to the worker (recorded with their language
//!    setting), an answer window (3 to 30 days, default 7), and a decision
//!    by an admin other than the proposer (Error{forbidden,
//!    "decider_is_proposer"}), only after the worker answered or the window
//!    closed (Error{precondition, "answer_window_open"}).
//!  - Immediate suspension: only a suspension, only with a recorded basis of
//!    fraud or safety; it takes effect at once (state `interim`) and lapses
//!    after 7 days unless the full process confirms it (run_deadlines()).
//!  - Anti-retaliation: if the worker opened a dispute in the 30 days before
//!    the proposal, the sanction is flagged (retaliation_flags) and cannot be
//!    decided before an admin other than the proposer approves it
//!    (Error{precondition, "retaliation_approval_required"}).
//!  - Confirmed suspension/deactivation set the account's status; earnings
//!    are never forfeited: payouts pay every payable balance whatever the
//!    status (money/payouts.h).
//! Every step is audited and notified to the worker in its transaction.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "accounts/roles.h"
#include "audit/audit_log.h"
#include "core/clock.h"
#include "store/database.h"

namespace fairlabel::protection {

inline constexpr std::int64_t kInterimSuspensionUs = 7 * kMicrosPerDay;

struct NewSanction {
  std::int64_t worker_id = 0;
  std::string level;                       //!< warning, project_removal, suspension, deactivation
  std::optional<std::int64_t> project_id;  //!< required for project_removal
  std::string reason_code;
  std::string evidence;
  std::string notice;  //!< what the worker is told (required beyond a warning)
  int answer_days = 7;
  std::optional<std::string> immediate_basis;  //!< fraud or safety: an immediate (interim) suspension
};

struct Sanction {
  std::int64_t id = 0;
  std::int64_t worker_id = 0;
  std::string level;
  std::optional<std::int64_t> project_id;
  std::string reason_code, evidence, notice, language;
  std::string state;  //!< proposed, interim, confirmed, refused, lapsed
  std::optional<std::string> immediate_basis;
  std::int64_t proposed_by = 0;
  Timestamp proposed_at = 0, answer_due_at = 0;
  std::optional<Timestamp> lapses_at;
  std::optional<std::string> worker_answer;
  std::optional<Timestamp> answered_at;
  bool retaliation_flag = false;
  std::optional<std::int64_t> retaliation_dispute;
  std::optional<std::int64_t> approved_by;
  std::optional<Timestamp> approved_at;
  std::optional<std::int64_t> decided_by;
  std::optional<Timestamp> decided_at;
  std::optional<std::string> decision_reason;
};

class SanctionService {
 public:
  SanctionService(store::Database& db, const Clock& clock, const audit::AuditLog& audit)
      : db_(db), clock_(clock), audit_(audit) {}

  //! Admins only. Throws Error{invalid_input} naming each bad field.
  Sanction propose(const accounts::Principal& caller, const NewSanction& input);
  //! The worker answers the notice (once, within the window).
  Sanction answer(const accounts::Principal& caller, std::int64_t id, const std::string& text);
  //! Approval of a retaliation-flagged sanction by an admin other than the proposer.
  Sanction approve(const accounts::Principal& caller, std::int64_t id);
  //! Confirms or refuses a proposed (or interim) sanction; see the rules above.
  Sanction decide(const accounts::Principal& caller, std::int64_t id, bool confirm, const std::string& reason);
  //! The worker's own, or any for admins and auditors.
  Sanction get(const accounts::Principal& caller, std::int64_t id);
  std::vector<Sanction> list(const accounts::Principal& caller, int limit);

  //! Lapses interim suspensions not confirmed within 7 days. Returns how many.
  int run_deadlines();

 private:
  store::Database& db_;
  const Clock& clock_;
  const audit::AuditLog& audit_;
};

std::optional<Sanction> load_sanction(store::Connection& c, std::int64_t id);

}  // namespace fairlabel::protection
