#include "app/pay_bridge.h"

#include <algorithm>
#include <array>
#include <utility>

#include "core/error.h"

namespace fairlabel::app {
namespace {

using money::Currency;

//! US dollars per major unit, in millionths (reference rates, late 2025;
//! an operator replaces them with the rates their payment provider uses).
constexpr std::array<std::pair<const char*, std::int64_t>, 12> kMicroUsdPerUnit = {{
    {"USD", 1'000'000},
    {"EUR", 1'080'000},
    {"GBP", 1'270'000},
    {"PHP", 17'200},
    {"INR", 11'800},
    {"KES", 7'750},
    {"NGN", 650},
    {"BRL", 175'000},
    {"COP", 245},
    {"IDR", 62},
    {"VND", 39},
    {"VES", 27'000},
}};

std::int64_t pow10(int n) {
  std::int64_t p = 1;
  while (n-- > 0) p *= 10;
  return p;
}

money::WorkerRef worker_ref(store::Connection& c, std::int64_t worker_id) {
  auto r = c.execute("SELECT country, region FROM users WHERE id = $1", {worker_id});
  money::WorkerRef ref;
  ref.worker_id = worker_id;
  if (!r.empty()) {
    ref.country = r.single().optional_text(0).value_or("");
    ref.region = r.single().optional_text(1).value_or("");
  }
  return ref;
}

money::ProjectRef project_ref(const work::JudgedWork& judged) {
  return {judged.assignment.project_id, judged.org_id, Currency::of(judged.settings.currency)};
}

//! The (country, region) pairs a project allows, for the floor reserve.
std::vector<money::WorkerRef> allowed_regions(const work::Eligibility& e) {
  std::vector<money::WorkerRef> out;
  for (const auto& region : e.regions) out.push_back({0, region.substr(0, 2), region});
  if (e.regions.empty()) {
    for (const auto& country : e.countries) out.push_back({0, country, ""});
  }
  return out;
}

}  // namespace

std::vector<money::ExchangeRate> reference_exchange_rates() {
  std::vector<money::ExchangeRate> rates;
  for (const auto& [from_code, from_usd] : kMicroUsdPerUnit) {
    for (const auto& [to_code, to_usd] : kMicroUsdPerUnit) {
      if (std::string_view(from_code) == to_code) continue;
      auto from = Currency::of(from_code);
      auto to = Currency::of(to_code);
      // to-minor per from-minor = (usd per from-major / 10^e_from) / (usd per to-major / 10^e_to)
      rates.push_back({from, to, from_usd * pow10(to.exponent()), to_usd * pow10(from.exponent())});
    }
  }
  return rates;
}

void connect_pay(work::WorkService& work, const money::PayService& pay) {
  work.set_acceptance_hook([&pay](store::Connection& c, const work::JudgedWork& judged) {
    money::AcceptanceFacts facts;
    facts.assignment_id = judged.assignment.id;
    facts.worker = worker_ref(c, judged.assignment.worker_id);
    facts.project = project_ref(judged);
    facts.piece_rate = judged.settings.piece_rate_minor;
    facts.measured_seconds = judged.assignment.active_us / kMicrosPerSecond;
    facts.median_seconds = judged.median_seconds;
    facts.by_deadline = judged.by_deadline;
    pay.pay_acceptance(c, facts);
  });
  work.set_rejection_hook([&pay](store::Connection& c, const work::JudgedWork& judged) {
    money::RejectionFacts facts;
    facts.assignment_id = judged.assignment.id;
    facts.review_id = judged.review_id;
    facts.worker = worker_ref(c, judged.assignment.worker_id);
    facts.project = project_ref(judged);
    facts.measured_seconds = judged.assignment.active_us / kMicrosPerSecond;
    facts.median_seconds = judged.median_seconds;
    facts.clause = judged.clause;
    facts.evidence = judged.evidence;
    facts.fraud_recorded = judged.fraud;
    if (judged.fraud) facts.fraud_evidence = judged.evidence;
    pay.pay_rejection(c, facts);
  });
  work.set_activation_guard([&pay](store::Connection& c, std::int64_t project_id, const work::WorkSettings& s) {
    auto org_id = c.execute("SELECT org_id FROM projects WHERE id = $1", {project_id}).single().integer(0);
    // Gold tasks are answered by every worker, so they are not a batch of
    // their own; a training project (all gold) is escrowed for one pass.
    auto tasks = c.execute("SELECT COUNT(*) FROM tasks WHERE project_id = $1 AND gold IS NULL", {project_id})
                     .single()
                     .integer(0);
    if (tasks == 0) {
      tasks = c.execute("SELECT COUNT(*) FROM tasks WHERE project_id = $1", {project_id}).single().integer(0);
    }
    money::BatchTerms terms;
    terms.tasks = tasks;
    // Dynamic overlap may ask for up to max_overlap answers per task: the
    // escrow covers the worst case, so no accepted answer finds it empty.
    terms.overlap = std::max(s.overlap, s.max_overlap);
    terms.piece_rate = s.piece_rate_minor;
    terms.estimated_seconds = s.time_estimate_seconds;
    pay.require_escrow(c, {project_id, org_id, Currency::of(s.currency)}, terms, allowed_regions(s.eligibility));
  });
}

}  // namespace fairlabel::app
