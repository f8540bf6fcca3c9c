#pragma once
//! Scheduled payout batches: once per period, per provider and currency,
//! every worker owed at least the minimum is paid (money/payouts.h).
//!
//! A schedule is set per deployment, e.g. "weekly on Monday at 09:00 UTC:
//! PayPal in USD from 10.00, bank CSV in PHP from 500.00". A period starts
//! at each scheduled moment; the first deadline tick at or after it runs the
//! period's batches. A tick that comes late (the server was down at the
//! moment) still runs the period — late, never skipped — but a period is run
//! once only: a server that was down for three weeks makes one batch, which
//! pays the whole balances anyway.
//!
//! Exactly once: a run is claimed by inserting its row (period start,
//! provider, currency) into payout_schedule_runs, UNIQUE on those three, in
//! the same transaction that makes the batch. Two server processes sharing
//! one database both try; one inserts, the other's insert matches the
//! existing row (on PostgreSQL after waiting for the first to commit) and
//! it does nothing. If making the batch fails, the claim rolls back with it
//! and the next tick tries again.
//!
//! What payouts.h guarantees holds here too: a balance below the minimum
//! (or without a payout method) is deferred to a later period, never
//! forfeited; deactivated or banned workers are paid like anyone else (the
//! recipient lookup must not filter them); a failed item's money is back in
//! the worker's payable balance and goes out in the next period's batch as a
//! new item, so nothing is paid twice.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "money/payouts.h"
#include "store/database.h"

namespace fairlabel::money {

//! One batch made each period: a provider, a currency and the smallest
//! balance paid out (minor units; 0 pays every positive balance).
struct ScheduledPayout {
  PayoutProvider provider = PayoutProvider::paypal;
  Currency currency;
  std::int64_t minimum = 0;
};

//! Weekly at `weekday` (0 = Sunday … 6 = Saturday) and `hour` (0–23), UTC.
struct PayoutSchedule {
  int weekday = 1;
  int hour = 9;
  std::vector<ScheduledPayout> payouts;  //!< at most one per (provider, currency)
};

//! Parses a schedule written as
//!   "<weekday> <HH>:00 <provider>:<CUR>:<minimum>[,<provider>:<CUR>:<minimum>…]"
//! e.g. "mon 09:00 paypal:USD:10.00,bank_csv:PHP:500". Weekdays are the
//! English three-letter abbreviations; minimums are in major units.
//! Throws Error{invalid_input, "invalid_payout_schedule"} saying which part
//! is wrong.
PayoutSchedule parse_payout_schedule(std::string_view text);

//! Throws Error{invalid_input, "invalid_payout_schedule"} for a weekday or
//! hour out of range, a negative minimum, a missing currency or the same
//! provider and currency twice.
void validate(const PayoutSchedule& schedule);

//! The start of the period that contains `now`: the latest scheduled moment
//! at or before it.
Timestamp payout_period_start(const PayoutSchedule& schedule, Timestamp now);

//! One claimed run of the schedule.
struct ScheduledPayoutRun {
  Timestamp period_start = 0;
  ScheduledPayout payout;
  PayoutBatch batch;  //!< batch.id == 0: nobody was due (the run is still recorded)
};

//! The recipient of `worker_id` for `provider`, read in the batch's
//! transaction; std::nullopt defers the worker ("no payout method").
using RecipientLookup =
    std::function<std::optional<Recipient>(store::Connection&, std::int64_t worker_id, PayoutProvider provider)>;

class ScheduledPayouts {
 public:
  //! Throws like validate() for a bad schedule.
  ScheduledPayouts(const PayoutService& payouts, PayoutSchedule schedule, RecipientLookup recipient_of);

  //! Runs every payout of the schedule whose current period (at `now`) has
  //! not run yet, each in its own write transaction; returns the runs this
  //! call claimed (none when another process or an earlier call did). A run
  //! that fails is rolled back and its error propagates; the others still
  //! run first.
  std::vector<ScheduledPayoutRun> run_due(store::Database& database, Timestamp now) const;

  const PayoutSchedule& schedule() const { return schedule_; }

 private:
  const PayoutService& payouts_;
  PayoutSchedule schedule_;
  RecipientLookup recipient_of_;
};

}  // namespace fairlabel::money
