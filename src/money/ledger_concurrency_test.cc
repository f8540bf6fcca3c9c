// Concurrent writers on both backends: an escrow drawn by many threads at
// once never goes negative, and a void racing the deadline sweep resolves
// each hold exactly one way.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "core/error.h"
#include "money/ledger.h"
#include "store/migrations.h"
#include "support/test_databases.h"

namespace fairlabel::money {
namespace {

class LedgerConcurrency : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    database_ = std::make_unique<testing::TestDatabase>(testing::TestDatabase::create(GetParam(), 8));
    store::migrate(db(), clock_);
    store::transact(db(), store::TxMode::write, [&](store::Connection& c) {
      std::int64_t source = ledger_.ensure_account(c, {OwnerKind::org, 1, Purpose::funding_source, usd_});
      escrow_ = ledger_.ensure_account(c, {OwnerKind::project, 7, Purpose::escrow, usd_});
      for (int w = 0; w < kThreads; ++w) {
        payables_.push_back(ledger_.ensure_account(c, {OwnerKind::worker, 100 + w, Purpose::payable, usd_}));
      }
      ledger_.post(c, {"deposit", source, escrow_, 1'000, usd_, "deposit", Cause{"deposit", 1}, "{}"});
    });
  }
  store::Database& db() { return database_->db(); }
  bool verify_clean() {
    return store::transact(db(), store::TxMode::read, [](store::Connection& c) { return Ledger::verify(c); }).empty();
  }

  static constexpr int kThreads = 6;
  const Currency usd_ = Currency::of("USD");
  ManualClock clock_{1'795'888'680LL * kMicrosPerSecond};
  Ledger ledger_{clock_};
  std::unique_ptr<testing::TestDatabase> database_;
  std::int64_t escrow_ = 0;
  std::vector<std::int64_t> payables_;
};

TEST_P(LedgerConcurrency, ManyWritersNeverOverdrawEscrow) {
  std::atomic<int> posted{0}, refused{0}, other{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 30; ++i) {
        try {
          store::transact(db(), store::TxMode::write, [&](store::Connection& c) {
            ledger_.post(c, {"t" + std::to_string(t) + ":" + std::to_string(i), escrow_, payables_[t], 10, usd_,
                             "piece_rate", Cause{"assignment", t * 1000 + i}, "{}"});
          });
          ++posted;
        } catch (const Error& e) {
          (e.code() == "insufficient_funds" ? refused : other)++;
        } catch (...) {
          ++other;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(posted.load(), 100);  // exactly the 1,000 cents of escrow
  EXPECT_EQ(refused.load(), kThreads * 30 - 100);
  EXPECT_EQ(store::transact(db(), store::TxMode::read, [&](store::Connection& c) { return ledger_.account(c, escrow_); })
                .balance,
            0);
  EXPECT_TRUE(verify_clean());
}

TEST_P(LedgerConcurrency, VoidRacingTheDeadlineResolvesEachHoldOnce) {
  std::vector<std::int64_t> holds;
  store::transact(db(), store::TxMode::write, [&](store::Connection& c) {
    for (int i = 0; i < 40; ++i) {
      holds.push_back(ledger_
                          .hold(c, {"h" + std::to_string(i), escrow_, payables_[0], 10, usd_, "piece_rate",
                                    Cause{"assignment", i}, "{}"},
                                100, "review window", clock_.now())
                          .pending.id);
    }
  });
  std::atomic<int> voided{0}, too_late{0}, released{0}, other{0};
  std::thread voider([&] {
    for (std::int64_t hold : holds) {
      try {
        store::transact(db(), store::TxMode::write,
                        [&](store::Connection& c) { ledger_.void_hold(c, hold, 9, "duplicate submission"); });
        ++voided;
      } catch (const Error& e) {
        (e.code() == "hold_resolved" ? too_late : other)++;
      } catch (...) {
        ++other;
      }
    }
  });
  std::thread sweeper([&] {
    for (int round = 0; round < 40; ++round) {
      try {
        released += store::transact(db(), store::TxMode::write,
                                    [&](store::Connection& c) { return ledger_.release_due_holds(c, clock_.now(), 1); });
      } catch (...) {
        ++other;
      }
    }
  });
  voider.join();
  sweeper.join();
  released += store::transact(db(), store::TxMode::write,
                              [&](store::Connection& c) { return ledger_.release_due_holds(c, clock_.now()); });
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(voided.load() + released.load(), 40);
  EXPECT_EQ(too_late.load(), released.load());
  auto payable = store::transact(db(), store::TxMode::read, [&](store::Connection& c) { return ledger_.account(c, payables_[0]); });
  EXPECT_EQ(payable.balance, 10 * released.load());
  EXPECT_EQ(payable.pending_credits, 0);
  EXPECT_TRUE(verify_clean());
}

INSTANTIATE_TEST_SUITE_P(Backends, LedgerConcurrency, ::testing::ValuesIn(testing::test_backends()),
                         testing::backend_name);

}  // namespace
}  // namespace fairlabel::money
