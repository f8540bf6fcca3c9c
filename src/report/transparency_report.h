#pragma once
//! The transparency report: what the data shows, per period, about pay,
//! conditions, contracts, management and representation (the five Fairwork
//! principles). Every figure is computed from stored records at the time of
//! asking; nothing is typed in.
//!
//! Definitions (what a reader needs to recompute each figure):
//!  - effective hourly pay of a worker in a currency: the net pay of their
//!    counted work in the period (pay_time_entries: accepted piece rates and
//!    floor pay for rejected work; entries whose hold was voided excluded)
//!    × 3600 ÷ its counted seconds, in minor units per hour, rounded down.
//!    It meets the local minimum when net ÷ seconds ≥ the hourly floor of the
//!    worker's country/region at the period's end, converted to the pay
//!    currency (compared exactly, money::compare_rates);
//!  - by region: lower median and 10th percentile (nearest rank, see
//!    percentiles.h) of those hourly figures per (country, region, currency);
//!  - acceptance to payout: for each accepted piece of work in the period,
//!    the time from its acceptance to the creation of the first later payout
//!    batch holding a non-failed item for that worker and currency; work not
//!    yet paid out is counted apart;
//!  - holds placed in the period: count, reasons, states, and the mean time
//!    from placing to resolution of those resolved;
//!  - verdicts decided in the period and the share that rejected; appeal
//!    outcomes are the rejection (and sanction) disputes opened in the
//!    period, by outcome ("pending" until decided);
//!  - disputes opened in the period by category, escalations, decisions by
//!    deadline, lower median time from opening to decision;
//!  - sanctions proposed in the period by level and state;
//!  - retaliation flags raised in the period (sanctions and rejections of a
//!    worker with a dispute in the 30 days before), and how many a second
//!    admin approved.
//! The regulator export aggregates earnings and hours by region and never
//! shows a group of fewer than kMinimumGroup workers.

#include <cstdint>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "money/pay_service.h"
#include "store/database.h"

namespace fairlabel::report {

inline constexpr std::int64_t kMinimumGroup = 10;

struct RegionPay {
  std::string country, region, currency;
  std::int64_t workers = 0;
  std::int64_t workers_meeting_minimum = 0;
  std::optional<std::int64_t> median_hourly;  //!< minor units per hour
  std::optional<std::int64_t> p10_hourly;
  std::optional<std::int64_t> local_minimum_hourly;  //!< the floor, rounded up, in `currency`
  std::string minimum_basis;                         //!< the wage-table row it comes from
};

struct TransparencyReport {
  Timestamp from = 0, to = 0;
  // Fair pay
  std::int64_t workers_with_counted_time = 0;  //!< (worker, currency) pairs
  std::int64_t workers_meeting_minimum = 0;
  std::int64_t workers_without_known_minimum = 0;
  std::vector<RegionPay> pay_by_region;
  // Fair conditions
  std::int64_t acceptances = 0;
  std::int64_t acceptances_paid_out = 0;
  std::optional<std::int64_t> acceptance_to_payout_median_us;
  std::optional<std::int64_t> acceptance_to_payout_p95_us;
  std::int64_t holds_placed = 0;
  std::map<std::string, std::int64_t> hold_reasons;
  std::map<std::string, std::int64_t> hold_states;
  std::optional<std::int64_t> hold_mean_duration_us;
  // Fair contracts
  std::int64_t rule_versions_published = 0;
  // Fair management
  std::int64_t verdicts = 0;
  std::int64_t rejections = 0;
  std::map<std::string, std::int64_t> rejection_appeal_outcomes;
  std::map<std::string, std::int64_t> disputes_by_category;
  std::int64_t disputes_decided = 0;
  std::int64_t disputes_decided_by_deadline = 0;
  std::int64_t disputes_escalated = 0;
  std::optional<std::int64_t> dispute_time_to_decision_median_us;
  std::map<std::string, std::map<std::string, std::int64_t>> sanctions;  //!< level → state → count
  std::map<std::string, std::int64_t> sanction_appeal_outcomes;
  std::int64_t retaliation_flags = 0;
  std::map<std::string, std::int64_t> retaliation_flags_by_kind;
  std::int64_t retaliation_flags_approved = 0;
  // Fair representation
  std::int64_t council_members = 0;
};

//! Called after each of the report's kReportSteps sections with the number
//! done (1..kReportSteps): how `fairlabel report` shows its progress.
using ReportProgress = std::function<void(int done)>;
inline constexpr int kReportSteps = 6;

//! Computes the report for [from, to). `pay` supplies the wage floors and
//! exchange rates (PayService::floor_in). Read-only.
TransparencyReport build_report(store::Connection& c, const money::PayService& pay, Timestamp from, Timestamp to,
                                const ReportProgress& progress = {});

//! The report as JSON, figures grouped under the five Fairwork principles,
//! each with a sentence saying what the data shows.
nlohmann::json report_json(const TransparencyReport& report);

struct RegionTotals {
  std::string country, region, currency;
  std::int64_t workers = 0;
  std::int64_t earnings_minor = 0;
  std::int64_t seconds = 0;
};

struct RegulatorExport {
  Timestamp from = 0, to = 0;
  std::vector<RegionTotals> groups;  //!< only groups of at least kMinimumGroup workers
  std::int64_t suppressed_groups = 0;
  std::int64_t suppressed_workers = 0;
};

//! Earnings and hours by (country, region, currency) for [from, to).
RegulatorExport regulator_export(store::Connection& c, Timestamp from, Timestamp to);
//! CSV: country,region,currency,workers,earnings,hours — then a comment
//! line saying how many groups were withheld as too small.
std::string regulator_export_csv(const RegulatorExport& data);

}  // namespace fairlabel::report
