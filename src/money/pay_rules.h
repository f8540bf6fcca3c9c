#pragma once
//! Pay rules as pure functions: no database, no clock, no I/O.
//!
//! Amounts are minor units of the project's currency. Rounding, always in
//! the worker's favour or neutral (see money.h):
//!  - what the worker is owed for time (floor pay, top-ups) rounds UP;
//!  - fees taken from the worker's pay round DOWN;
//!  - fees and reserves charged to the requester round UP (escrow must cover
//!    what may be paid);
//!  - an hourly rate shown to anyone rounds DOWN (never overstated).
//!
//! The rules:
//!  1. Acceptance (by a reviewer, or by an expired review deadline) pays the
//!     piece rate at once; a redo is not a rejection and the redone work is
//!     paid in full when accepted.
//!  2. Rejection pays the measured active time, counted up to a published
//!     cap (PayPolicy::time_cap_multiple × the project's median time), at
//!     the worker's floor — unless fraud is recorded with evidence. Every
//!     rejection cites a numbered acceptance-rule clause and evidence.
//!  3. At a pay period's close, if the worker's pay net of fees ÷ counted
//!     hours is under the floor of their region, the shortfall is topped up;
//!     the top-up is charged to the projects whose own pay rate fell under
//!     the floor, in proportion to the counted time spent on them.
//!  4. A batch goes live only when escrow covers piece rate × overlap, the
//!     review pay, the platform fee and a floor reserve.
//!  5. A requester creating or repricing a project sees, per allowed region,
//!     whether piece rate ÷ time estimate clears the floor, and the top-up a
//!     task would cost if not.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "money/money.h"
#include "money/wage_floor.h"

namespace fairlabel::money {

//! Platform-wide, published settings.
struct PayPolicy {
  std::int64_t time_cap_multiple = 3;   //!< counted time per task <= this × the project's median time
  std::int64_t requester_fee_bps = 1000;  //!< platform fee on top of worker pay, charged to the requester (10 %)
  std::int64_t worker_fee_bps = 0;        //!< fee withheld from the worker's piece rate (0: none)
  std::int64_t floor_reserve_bps = 1000;  //!< minimum floor reserve, as a share of the batch's piece-rate total
};

//! Minor units of `to` per minor unit of `from` = numerator ÷ denominator
//! (exact: 1 PHP centavo = 172/10000 US cents is {PHP, USD, 172, 10000}).
struct ExchangeRate {
  Currency from;
  Currency to;
  std::int64_t numerator = 1;
  std::int64_t denominator = 1;
};

//! The floor re-expressed in another currency, still exact (the fraction
//! absorbs the rate; rounding happens only in pay_for()). `rate.from` must
//! be the floor's currency; throws Error{invalid_input} otherwise.
HourlyFloor convert_floor(const HourlyFloor& floor, const ExchangeRate& rate);

//! Measured seconds counted for pay: min(measured, cap multiple × median).
//! median_seconds must be > 0 (a new project passes its time estimate).
std::int64_t counted_seconds(std::int64_t measured_seconds, std::int64_t median_seconds, const PayPolicy& policy);

struct AcceptancePay {
  std::int64_t worker_net = 0;     //!< to the worker's payable
  std::int64_t worker_fee = 0;     //!< withheld from the piece rate, to the platform
  std::int64_t requester_fee = 0;  //!< charged to escrow on top, to the platform
};
AcceptancePay acceptance_pay(std::int64_t piece_rate, const PayPolicy& policy);

struct RejectionPay {
  std::int64_t counted_seconds = 0;
  std::int64_t amount = 0;  //!< floor pay for counted_seconds; 0 when fraud is recorded
};
//! `floor` must be in the project's currency (see convert_floor).
RejectionPay rejection_pay(std::int64_t measured_seconds, std::int64_t median_seconds, const HourlyFloor& floor,
                           bool fraud_recorded, const PayPolicy& policy);

//! One project's share of a worker's period.
struct ProjectPeriodWork {
  std::int64_t project_id = 0;
  std::int64_t counted_seconds = 0;
  std::int64_t net_pay = 0;  //!< pay for that time, net of fees
};
struct TopUpCharge {
  std::int64_t project_id = 0;
  std::int64_t amount = 0;
};
struct PeriodTopUp {
  std::int64_t counted_seconds = 0;
  std::int64_t net_pay = 0;
  std::int64_t floor_pay = 0;  //!< the floor for counted_seconds, rounded up
  std::int64_t top_up = 0;     //!< max(0, floor_pay − net_pay)
  std::vector<TopUpCharge> charges;  //!< sums to top_up; only projects under the floor, by time
};
PeriodTopUp period_top_up(std::span<const ProjectPeriodWork> work, const HourlyFloor& floor);

//! Rule 4: what escrow must hold before a batch goes live.
struct BatchTerms {
  std::int64_t tasks = 0;
  std::int64_t overlap = 1;                   //!< submissions per task
  std::int64_t piece_rate = 0;
  std::int64_t review_pay = 0;                //!< per submission reviewed (0 if reviewers are not paid per item)
  std::int64_t estimated_seconds = 0;         //!< per task (the median once known)
};
struct EscrowRequirement {
  std::int64_t piece_total = 0;
  std::int64_t review_total = 0;
  std::int64_t platform_fee = 0;
  std::int64_t floor_reserve = 0;
  std::int64_t total = 0;
};
//! `allowed_floors`: the floors of every region the project allows, in the
//! project's currency. The floor reserve is the larger of the projected
//! top-up for the worst allowed region and floor_reserve_bps of the piece
//! total. Throws Error{invalid_input} for negative or zero counts.
EscrowRequirement escrow_required(const BatchTerms& terms, std::span<const HourlyFloor> allowed_floors,
                                  const PayPolicy& policy);

//! Rule 5, and what a worker sees before accepting a task.
struct FloorCheck {
  std::string country;
  std::string region;
  std::int64_t floor_per_hour = 0;      //!< rounded up
  std::int64_t task_rate_per_hour = 0;  //!< net piece rate ÷ time, rounded down
  bool clears = false;                  //!< exact comparison, not of the rounded figures
  std::int64_t top_up_per_task = 0;     //!< floor pay for the time − net piece rate, if positive
};
FloorCheck check_floor(std::int64_t piece_rate, std::int64_t estimated_seconds, const HourlyFloor& floor,
                       const PayPolicy& policy);

}  // namespace fairlabel::money
