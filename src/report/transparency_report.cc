#include "report/transparency_report.h"

#include <algorithm>
#include <tuple>

#include "core/error.h"
#include "money/money.h"
#include "money/wage_floor.h"
#include "report/percentiles.h"

namespace fairlabel::report {
namespace {

using nlohmann::json;
using store::Connection;

//! Counted work per (worker, currency) in the period, voided holds excluded.
struct WorkerPay {
  std::int64_t worker_id = 0;
  std::string currency, country, region;
  std::int64_t net = 0;
  std::int64_t seconds = 0;
};

std::vector<WorkerPay> counted_pay(Connection& c, Timestamp from, Timestamp to) {
  auto r = c.execute(
      "SELECT e.worker_id, e.currency, COALESCE(u.country, ''), COALESCE(u.region, ''), SUM(e.net_pay), "
      "SUM(e.counted_seconds) FROM pay_time_entries e JOIN users u ON u.id = e.worker_id "
      "LEFT JOIN ledger_holds h ON h.transfer_id = e.hold_id "
      "WHERE e.occurred_at >= $1 AND e.occurred_at < $2 AND (h.state IS NULL OR h.state <> 'voided') "
      "GROUP BY e.worker_id, e.currency, u.country, u.region ORDER BY e.worker_id, e.currency",
      {from, to});
  std::vector<WorkerPay> out;
  for (const auto& row : r.rows) {
    out.push_back({row.integer(0), row.text(1), row.text(2), row.text(3), row.integer(4), row.integer(5)});
  }
  return out;
}

std::map<std::string, std::int64_t> counts(Connection& c, const std::string& sql, Timestamp from, Timestamp to) {
  std::map<std::string, std::int64_t> out;
  for (const auto& row : c.execute(sql, {from, to}).rows) out[row.text(0)] = row.integer(1);
  return out;
}

std::int64_t count(Connection& c, const std::string& sql, Timestamp from, Timestamp to) {
  return c.execute(sql, {from, to}).single().integer(0);
}

json optional_json(const std::optional<std::int64_t>& v) {
  return v ? json(*v) : json(nullptr);
}

json duration_json(const std::optional<std::int64_t>& us) {
  if (!us) return nullptr;
  return {{"microseconds", *us}, {"hours", static_cast<double>(*us) / kMicrosPerHour}};
}

double share(std::int64_t part, std::int64_t whole) {
  return whole == 0 ? 0.0 : static_cast<double>(part) / static_cast<double>(whole);
}

std::string percent_text(std::int64_t part, std::int64_t whole) {
  if (whole == 0) return "no data";
  return std::to_string((part * 1000 / whole) / 10) + "." + std::to_string((part * 1000 / whole) % 10) + "%";
}

}  // namespace

TransparencyReport build_report(Connection& c, const money::PayService& pay, Timestamp from, Timestamp to,
                                const ReportProgress& progress) {
  if (to <= from) throw Error::invalid("invalid_period", "the period must end after it starts");
  int steps_done = 0;
  auto step_done = [&] {
    if (progress) progress(++steps_done);
  };
  TransparencyReport rep;
  rep.from = from;
  rep.to = to;
  const Timestamp floor_at = to - 1;

  // Fair pay: effective hourly pay against the local minimum.
  std::map<std::tuple<std::string, std::string, std::string>, RegionPay> regions;
  std::map<std::tuple<std::string, std::string, std::string>, std::vector<std::int64_t>> hourly;
  for (const auto& w : counted_pay(c, from, to)) {
    if (w.seconds <= 0) continue;
    ++rep.workers_with_counted_time;
    auto key = std::make_tuple(w.country, w.region, w.currency);
    auto& region = regions[key];
    region.country = w.country;
    region.region = w.region;
    region.currency = w.currency;
    ++region.workers;
    hourly[key].push_back(w.net * 3600 / w.seconds);
    auto floor = pay.floor_in({w.worker_id, w.country, w.region}, money::Currency::of(w.currency), floor_at);
    if (!floor) {
      ++rep.workers_without_known_minimum;
      continue;
    }
    if (!region.local_minimum_hourly) {
      region.local_minimum_hourly = floor->per_hour();
      region.minimum_basis = floor->basis.country + " " + floor->basis.region_code + " " + floor->basis.category +
                             " (" + floor->basis.instrument + ")";
    }
    if (money::compare_rates(w.net, w.seconds, floor->amount, floor->per_seconds) >= 0) {
      ++rep.workers_meeting_minimum;
      ++region.workers_meeting_minimum;
    }
  }
  for (auto& [key, region] : regions) {
    region.median_hourly = lower_median(hourly[key]);
    region.p10_hourly = nearest_rank_percentile(hourly[key], 10);
    rep.pay_by_region.push_back(region);
  }

  step_done();

  // Fair conditions: acceptance to payout.
  auto accepted = c.execute(
      "SELECT e.worker_id, e.currency, e.occurred_at, (SELECT MIN(b.created_at) FROM payout_items i JOIN "
      "payout_batches b ON b.id = i.batch_id WHERE i.worker_id = e.worker_id AND i.currency = e.currency AND "
      "i.state <> 'failed' AND b.created_at >= e.occurred_at) FROM pay_time_entries e LEFT JOIN ledger_holds h ON "
      "h.transfer_id = e.hold_id WHERE e.kind = 'accepted' AND e.occurred_at >= $1 AND e.occurred_at < $2 AND "
      "(h.state IS NULL OR h.state <> 'voided')",
      {from, to});
  std::vector<std::int64_t> waits;
  for (const auto& row : accepted.rows) {
    ++rep.acceptances;
    if (auto paid = row.optional_integer(3)) waits.push_back(*paid - row.integer(2));
  }
  rep.acceptances_paid_out = static_cast<std::int64_t>(waits.size());
  rep.acceptance_to_payout_median_us = lower_median(waits);
  rep.acceptance_to_payout_p95_us = nearest_rank_percentile(waits, 95);

  step_done();

  // Holds placed in the period.
  const std::string holds_in_period =
      " FROM ledger_holds h JOIN ledger_transfers t ON t.id = h.transfer_id WHERE t.created_at >= $1 AND "
      "t.created_at < $2";
  rep.holds_placed = count(c, "SELECT COUNT(*)" + holds_in_period, from, to);
  rep.hold_reasons =
      counts(c, "SELECT h.hold_reason, COUNT(*)" + holds_in_period + " GROUP BY h.hold_reason", from, to);
  rep.hold_states = counts(c, "SELECT h.state, COUNT(*)" + holds_in_period + " GROUP BY h.state", from, to);
  auto durations = c.execute(
      "SELECT SUM(h.resolved_at - t.created_at), COUNT(*)" + holds_in_period + " AND h.resolved_at IS NOT NULL",
      {from, to});
  if (durations.single().integer(1) > 0)
    rep.hold_mean_duration_us = durations.single().integer(0) / durations.single().integer(1);

  step_done();

  // Fair contracts.
  rep.rule_versions_published =
      count(c, "SELECT COUNT(*) FROM rule_versions WHERE published_at >= $1 AND published_at < $2", from, to);

  step_done();

  // Fair management: verdicts, appeals, disputes, sanctions, retaliation.
  rep.verdicts = count(
      c, "SELECT COUNT(*) FROM reviews WHERE status = 'decided' AND decided_at >= $1 AND decided_at < $2", from, to);
  rep.rejections = count(c,
                         "SELECT COUNT(*) FROM reviews WHERE status = 'decided' AND verdict = 'reject' AND decided_at "
                         ">= $1 AND decided_at < $2",
                         from, to);
  rep.rejection_appeal_outcomes = counts(c,
                                         "SELECT COALESCE(outcome, 'pending'), COUNT(*) FROM disputes WHERE category = "
                                         "'rejection' AND opened_at >= $1 AND opened_at < $2 GROUP BY outcome",
                                         from, to);
  rep.sanction_appeal_outcomes = counts(c,
                                        "SELECT COALESCE(outcome, 'pending'), COUNT(*) FROM disputes WHERE category = "
                                        "'sanction' AND opened_at >= $1 AND opened_at < $2 GROUP BY outcome",
                                        from, to);
  rep.disputes_by_category =
      counts(c, "SELECT category, COUNT(*) FROM disputes WHERE opened_at >= $1 AND opened_at < $2 GROUP BY category",
             from, to);
  rep.disputes_escalated =
      count(c, "SELECT COUNT(*) FROM disputes WHERE opened_at >= $1 AND opened_at < $2 AND escalated_at IS NOT NULL",
            from, to);
  auto decided = c.execute(
      "SELECT decided_at - opened_at, outcome FROM disputes WHERE opened_at >= $1 AND opened_at < $2 AND decided_at IS "
      "NOT NULL",
      {from, to});
  std::vector<std::int64_t> decision_times;
  for (const auto& row : decided.rows) {
    decision_times.push_back(row.integer(0));
    if (row.text(1) == "upheld_by_deadline") ++rep.disputes_decided_by_deadline;
  }
  rep.disputes_decided = static_cast<std::int64_t>(decision_times.size());
  rep.dispute_time_to_decision_median_us = lower_median(decision_times);
  for (const auto& row : c.execute("SELECT level, state, COUNT(*) FROM sanctions WHERE proposed_at >= $1 AND "
                                   "proposed_at < $2 GROUP BY level, state",
                                   {from, to})
                             .rows) {
    rep.sanctions[row.text(0)][row.text(1)] = row.integer(2);
  }
  rep.retaliation_flags_by_kind =
      counts(c, "SELECT kind, COUNT(*) FROM retaliation_flags WHERE flagged_at >= $1 AND flagged_at < $2 GROUP BY kind",
             from, to);
  for (const auto& [kind, n] : rep.retaliation_flags_by_kind) rep.retaliation_flags += n;
  rep.retaliation_flags_approved = count(
      c,
      "SELECT COUNT(*) FROM retaliation_flags WHERE flagged_at >= $1 AND flagged_at < $2 AND approved_by IS NOT NULL",
      from, to);

  step_done();

  // Fair representation.
  rep.council_members = c.execute("SELECT COUNT(*) FROM user_roles WHERE role = 'council'").single().integer(0);
  step_done();
  return rep;
}

json report_json(const TransparencyReport& r) {
  json regions = json::array();
  for (const auto& p : r.pay_by_region) {
    regions.push_back({{"country", p.country},
                       {"region", p.region},
                       {"currency", p.currency},
                       {"workers", p.workers},
                       {"workers_meeting_minimum", p.workers_meeting_minimum},
                       {"median_hourly_minor", optional_json(p.median_hourly)},
                       {"p10_hourly_minor", optional_json(p.p10_hourly)},
                       {"local_minimum_hourly_minor", optional_json(p.local_minimum_hourly)},
                       {"minimum_basis", p.minimum_basis}});
  }
  json sanctions = json::object();
  std::int64_t sanctions_total = 0;
  for (const auto& [level, states] : r.sanctions) {
    sanctions[level] = states;
    for (const auto& [state, n] : states) sanctions_total += n;
  }
  json pay = {{"workers_with_counted_time", r.workers_with_counted_time},
              {"workers_meeting_minimum", r.workers_meeting_minimum},
              {"share_meeting_minimum", share(r.workers_meeting_minimum, r.workers_with_counted_time)},
              {"workers_without_known_minimum", r.workers_without_known_minimum},
              {"by_region", regions},
              {"finding", percent_text(r.workers_meeting_minimum, r.workers_with_counted_time) +
                              " of workers with counted time earned at least their local minimum wage per hour "
                              "before period top-ups"}};
  json conditions = {
      {"acceptances", r.acceptances},
      {"acceptances_paid_out", r.acceptances_paid_out},
      {"acceptance_to_payout_median", duration_json(r.acceptance_to_payout_median_us)},
      {"acceptance_to_payout_p95", duration_json(r.acceptance_to_payout_p95_us)},
      {"holds",
       {{"placed", r.holds_placed},
        {"reasons", r.hold_reasons},
        {"states", r.hold_states},
        {"mean_duration", duration_json(r.hold_mean_duration_us)}}},
      {"finding", std::to_string(r.acceptances_paid_out) + " of " + std::to_string(r.acceptances) +
                      " accepted pieces of work were paid out; " + std::to_string(r.holds_placed) + " holds placed"}};
  json contracts = {{"rule_versions_published", r.rule_versions_published},
                    {"finding", std::to_string(r.rule_versions_published) +
                                    " acceptance-rule versions published; each applies only to work claimed after it"}};
  json management = {{"verdicts", r.verdicts},
                     {"rejections", r.rejections},
                     {"rejection_rate", share(r.rejections, r.verdicts)},
                     {"rejection_appeal_outcomes", r.rejection_appeal_outcomes},
                     {"disputes",
                      {{"by_category", r.disputes_by_category},
                       {"decided", r.disputes_decided},
                       {"decided_for_worker_by_deadline", r.disputes_decided_by_deadline},
                       {"escalated", r.disputes_escalated},
                       {"time_to_decision_median", duration_json(r.dispute_time_to_decision_median_us)}}},
                     {"sanctions", sanctions},
                     {"sanction_appeal_outcomes", r.sanction_appeal_outcomes},
                     {"retaliation_flagged",
                      {{"total", r.retaliation_flags},
                       {"by_kind", r.retaliation_flags_by_kind},
                       {"approved_by_second_admin", r.retaliation_flags_approved}}},
                     {"finding", percent_text(r.rejections, r.verdicts) + " of verdicts rejected; " +
                                     std::to_string(sanctions_total) + " sanctions proposed; " +
                                     std::to_string(r.retaliation_flags) + " events flagged as possible retaliation"}};
  json representation = {{"council_members", r.council_members},
                         {"finding", std::to_string(r.council_members) +
                                         " elected worker council members can read this report and post notices"}};
  return {{"from", format_rfc3339(r.from)},
          {"to", format_rfc3339(r.to)},
          {"principles",
           {{"fair_pay", pay},
            {"fair_conditions", conditions},
            {"fair_contracts", contracts},
            {"fair_management", management},
            {"fair_representation", representation}}}};
}

RegulatorExport regulator_export(Connection& c, Timestamp from, Timestamp to) {
  if (to <= from) throw Error::invalid("invalid_period", "the period must end after it starts");
  RegulatorExport out;
  out.from = from;
  out.to = to;
  std::map<std::tuple<std::string, std::string, std::string>, RegionTotals> groups;
  for (const auto& w : counted_pay(c, from, to)) {
    auto& g = groups[{w.country, w.region, w.currency}];
    g.country = w.country;
    g.region = w.region;
    g.currency = w.currency;
    ++g.workers;
    g.earnings_minor += w.net;
    g.seconds += w.seconds;
  }
  for (const auto& [key, g] : groups) {
    if (g.workers < kMinimumGroup) {
      ++out.suppressed_groups;
      out.suppressed_workers += g.workers;
    } else {
      out.groups.push_back(g);
    }
  }
  return out;
}

std::string regulator_export_csv(const RegulatorExport& data) {
  std::string out = "country,region,currency,workers,earnings,hours\n";
  for (const auto& g : data.groups) {
    auto currency = money::Currency::of(g.currency);
    const std::int64_t centi_hours = g.seconds * 100 / 3600;  // rounded down
    std::string cents = std::to_string(centi_hours % 100);
    std::string hours = std::to_string(centi_hours / 100) + "." + (cents.size() < 2 ? "0" + cents : cents);
    out += g.country + "," + g.region + "," + g.currency + "," + std::to_string(g.workers) + "," +
           money::format_amount({g.earnings_minor, currency}) + "," + hours + "\n";
  }
  out += "# " + std::to_string(data.suppressed_groups) + " groups (" + std::to_string(data.suppressed_workers) +
         " workers) withheld: fewer than " + std::to_string(kMinimumGroup) + " workers\n";
  return out;
}

}  // namespace fairlabel::report
