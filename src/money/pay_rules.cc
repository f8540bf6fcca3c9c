#include "money/pay_rules.h"

#include <algorithm>

#include "core/error.h"

namespace fairlabel::money {

HourlyFloor convert_floor(const HourlyFloor& floor, const ExchangeRate& rate) {
  if (!(rate.from == floor.currency)) {
    throw Error::invalid("currency_mismatch", "exchange rate from " + std::string(rate.from.code()) +
                                                  " cannot convert a floor in " + std::string(floor.currency.code()));
  }
  if (rate.numerator <= 0 || rate.denominator <= 0) {
    throw Error::invalid("invalid_exchange_rate", "an exchange rate must be positive");
  }
  if (rate.from == rate.to) return floor;
  HourlyFloor out = floor;
  out.currency = rate.to;
  out.amount = checked_mul(floor.amount, rate.numerator);
  out.per_seconds = checked_mul(floor.per_seconds, rate.denominator);
  return out;
}

std::int64_t counted_seconds(std::int64_t measured_seconds, std::int64_t median_seconds, const PayPolicy& policy) {
  if (median_seconds <= 0) throw Error::invalid("invalid_median", "the project's median time must be positive");
  if (measured_seconds < 0) throw Error::invalid("invalid_time", "measured time cannot be negative");
  return std::min(measured_seconds, checked_mul(median_seconds, policy.time_cap_multiple));
}

AcceptancePay acceptance_pay(std::int64_t piece_rate, const PayPolicy& policy) {
  if (piece_rate < 0) throw Error::invalid("invalid_piece_rate", "a piece rate cannot be negative");
  AcceptancePay pay;
  pay.worker_fee = mul_div(piece_rate, policy.worker_fee_bps, 10'000, Rounding::down);
  pay.worker_net = piece_rate - pay.worker_fee;
  pay.requester_fee = mul_div(piece_rate, policy.requester_fee_bps, 10'000, Rounding::up);
  return pay;
}

RejectionPay rejection_pay(std::int64_t measured_seconds, std::int64_t median_seconds, const HourlyFloor& floor,
                           bool fraud_recorded, const PayPolicy& policy) {
  RejectionPay pay;
  pay.counted_seconds = counted_seconds(measured_seconds, median_seconds, policy);
  pay.amount = fraud_recorded ? 0 : floor.pay_for(pay.counted_seconds);
  return pay;
}

PeriodTopUp period_top_up(std::span<const ProjectPeriodWork> work, const HourlyFloor& floor) {
  PeriodTopUp out;
  for (const auto& w : work) {
    out.counted_seconds = checked_add(out.counted_seconds, w.counted_seconds);
    out.net_pay = checked_add(out.net_pay, w.net_pay);
  }
  out.floor_pay = floor.pay_for(out.counted_seconds);
  out.top_up = std::max<std::int64_t>(0, out.floor_pay - out.net_pay);
  if (out.top_up == 0) return out;
  // The projects whose own rate fell under the floor share the top-up by time.
  std::vector<const ProjectPeriodWork*> under;
  std::vector<std::int64_t> weights;
  for (const auto& w : work) {
    if (w.counted_seconds > 0 && w.net_pay < floor.pay_for(w.counted_seconds)) {
      under.push_back(&w);
      weights.push_back(w.counted_seconds);
    }
  }
  // A positive total shortfall implies at least one project under the floor.
  auto shares = allocate(out.top_up, weights);
  for (std::size_t i = 0; i < under.size(); ++i) {
    if (shares[i] > 0) out.charges.push_back({under[i]->project_id, shares[i]});
  }
  return out;
}

EscrowRequirement escrow_required(const BatchTerms& terms, std::span<const HourlyFloor> allowed_floors,
                                  const PayPolicy& policy) {
  Validation v;
  if (terms.tasks <= 0) v.fail("/tasks", "must be positive");
  if (terms.overlap <= 0) v.fail("/overlap", "must be positive");
  if (terms.piece_rate < 0) v.fail("/piece_rate", "cannot be negative");
  if (terms.review_pay < 0) v.fail("/review_pay", "cannot be negative");
  if (terms.estimated_seconds <= 0) v.fail("/estimated_seconds", "must be positive");
  v.throw_if_failed("the batch terms");
  std::int64_t submissions = checked_mul(terms.tasks, terms.overlap);
  EscrowRequirement r;
  r.piece_total = checked_mul(terms.piece_rate, submissions);
  r.review_total = checked_mul(terms.review_pay, submissions);
  r.platform_fee = mul_div(checked_add(r.piece_total, r.review_total), policy.requester_fee_bps, 10'000, Rounding::up);
  std::int64_t worst_top_up = 0;
  AcceptancePay per_task = acceptance_pay(terms.piece_rate, policy);
  for (const auto& floor : allowed_floors) {
    std::int64_t floor_pay = floor.pay_for(terms.estimated_seconds);
    worst_top_up = std::max(worst_top_up, floor_pay - per_task.worker_net);
  }
  r.floor_reserve = std::max(checked_mul(worst_top_up, submissions),
                             mul_div(r.piece_total, policy.floor_reserve_bps, 10'000, Rounding::up));
  r.total = checked_add(checked_add(r.piece_total, r.review_total), checked_add(r.platform_fee, r.floor_reserve));
  return r;
}

FloorCheck check_floor(std::int64_t piece_rate, std::int64_t estimated_seconds, const HourlyFloor& floor,
                       const PayPolicy& policy) {
  if (estimated_seconds <= 0) throw Error::invalid("invalid_time", "the time estimate must be positive");
  FloorCheck c;
  c.country = floor.basis.country;
  c.region = floor.basis.region_code.empty() ? floor.basis.region : floor.basis.region_code;
  c.floor_per_hour = floor.per_hour();
  std::int64_t net = acceptance_pay(piece_rate, policy).worker_net;
  c.task_rate_per_hour = mul_div(net, 3600, estimated_seconds, Rounding::down);
  // net / estimated_seconds >= amount / per_seconds, exactly.
  c.clears = compare_rates(net, estimated_seconds, floor.amount, floor.per_seconds) >= 0;
  c.top_up_per_task = std::max<std::int64_t>(0, floor.pay_for(estimated_seconds) - net);
  return c;
}

}  // namespace fairlabel::money
