#pragma once
//! A worker's statement for one period and currency: every movement of
//! their payable balance, each line with what caused it (task, measured
//! time, rate, top-up, released hold, payout, returned payout), the holds
//! with their reasons and release dates (and any void decision, with who
//! and why), adding up exactly:
//!
//!   opening_balance + Σ line.amount = closing_balance
//!
//! and, for a period reaching the present, closing_balance equals the
//! balance of the worker's payable account. Rendered as JSON, CSV and a
//! printable HTML page.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "money/ledger.h"
#include "store/database.h"

namespace fairlabel::money {

struct StatementLine {
  Timestamp at = 0;
  std::int64_t transfer_id = 0;
  std::string type;         //!< the transfer's reason code: piece_rate, rejection_time_pay, floor_topup, payout, …
  std::string description;  //!< for people
  std::int64_t amount = 0;  //!< signed: + into the balance, − out of it
  std::int64_t balance_after = 0;
  std::optional<std::int64_t> project_id;
  std::optional<std::int64_t> counted_seconds;
  std::optional<std::int64_t> rate_per_hour;  //!< pay ÷ counted time, rounded down
  std::string cause_kind;
  std::int64_t cause_id = 0;
};

struct StatementHold {
  std::int64_t hold_id = 0;
  std::int64_t amount = 0;
  std::string reason;
  Timestamp release_at = 0;
  std::string state;  //!< pending, posted, voided
  std::optional<std::int64_t> decided_by;
  std::optional<std::string> decision_reason;
};

struct Statement {
  std::int64_t worker_id = 0;
  Currency currency;
  Timestamp from = 0;
  Timestamp to = 0;
  std::int64_t opening_balance = 0;
  std::vector<StatementLine> lines;
  std::int64_t closing_balance = 0;
  std::vector<StatementHold> holds;  //!< placed, released or voided in the period, or still pending
};

//! Builds the statement of `worker_id` in `currency` for [from, to). A
//! worker with no account gets an empty statement at zero. Read-only.
Statement build_statement(store::Connection& c, const Ledger& ledger, std::int64_t worker_id, Currency currency,
                          Timestamp from, Timestamp to);

std::string statement_json(const Statement& s);
std::string statement_csv(const Statement& s);
std::string statement_html(const Statement& s);

}  // namespace fairlabel::money
