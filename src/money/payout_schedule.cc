#include "money/payout_schedule.h"

#include <array>
#include <exception>
#include <set>
#include <utility>

#include "core/error.h"

namespace fairlabel::money {
namespace {

constexpr std::array<std::string_view, 7> kWeekdays = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
constexpr std::int64_t kSecondsPerDay = 86'400;
constexpr std::int64_t kSecondsPerWeek = 7 * kSecondsPerDay;
//! 1970-01-01 was a Thursday.
constexpr std::int64_t kEpochWeekday = 4;

[[noreturn]] void invalid(const std::string& message) {
  throw Error::invalid("invalid_payout_schedule", "payout schedule: " + message);
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (;;) {
    std::size_t end = text.find(separator, start);
    parts.push_back(text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) return parts;
    start = end + 1;
  }
}

ScheduledPayout parse_payout(std::string_view text) {
  auto fields = split(text, ':');
  if (fields.size() != 3) {
    invalid("\"" + std::string(text) + "\" is not <provider>:<currency>:<minimum>, e.g. paypal:USD:10.00");
  }
  ScheduledPayout payout;
  try {
    payout.provider = payout_provider_from_string(fields[0]);
    payout.currency = Currency::of(fields[1]);
    payout.minimum = parse_amount(fields[2], payout.currency).minor;
  } catch (const Error& e) {
    invalid("in \"" + std::string(text) + "\": " + e.what());
  }
  return payout;
}

}  // namespace

void validate(const PayoutSchedule& schedule) {
  if (schedule.weekday < 0 || schedule.weekday > 6) invalid("the weekday must be 0 (Sunday) to 6 (Saturday)");
  if (schedule.hour < 0 || schedule.hour > 23) invalid("the hour must be 0 to 23 (UTC)");
  std::set<std::pair<PayoutProvider, std::string>> seen;
  for (const auto& payout : schedule.payouts) {
    const std::string where = std::string(to_string(payout.provider)) + " " + std::string(payout.currency.code());
    if (payout.currency.is_none()) invalid(where + ": a currency is required");
    if (payout.minimum < 0) invalid(where + ": the minimum payout cannot be negative");
    if (!seen.emplace(payout.provider, std::string(payout.currency.code())).second) {
      invalid(where + " is listed twice");
    }
  }
}

PayoutSchedule parse_payout_schedule(std::string_view text) {
  auto words = split(text, ' ');
  std::erase_if(words, [](std::string_view w) { return w.empty(); });
  if (words.size() != 3) {
    invalid("\"" + std::string(text) +
            "\" is not \"<weekday> <HH>:00 <provider>:<currency>:<minimum>[,…]\", e.g. \"mon 09:00 paypal:USD:10.00\"");
  }
  PayoutSchedule schedule;
  schedule.weekday = -1;
  for (std::size_t i = 0; i < kWeekdays.size(); ++i) {
    std::string lower;
    for (char c : words[0]) lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    if (kWeekdays[i] == lower) schedule.weekday = static_cast<int>(i);
  }
  if (schedule.weekday < 0) invalid("unknown weekday \"" + std::string(words[0]) + "\" (sun, mon, … sat)");
  const std::string_view time = words[1];
  if (time.size() != 5 || time[2] != ':' || time.substr(3) != "00" || time[0] < '0' || time[0] > '9' || time[1] < '0' ||
      time[1] > '9') {
    invalid("the time \"" + std::string(time) + "\" must be a whole hour HH:00 (UTC)");
  }
  schedule.hour = (time[0] - '0') * 10 + (time[1] - '0');
  for (std::string_view payout : split(words[2], ',')) schedule.payouts.push_back(parse_payout(payout));
  validate(schedule);
  return schedule;
}

Timestamp payout_period_start(const PayoutSchedule& schedule, Timestamp now) {
  const std::int64_t seconds = floor_div(now, kMicrosPerSecond);
  const std::int64_t day = floor_div(seconds, kSecondsPerDay);
  const std::int64_t weekday = ((day + kEpochWeekday) % 7 + 7) % 7;
  const std::int64_t sunday = day - weekday;
  std::int64_t moment = (sunday + schedule.weekday) * kSecondsPerDay + schedule.hour * std::int64_t{3600};
  if (moment > seconds) moment -= kSecondsPerWeek;
  return moment * kMicrosPerSecond;
}

ScheduledPayouts::ScheduledPayouts(const PayoutService& payouts, PayoutSchedule schedule, RecipientLookup recipient_of)
    : payouts_(payouts), schedule_(std::move(schedule)), recipient_of_(std::move(recipient_of)) {
  validate(schedule_);
}

std::vector<ScheduledPayoutRun> ScheduledPayouts::run_due(store::Database& database, Timestamp now) const {
  const Timestamp period = payout_period_start(schedule_, now);
  std::vector<ScheduledPayoutRun> runs;
  std::exception_ptr first_failure;
  for (const ScheduledPayout& payout : schedule_.payouts) {
    try {
      auto run = store::transact(database, store::TxMode::write, [&](store::Connection& c) {
        std::optional<ScheduledPayoutRun> claimed;
        auto claim = c.execute(
            "INSERT INTO payout_schedule_runs (period_start, provider, currency, minimum, ran_at) "
            "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (period_start, provider, currency) DO NOTHING RETURNING id",
            {period, std::string(to_string(payout.provider)), std::string(payout.currency.code()), payout.minimum,
             now});
        if (claim.empty()) return claimed;  // this period ran already (here or in another process)
        const std::int64_t run_id = claim.single().integer(0);
        PayoutBatch batch =
            payouts_.create_batch(c, payout.provider, payout.currency, payout.minimum,
                                  [&](std::int64_t worker_id) { return recipient_of_(c, worker_id, payout.provider); });
        store::Value batch_id = nullptr;
        if (batch.id != 0) batch_id = batch.id;
        c.execute("UPDATE payout_schedule_runs SET batch_id = $1, items = $2, deferred = $3 WHERE id = $4",
                  {batch_id, static_cast<std::int64_t>(batch.items.size()),
                   static_cast<std::int64_t>(batch.deferred.size()), run_id});
        claimed = ScheduledPayoutRun{period, payout, std::move(batch)};
        return claimed;
      });
      if (run) runs.push_back(std::move(*run));
    } catch (...) {
      if (!first_failure) first_failure = std::current_exception();
    }
  }
  if (first_failure) std::rethrow_exception(first_failure);
  return runs;
}

}  // namespace fairlabel::money
