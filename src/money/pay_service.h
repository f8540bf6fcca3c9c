#pragma once
//! PayService: applies the pay rules (pay_rules.h) to the ledger, given the
//! facts of the work (who, which project, how much, how long).
//!
//! The work pipeline calls it inside its own transaction, so accepting a
//! submission and paying for it commit together or not at all. Every
//! function is idempotent by the record that caused it (an assignment, a
//! review, a deposit, a pay period): calling it again with the same facts
//! returns the same transfers and moves no money; different facts for the
//! same record are Error{conflict, "transfer_key_conflict"}.
//!
//! Accounts used (owner, purpose): project escrow (funded by deposits),
//! worker payable, platform fee (platform 0), floor fund (platform 0: pays
//! floor money a project's escrow cannot cover, so a worker is never left
//! unpaid because a requester under-funded), funding source (org).
//!
//! Currencies: a project pays in its currency. A worker's floor is in the
//! currency of their country; PaySettings::exchange_rates converts it
//! (exactly, see convert_floor). A floor that cannot be converted is an
//! Error{precondition, "no_exchange_rate"}, never silently skipped.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "money/ledger.h"
#include "money/pay_rules.h"
#include "money/wage_floor.h"
#include "store/database.h"

namespace fairlabel::money {

struct PaySettings {
  PayPolicy policy;
  std::vector<ExchangeRate> exchange_rates;  //!< floor currency → pay currency
  const WageTable* wages = nullptr;          //!< nullptr: WageTable::builtin()
  //! The floor for a worker whose country the wage table does not cover
  //! (the platform's own minimum; a WageRate with a source like any other).
  //! Without one, rejecting such a worker's work fails with
  //! Error{precondition, "no_wage_floor"} rather than paying nothing, and
  //! period closes record "no minimum wage known".
  std::optional<WageRate> fallback_floor;
};

struct ProjectRef {
  std::int64_t project_id = 0;
  std::int64_t org_id = 0;
  Currency currency;
};

//! The worker as the floor sees them: their country and region (ISO codes).
struct WorkerRef {
  std::int64_t worker_id = 0;
  std::string country;
  std::string region;
};

struct AcceptanceFacts {
  std::int64_t assignment_id = 0;
  WorkerRef worker;
  ProjectRef project;
  std::int64_t piece_rate = 0;
  std::int64_t measured_seconds = 0;  //!< active time measured by the server
  std::int64_t median_seconds = 0;    //!< the project's median (or estimate while unknown)
  bool by_deadline = false;           //!< accepted because no review came before the deadline
};

struct AcceptanceResult {
  AcceptancePay pay;
  std::optional<Transfer> worker_transfer;  //!< escrow → payable (absent if the net is 0)
  std::optional<Transfer> fee_transfer;     //!< escrow → platform fee (absent if no fee)
  std::optional<Hold> hold;                 //!< when paid through hold_acceptance
};

struct RejectionFacts {
  std::int64_t assignment_id = 0;
  std::int64_t review_id = 0;
  WorkerRef worker;
  ProjectRef project;
  std::int64_t measured_seconds = 0;
  std::int64_t median_seconds = 0;
  std::string clause;    //!< the numbered acceptance-rule clause relied on ("3.2")
  std::string evidence;  //!< what shows the clause was broken
  bool fraud_recorded = false;
  std::string fraud_evidence;  //!< required when fraud_recorded
};

struct RejectionResult {
  RejectionPay pay;
  std::optional<Transfer> transfer;  //!< absent when fraud is recorded
};

struct PeriodClose {
  std::int64_t id = 0;
  std::int64_t worker_id = 0;
  Currency currency;
  Timestamp period_start = 0;
  Timestamp period_end = 0;
  std::int64_t counted_seconds = 0;
  std::int64_t net_pay = 0;
  std::int64_t floor_pay = 0;
  std::int64_t top_up = 0;
  std::string floor_basis;  //!< "PH PH-00 non-agriculture 695.00 PHP/day (WO NCR-26)"
  std::vector<Transfer> transfers;
};

class PayService {
 public:
  PayService(const Ledger& ledger, const Clock& clock, PaySettings settings);

  const PayPolicy& policy() const { return settings_.policy; }
  const Ledger& ledger() const { return ledger_; }

  //! The worker's floor in `currency` at time `at` (the fallback floor if
  //! their country has none; nullopt without a fallback). Throws
  //! Error{precondition, "no_exchange_rate"}.
  std::optional<HourlyFloor> floor_in(const WorkerRef& worker, Currency currency, Timestamp at) const;

  //! A requester deposit recorded by an admin: funding source → escrow.
  Transfer record_deposit(store::Connection& c, const ProjectRef& project, std::int64_t amount,
                          std::int64_t deposit_id, std::int64_t recorded_by, const std::string& note) const;

  //! The same, identified by the admin's reference for the money received
  //! (a bank transfer id): the same admin recording the same reference again
  //! for the same project gets the first deposit back; another amount or
  //! another admin is Error{conflict, "transfer_key_conflict"} (two people
  //! recording one payment is worth a look).
  Transfer record_deposit_by_reference(store::Connection& c, const ProjectRef& project, std::int64_t amount,
                                       const std::string& reference, std::int64_t recorded_by) const;

  //! The project's escrow balance available for new work.
  std::int64_t escrow_available(store::Connection& c, const ProjectRef& project) const;

  //! Rule 4: the escrow a batch needs; throws Error{precondition,
  //! "escrow_insufficient"} (saying how much is missing) if escrow does not
  //! cover it. `allowed` are the (country, region) pairs the project allows.
  EscrowRequirement require_escrow(store::Connection& c, const ProjectRef& project, const BatchTerms& terms,
                                   const std::vector<WorkerRef>& allowed) const;

  //! Rule 5 per allowed region (floors in the project's currency).
  std::vector<FloorCheck> floor_checks(std::int64_t piece_rate, std::int64_t estimated_seconds, Currency currency,
                                       const std::vector<WorkerRef>& allowed, Timestamp at) const;

  //! Rule 1: pays the piece rate at once. The platform fee is charged to
  //! escrow on acceptance, whether the worker's pay is posted or held.
  AcceptanceResult pay_acceptance(store::Connection& c, const AcceptanceFacts& facts) const;
  //! Rule 1 with the worker's pay held until `release_at` (e.g. a gold
  //! re-check); it posts then unless voided with a recorded decision.
  AcceptanceResult hold_acceptance(store::Connection& c, const AcceptanceFacts& facts, const std::string& hold_reason,
                                   Timestamp release_at) const;
  //! Rule 2. Throws Error{invalid_input} without a clause and evidence (and
  //! fraud evidence when fraud is recorded).
  RejectionResult pay_rejection(store::Connection& c, const RejectionFacts& facts) const;

  //! Rule 3 for one worker, currency and period [start, end). Closing the
  //! same period again returns the first close. Held pay still pending at
  //! the close counts as paid (it posts unless voided); held work whose
  //! hold was voided counts neither its pay nor its time.
  PeriodClose close_period(store::Connection& c, const WorkerRef& worker, Currency currency, Timestamp period_start,
                           Timestamp period_end) const;

  std::int64_t escrow_account(store::Connection& c, const ProjectRef& project) const;
  std::int64_t payable_account(store::Connection& c, std::int64_t worker_id, Currency currency) const;
  std::int64_t platform_account(store::Connection& c, Purpose purpose, Currency currency) const;

 private:
  const WageTable& wages() const;
  void record_time(store::Connection& c, const WorkerRef& worker, const ProjectRef& project, std::int64_t seconds,
                   std::int64_t net_pay, const char* kind, const Cause& cause,
                   std::optional<std::int64_t> hold_id) const;
  AcceptanceResult accept(store::Connection& c, const AcceptanceFacts& facts, const std::string* hold_reason,
                          Timestamp release_at) const;

  const Ledger& ledger_;
  const Clock& clock_;
  PaySettings settings_;
};

}  // namespace fairlabel::money
