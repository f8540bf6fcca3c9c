#include "money/pay_service.h"

#include <nlohmann/json.hpp>

#include "core/error.h"

namespace fairlabel::money {
namespace {

using store::Connection;
using Json = nlohmann::ordered_json;

std::string id_key(std::string_view prefix, std::int64_t id, std::string_view suffix) {
  return std::string(prefix) + ":" + std::to_string(id) + ":" + std::string(suffix);
}

void validate_facts(const WorkerRef& worker, const ProjectRef& project, std::int64_t measured, std::int64_t median,
                    Validation& v) {
  if (worker.worker_id <= 0) v.fail("/worker_id", "required");
  if (project.project_id <= 0) v.fail("/project_id", "required");
  if (project.currency.is_none()) v.fail("/currency", "required");
  if (measured < 0) v.fail("/measured_seconds", "cannot be negative");
  if (median <= 0) v.fail("/median_seconds", "must be positive");
}

std::string describe_basis(const HourlyFloor& floor) {
  const WageRate& b = floor.basis;
  static const char* units[] = {"hour", "day", "month", "month14"};
  return b.country + " " + (b.region_code.empty() ? b.region : b.region_code) + " " + b.category + " " +
         format_amount(b.amount) + " " + std::string(b.amount.currency.code()) + "/" +
         units[static_cast<int>(b.unit)] + " (" + b.instrument + ", " + b.effective_from + ")";
}

}  // namespace

PayService::PayService(const Ledger& ledger, const Clock& clock, PaySettings settings)
    : ledger_(ledger), clock_(clock), settings_(std::move(settings)) {}

const WageTable& PayService::wages() const { return settings_.wages ? *settings_.wages : WageTable::builtin(); }

std::optional<HourlyFloor> PayService::floor_in(const WorkerRef& worker, Currency currency, Timestamp at) const {
  auto floor = wages().floor_for(worker.country, worker.region, at);
  if (!floor && settings_.fallback_floor) floor = hourly_floor_of(*settings_.fallback_floor);
  if (!floor) return std::nullopt;
  if (floor->currency == currency) return floor;
  for (const auto& rate : settings_.exchange_rates) {
    if (rate.from == floor->currency && rate.to == currency) return convert_floor(*floor, rate);
  }
  throw Error(ErrorKind::precondition, "no_exchange_rate",
              "no exchange rate from " + std::string(floor->currency.code()) + " to " + std::string(currency.code()) +
                  " to apply the wage floor of " + worker.country + " " + worker.region);
}

std::int64_t PayService::escrow_account(Connection& c, const ProjectRef& project) const {
  return ledger_.ensure_account(c, {OwnerKind::project, project.project_id, Purpose::escrow, project.currency});
}

std::int64_t PayService::payable_account(Connection& c, std::int64_t worker_id, Currency currency) const {
  return ledger_.ensure_account(c, {OwnerKind::worker, worker_id, Purpose::payable, currency});
}

std::int64_t PayService::platform_account(Connection& c, Purpose purpose, Currency currency) const {
  return ledger_.ensure_account(c, {OwnerKind::platform, 0, purpose, currency});
}

Transfer PayService::record_deposit(Connection& c, const ProjectRef& project, std::int64_t amount,
                                    std::int64_t deposit_id, std::int64_t recorded_by, const std::string& note) const {
  Validation v;
  if (amount <= 0) v.fail("/amount", "must be positive");
  if (deposit_id <= 0) v.fail("/deposit_id", "required");
  if (recorded_by <= 0) v.fail("/recorded_by", "required");
  v.throw_if_failed("the deposit");
  std::int64_t source =
      ledger_.ensure_account(c, {OwnerKind::org, project.org_id, Purpose::funding_source, project.currency});
  Json detail = {{"project_id", project.project_id}, {"recorded_by", recorded_by}, {"note", note}};
  return ledger_.post(c, {id_key("deposit", deposit_id, "escrow"), source, escrow_account(c, project), amount,
                          project.currency, "deposit", Cause{"deposit", deposit_id}, detail.dump()});
}

Transfer PayService::record_deposit_by_reference(Connection& c, const ProjectRef& project, std::int64_t amount,
                                                 const std::string& reference, std::int64_t recorded_by) const {
  Validation v;
  if (amount <= 0) v.fail("/amount", "must be positive");
  if (reference.empty() || reference.size() > 120) v.fail("/reference", "a reference of 1 to 120 characters is required");
  if (recorded_by <= 0) v.fail("/recorded_by", "required");
  v.throw_if_failed("the deposit");
  std::int64_t source =
      ledger_.ensure_account(c, {OwnerKind::org, project.org_id, Purpose::funding_source, project.currency});
  Json detail = {{"project_id", project.project_id}, {"reference", reference}, {"recorded_by", recorded_by}};
  return ledger_.post(c, {"deposit:" + std::to_string(project.project_id) + ":" + reference, source,
                          escrow_account(c, project), amount, project.currency, "deposit",
                          Cause{"project", project.project_id}, detail.dump()});
}

std::int64_t PayService::escrow_available(Connection& c, const ProjectRef& project) const {
  return ledger_.account(c, escrow_account(c, project)).available();
}

EscrowRequirement PayService::require_escrow(Connection& c, const ProjectRef& project, const BatchTerms& terms,
                                             const std::vector<WorkerRef>& allowed) const {
  std::vector<HourlyFloor> floors;
  for (const auto& region : allowed) {
    if (auto floor = floor_in(region, project.currency, clock_.now())) floors.push_back(*floor);
  }
  EscrowRequirement need = escrow_required(terms, floors, settings_.policy);
  std::int64_t available = escrow_available(c, project);
  if (available < need.total) {
    throw Error(ErrorKind::precondition, "escrow_insufficient",
                "the project's escrow holds " + to_string(Money{available, project.currency}) + "; this batch needs " +
                    to_string(Money{need.total, project.currency}) + " (piece rate " +
                    format_amount({need.piece_total, project.currency}) + ", review " +
                    format_amount({need.review_total, project.currency}) + ", fee " +
                    format_amount({need.platform_fee, project.currency}) + ", floor reserve " +
                    format_amount({need.floor_reserve, project.currency}) + ")");
  }
  return need;
}

std::vector<FloorCheck> PayService::floor_checks(std::int64_t piece_rate, std::int64_t estimated_seconds,
                                                 Currency currency, const std::vector<WorkerRef>& allowed,
                                                 Timestamp at) const {
  std::vector<FloorCheck> out;
  for (const auto& region : allowed) {
    if (auto floor = floor_in(region, currency, at)) {
      out.push_back(check_floor(piece_rate, estimated_seconds, *floor, settings_.policy));
    }
  }
  return out;
}

void PayService::record_time(Connection& c, const WorkerRef& worker, const ProjectRef& project, std::int64_t seconds,
                             std::int64_t net_pay, const char* kind, const Cause& cause,
                             std::optional<std::int64_t> hold_id) const {
  c.execute(
      "INSERT INTO pay_time_entries (worker_id, project_id, currency, counted_seconds, net_pay, kind, cause_kind, "
      "cause_id, occurred_at, hold_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) "
      "ON CONFLICT (kind, cause_kind, cause_id) DO NOTHING",
      {worker.worker_id, project.project_id, std::string(project.currency.code()), seconds, net_pay, std::string(kind),
       cause.kind, cause.id, clock_.now(), hold_id ? store::Value(*hold_id) : store::Value(nullptr)});
}

AcceptanceResult PayService::accept(Connection& c, const AcceptanceFacts& f, const std::string* hold_reason,
                                    Timestamp release_at) const {
  Validation v;
  validate_facts(f.worker, f.project, f.measured_seconds, f.median_seconds, v);
  if (f.assignment_id <= 0) v.fail("/assignment_id", "required");
  if (f.piece_rate < 0) v.fail("/piece_rate", "cannot be negative");
  v.throw_if_failed("the acceptance");
  AcceptanceResult result;
  result.pay = acceptance_pay(f.piece_rate, settings_.policy);
  std::int64_t seconds = counted_seconds(f.measured_seconds, f.median_seconds, settings_.policy);
  Cause cause{"assignment", f.assignment_id};
  std::int64_t escrow = escrow_account(c, f.project);
  if (result.pay.worker_net > 0) {
    Json detail = {{"project_id", f.project.project_id}, {"piece_rate", f.piece_rate},
                   {"worker_fee", result.pay.worker_fee}, {"measured_seconds", f.measured_seconds},
                   {"counted_seconds", seconds},          {"median_seconds", f.median_seconds},
                   {"by_deadline", f.by_deadline}};
    TransferRequest pay{id_key("accept", f.assignment_id, "pay"), escrow,
                        payable_account(c, f.worker.worker_id, f.project.currency), result.pay.worker_net,
                        f.project.currency, "piece_rate", cause, detail.dump()};
    if (hold_reason) {
      result.hold = ledger_.hold(c, pay, f.worker.worker_id, *hold_reason, release_at);
    } else {
      result.worker_transfer = ledger_.post(c, pay);
    }
  }
  std::int64_t fee = checked_add(result.pay.worker_fee, result.pay.requester_fee);
  if (fee > 0) {
    Json detail = {{"project_id", f.project.project_id}, {"worker_fee", result.pay.worker_fee},
                   {"requester_fee", result.pay.requester_fee}};
    result.fee_transfer = ledger_.post(c, {id_key("accept", f.assignment_id, "fee"), escrow,
                                           platform_account(c, Purpose::platform_fee, f.project.currency), fee,
                                           f.project.currency, "platform_fee", cause, detail.dump()});
  }
  record_time(c, f.worker, f.project, seconds, result.pay.worker_net, "accepted", cause,
              result.hold ? std::optional<std::int64_t>(result.hold->pending.id) : std::nullopt);
  return result;
}

AcceptanceResult PayService::pay_acceptance(Connection& c, const AcceptanceFacts& facts) const {
  return accept(c, facts, nullptr, 0);
}

AcceptanceResult PayService::hold_acceptance(Connection& c, const AcceptanceFacts& facts, const std::string& hold_reason,
                                             Timestamp release_at) const {
  return accept(c, facts, &hold_reason, release_at);
}

RejectionResult PayService::pay_rejection(Connection& c, const RejectionFacts& f) const {
  Validation v;
  validate_facts(f.worker, f.project, f.measured_seconds, f.median_seconds, v);
  if (f.assignment_id <= 0) v.fail("/assignment_id", "required");
  if (f.clause.empty()) v.fail("/clause", "a rejection must cite the numbered acceptance-rule clause it relies on");
  if (f.evidence.empty()) v.fail("/evidence", "a rejection must give evidence");
  if (f.fraud_recorded && f.fraud_evidence.empty()) v.fail("/fraud_evidence", "fraud must be recorded with evidence");
  v.throw_if_failed("the rejection");
  RejectionResult result;
  Timestamp now = clock_.now();
  std::optional<HourlyFloor> floor = floor_in(f.worker, f.project.currency, now);
  if (!floor) {
    throw Error(ErrorKind::precondition, "no_wage_floor",
                "no minimum wage is known for " + f.worker.country + " " + f.worker.region +
                    "; rejected work cannot be paid at the floor");
  }
  result.pay = rejection_pay(f.measured_seconds, f.median_seconds, *floor, f.fraud_recorded, settings_.policy);
  Cause cause{"assignment", f.assignment_id};
  if (result.pay.amount > 0) {
    // Floor money is owed whatever the escrow holds: the floor fund advances it.
    std::int64_t source = escrow_account(c, f.project);
    if (ledger_.account(c, source).available() < result.pay.amount) {
      source = platform_account(c, Purpose::floor_fund, f.project.currency);
    }
    Json detail = {{"project_id", f.project.project_id},  {"review_id", f.review_id},
                   {"clause", f.clause},                  {"evidence", f.evidence},
                   {"measured_seconds", f.measured_seconds}, {"counted_seconds", result.pay.counted_seconds},
                   {"floor_per_hour", floor->per_hour()},  {"floor_basis", describe_basis(*floor)},
                   {"appealable", true}};
    result.transfer = ledger_.post(c, {id_key("reject", f.assignment_id, "time"), source,
                                       payable_account(c, f.worker.worker_id, f.project.currency), result.pay.amount,
                                       f.project.currency, "rejection_time_pay", cause, detail.dump()});
    record_time(c, f.worker, f.project, result.pay.counted_seconds, result.pay.amount, "rejected", cause, std::nullopt);
  }
  return result;
}

PeriodClose PayService::close_period(Connection& c, const WorkerRef& worker, Currency currency, Timestamp period_start,
                                     Timestamp period_end) const {
  if (period_end <= period_start) throw Error::invalid("invalid_period", "a pay period must end after it starts");
  if (period_end > clock_.now()) {
    throw Error(ErrorKind::precondition, "period_open", "a pay period can be closed only after it ends");
  }
  auto read_close = [&]() -> std::optional<PeriodClose> {
    auto r = c.execute(
        "SELECT id, period_end, counted_seconds, net_pay, floor_pay, top_up, floor_basis FROM pay_period_closes "
        "WHERE worker_id = $1 AND currency = $2 AND period_start = $3",
        {worker.worker_id, std::string(currency.code()), period_start});
    if (r.empty()) return std::nullopt;
    const auto& row = r.single();
    PeriodClose pc;
    pc.id = row.integer(0);
    pc.worker_id = worker.worker_id;
    pc.currency = currency;
    pc.period_start = period_start;
    pc.period_end = row.integer(1);
    pc.counted_seconds = row.integer(2);
    pc.net_pay = row.integer(3);
    pc.floor_pay = row.integer(4);
    pc.top_up = row.integer(5);
    pc.floor_basis = row.text(6);
    return pc;
  };
  if (auto existing = read_close()) {
    if (existing->period_end != period_end) {
      throw Error::conflict("period_conflict", "this pay period was closed with a different end");
    }
    auto transfers = c.execute(
        "SELECT transfer_key FROM ledger_transfers WHERE cause_kind = 'pay_period_close' AND cause_id = $1 ORDER BY id",
        {existing->id});
    for (const auto& row : transfers.rows) existing->transfers.push_back(*ledger_.find_transfer(c, row.text(0)));
    return *existing;
  }
  auto rows = c.execute(
      // Held pay counts as paid (silence pays); voided held work counts neither
      // its pay nor its time.
      "SELECT e.project_id, SUM(e.counted_seconds), SUM(e.net_pay) FROM pay_time_entries e "
      "LEFT JOIN ledger_holds h ON h.transfer_id = e.hold_id "
      "WHERE e.worker_id = $1 AND e.currency = $2 AND e.occurred_at >= $3 AND e.occurred_at < $4 "
      "AND (e.hold_id IS NULL OR h.state <> 'voided') GROUP BY e.project_id ORDER BY e.project_id",
      {worker.worker_id, std::string(currency.code()), period_start, period_end});
  std::vector<ProjectPeriodWork> work;
  for (const auto& row : rows.rows) work.push_back({row.integer(0), row.integer(1), row.integer(2)});
  std::optional<HourlyFloor> floor = floor_in(worker, currency, period_end - 1);
  PeriodClose pc;
  pc.worker_id = worker.worker_id;
  pc.currency = currency;
  pc.period_start = period_start;
  pc.period_end = period_end;
  PeriodTopUp top{};
  if (floor) {
    top = period_top_up(work, *floor);
    pc.floor_basis = describe_basis(*floor);
  } else {
    for (const auto& w : work) {
      top.counted_seconds += w.counted_seconds;
      top.net_pay += w.net_pay;
    }
    pc.floor_basis = "no minimum wage known for " + worker.country + " " + worker.region;
  }
  pc.counted_seconds = top.counted_seconds;
  pc.net_pay = top.net_pay;
  pc.floor_pay = top.floor_pay;
  pc.top_up = top.top_up;
  pc.id = c.execute(
               "INSERT INTO pay_period_closes (worker_id, currency, period_start, period_end, counted_seconds, net_pay, "
               "floor_pay, top_up, floor_basis, closed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
               {worker.worker_id, std::string(currency.code()), period_start, period_end, pc.counted_seconds,
                pc.net_pay, pc.floor_pay, pc.top_up, pc.floor_basis, clock_.now()})
              .single()
              .integer(0);
  std::int64_t payable = payable_account(c, worker.worker_id, currency);
  for (const auto& charge : top.charges) {
    ProjectRef project{charge.project_id, 0, currency};
    std::int64_t source = escrow_account(c, project);
    if (ledger_.account(c, source).available() < charge.amount) {
      source = platform_account(c, Purpose::floor_fund, currency);
    }
    Json detail = {{"project_id", charge.project_id}, {"period_start", period_start}, {"period_end", period_end},
                   {"counted_seconds", pc.counted_seconds}, {"net_pay", pc.net_pay}, {"floor_pay", pc.floor_pay},
                   {"floor_basis", pc.floor_basis}};
    pc.transfers.push_back(ledger_.post(
        c, {"topup:" + std::to_string(worker.worker_id) + ":" + std::string(currency.code()) + ":" +
                std::to_string(period_start) + ":" + std::to_string(charge.project_id),
            source, payable, charge.amount, currency, "floor_topup", Cause{"pay_period_close", pc.id}, detail.dump()}));
  }
  return pc;
}

}  // namespace fairlabel::money
