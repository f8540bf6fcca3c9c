// Scheduled payout batches on both backends: the clock moves across two
// weekly periods; each period pays once (also with two "server processes"
// racing on one database), a balance below the minimum is deferred and paid
// later, a failed item returns to payable and goes out again as a new item,
// and a retried result never pays twice. Plus parsing and period arithmetic.
#include "money/payout_schedule.h"

#include <gtest/gtest.h>

#include <thread>

#include "core/error.h"
#include "store/migrations.h"
#include "support/error_code.h"
#include "support/test_databases.h"

namespace fairlabel::money {
namespace {

using fairlabel::testing::error_code_of;

// Monday 2026-11-30 09:00:00 UTC.
constexpr Timestamp kMonday9 = 1'796'029'200LL * kMicrosPerSecond;
constexpr std::int64_t kMicrosPerWeek = 7 * kMicrosPerDay;

TEST(PayoutScheduleParse, ReadsWeekdayHourAndPayouts) {
  PayoutSchedule s = parse_payout_schedule("Mon 09:00 paypal:USD:10.00,bank_csv:PHP:500");
  EXPECT_EQ(s.weekday, 1);
  EXPECT_EQ(s.hour, 9);
  ASSERT_EQ(s.payouts.size(), 2u);
  EXPECT_EQ(s.payouts[0].provider, PayoutProvider::paypal);
  EXPECT_EQ(s.payouts[0].currency, Currency::of("USD"));
  EXPECT_EQ(s.payouts[0].minimum, 1000);
  EXPECT_EQ(s.payouts[1].provider, PayoutProvider::bank_csv);
  EXPECT_EQ(s.payouts[1].minimum, 50000);
}

TEST(PayoutScheduleParse, RejectsEachBadPartSayingWhich) {
  for (const char* bad :
       {"", "mon 09:00", "someday 09:00 paypal:USD:1", "mon 9:00 paypal:USD:1", "mon 09:30 paypal:USD:1",
        "mon 24:00 paypal:USD:1", "mon 09:00 venmo:USD:1", "mon 09:00 paypal:USD", "mon 09:00 paypal:USD:-1",
        "mon 09:00 paypal:USD:ten", "mon 09:00 paypal:USD:1,paypal:USD:2"}) {
    EXPECT_EQ(error_code_of([&] { parse_payout_schedule(bad); }), "invalid_payout_schedule") << bad;
  }
  try {
    parse_payout_schedule("mon 09:00 paypal:USD:1,venmo:USD:1");
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("venmo:USD:1"), std::string::npos) << e.what();
  }
}

TEST(PayoutScheduleParse, PeriodStartsAtTheLatestScheduledMoment) {
  PayoutSchedule s{1, 9, {}};
  EXPECT_EQ(payout_period_start(s, kMonday9), kMonday9);
  EXPECT_EQ(payout_period_start(s, kMonday9 + 1), kMonday9);
  EXPECT_EQ(payout_period_start(s, kMonday9 - 1), kMonday9 - kMicrosPerWeek);
  EXPECT_EQ(payout_period_start(s, kMonday9 + kMicrosPerWeek - 1), kMonday9);
  EXPECT_EQ(payout_period_start(s, kMonday9 + kMicrosPerWeek), kMonday9 + kMicrosPerWeek);
  PayoutSchedule friday{5, 0, {}};  // Friday 2026-11-27 00:00 UTC
  EXPECT_EQ(payout_period_start(friday, kMonday9), kMonday9 - (3 * 24 + 9) * kMicrosPerHour);
}

class PayoutScheduleTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    database_ = std::make_unique<testing::TestDatabase>(testing::TestDatabase::create(GetParam()));
    store::migrate(db(), clock_);
    tx([&](store::Connection& c) {
      std::int64_t source = ledger_.ensure_account(c, {OwnerKind::org, 1, Purpose::funding_source, usd_});
      ledger_.post(c, {"deposit", source, escrow(c), 1'000'000, usd_, "deposit", Cause{"deposit", 1}, "{}"});
    });
  }
  store::Database& db() { return database_->db(); }
  template <typename F>
  auto tx(F&& f) -> decltype(f(std::declval<store::Connection&>())) {
    return store::transact(db(), store::TxMode::write, std::forward<F>(f));
  }
  std::int64_t escrow(store::Connection& c) {
    return ledger_.ensure_account(c, {OwnerKind::project, 7, Purpose::escrow, usd_});
  }
  void earn(std::int64_t worker, std::int64_t amount) {
    tx([&](store::Connection& c) {
      ledger_.post(c, {"earn:" + std::to_string(++earned_), escrow(c),
                       ledger_.ensure_account(c, {OwnerKind::worker, worker, Purpose::payable, usd_}), amount, usd_,
                       "piece_rate", Cause{"assignment", earned_}, "{}"});
    });
  }
  std::int64_t payable(std::int64_t worker) {
    return tx([&](store::Connection& c) {
      return ledger_.find_account(c, {OwnerKind::worker, worker, Purpose::payable, usd_})->balance;
    });
  }
  std::int64_t paid_out(std::int64_t worker) {
    std::int64_t total = 0;
    for (const auto& item : tx([&](store::Connection& c) { return payouts_.items_of_worker(c, worker); })) {
      if (item.state == PayoutItemState::succeeded) total += item.amount.minor;
    }
    return total;
  }
  std::int64_t count(const std::string& sql) {
    return tx([&](store::Connection& c) { return c.execute(sql).single().integer(0); });
  }
  bool verify_clean() {
    return store::transact(db(), store::TxMode::read, [](store::Connection& c) { return Ledger::verify(c); }).empty();
  }
  //! Every worker has a method, whatever the status of their account: the
  //! schedule must not skip a deactivated worker.
  static std::optional<Recipient> recipient(store::Connection&, std::int64_t worker, PayoutProvider) {
    return Recipient{"EMAIL", "worker" + std::to_string(worker) + "@example.org", "Worker " + std::to_string(worker)};
  }

  const Currency usd_ = Currency::of("USD");
  ManualClock clock_{kMonday9 - kMicrosPerHour};
  Ledger ledger_{clock_};
  PayoutService payouts_{ledger_, clock_};
  ScheduledPayouts scheduled_{payouts_, PayoutSchedule{1, 9, {{PayoutProvider::paypal, usd_, 1000}}}, recipient};
  std::unique_ptr<testing::TestDatabase> database_;
  std::int64_t earned_ = 0;
};

TEST_P(PayoutScheduleTest, EachPeriodPaysOnceDefersSmallBalancesAndRepaysFailedItemsAsNewItems) {
  // The first tick ever (Monday 08:00) catches up the period that began the
  // Monday before; nothing is owed yet, and that run is recorded.
  EXPECT_EQ(scheduled_.run_due(db(), clock_.now()).size(), 1u);
  earn(1, 5'000);   // $50.00
  earn(2, 300);     // $3.00: below the $10.00 minimum
  earn(3, 15'000);  // $150.00: a worker banned since; paid like anyone else
  EXPECT_TRUE(scheduled_.run_due(db(), clock_.now()).empty()) << "the period already ran";

  // Period 1 starts Monday 09:00; the tick a second later runs it.
  clock_.set(kMonday9 + kMicrosPerSecond);
  auto runs = scheduled_.run_due(db(), clock_.now());
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].period_start, kMonday9);
  const PayoutBatch first = runs[0].batch;  // a copy: `runs` is reused below
  ASSERT_EQ(first.items.size(), 2u);
  EXPECT_EQ(first.items[0].worker_id, 1);
  EXPECT_EQ(first.items[0].amount.minor, 5'000);
  EXPECT_EQ(first.items[1].worker_id, 3);
  EXPECT_EQ(first.items[1].amount.minor, 15'000);
  ASSERT_EQ(first.deferred.size(), 1u);
  EXPECT_EQ(first.deferred[0].worker_id, 2);
  EXPECT_EQ(payable(2), 300);  // deferred, not forfeited
  // Later ticks in the same period make nothing.
  for (int tick = 0; tick < 3; ++tick) {
    clock_.advance(kMicrosPerDay);
    EXPECT_TRUE(scheduled_.run_due(db(), clock_.now()).empty());
  }
  EXPECT_EQ(count("SELECT COUNT(*) FROM payout_batches"), 1);

  // The provider pays worker 1 and fails worker 3: her money is back.
  tx([&](store::Connection& c) {
    payouts_.record_result(c, first.items[0].id, true, "PP-1", "");
    payouts_.record_result(c, first.items[1].id, false, "", "RECEIVER_UNREGISTERED");
  });
  EXPECT_EQ(payable(3), 15'000);
  earn(2, 800);  // now $11.00: over the minimum

  // Period 2, a week later: worker 2's whole balance, and worker 3's as a
  // new item; worker 1 has nothing owed.
  clock_.set(kMonday9 + kMicrosPerWeek + 5 * kMicrosPerSecond);
  runs = scheduled_.run_due(db(), clock_.now());
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].period_start, kMonday9 + kMicrosPerWeek);
  const PayoutBatch second = runs[0].batch;
  ASSERT_EQ(second.items.size(), 2u);
  EXPECT_EQ(second.items[0].worker_id, 2);
  EXPECT_EQ(second.items[0].amount.minor, 1'100);
  EXPECT_EQ(second.items[1].worker_id, 3);
  EXPECT_EQ(second.items[1].amount.minor, 15'000);
  EXPECT_NE(second.items[1].id, first.items[1].id);
  EXPECT_NE(second.sender_batch_id, first.sender_batch_id);
  EXPECT_TRUE(scheduled_.run_due(db(), clock_.now() + kMicrosPerHour).empty());

  // Retries: the provider's results arrive twice; the old failed item
  // cannot turn into a payment; each worker is paid exactly once.
  for (int attempt = 0; attempt < 2; ++attempt) {
    tx([&](store::Connection& c) {
      payouts_.record_result(c, second.items[0].id, true, "PP-2", "");
      payouts_.record_result(c, second.items[1].id, true, "PP-3", "");
      payouts_.record_result(c, first.items[0].id, true, "PP-1", "");
      payouts_.record_result(c, first.items[1].id, false, "", "RECEIVER_UNREGISTERED");
    });
  }
  EXPECT_EQ(error_code_of([&] {
              tx([&](store::Connection& c) { payouts_.record_result(c, first.items[1].id, true, "PP-late", ""); });
            }),
            "payout_result_conflict");
  EXPECT_EQ(paid_out(1), 5'000);
  EXPECT_EQ(paid_out(2), 1'100);
  EXPECT_EQ(paid_out(3), 15'000);
  for (std::int64_t worker : {1, 2, 3}) EXPECT_EQ(payable(worker), 0) << worker;
  EXPECT_EQ(count("SELECT COUNT(*) FROM payout_schedule_runs"), 3);
  EXPECT_EQ(count("SELECT COUNT(*) FROM payout_batches"), 2);
  EXPECT_TRUE(verify_clean());
}

// Two server processes (two independent connection pools on one database)
// tick at the same moment, many times: the period is paid once.
TEST_P(PayoutScheduleTest, TwoProcessesTickingTogetherPayAPeriodOnce) {
  for (std::int64_t worker = 1; worker <= 20; ++worker) earn(worker, 2'000 + worker);
  auto other_process = store::open_database(database_->url(), 4);
  PayoutService other_payouts{ledger_, clock_};
  ScheduledPayouts other{other_payouts, scheduled_.schedule(), recipient};
  clock_.set(kMonday9 + kMicrosPerSecond);

  std::size_t runs_here = 0, runs_there = 0;
  std::exception_ptr failure_here, failure_there;
  for (int tick = 0; tick < 5; ++tick) {
    std::thread there([&] {
      try {
        runs_there += other.run_due(*other_process, clock_.now()).size();
      } catch (...) {
        failure_there = std::current_exception();
      }
    });
    try {
      runs_here += scheduled_.run_due(db(), clock_.now()).size();
    } catch (...) {
      failure_here = std::current_exception();
    }
    there.join();
  }
  EXPECT_FALSE(failure_here);
  EXPECT_FALSE(failure_there);
  EXPECT_EQ(runs_here + runs_there, 1u);
  EXPECT_EQ(count("SELECT COUNT(*) FROM payout_batches"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM payout_items"), 20);
  for (std::int64_t worker = 1; worker <= 20; ++worker) EXPECT_EQ(payable(worker), 0);
  EXPECT_TRUE(verify_clean());
}

INSTANTIATE_TEST_SUITE_P(Backends, PayoutScheduleTest, ::testing::ValuesIn(testing::test_backends()),
                         testing::backend_name);

}  // namespace
}  // namespace fairlabel::money
