// PayService on both backends: escrow before work, acceptance, rejection at
// the floor, period top-ups — and the reporting cases that must not happen.
#include "money/pay_service.h"

#include <gtest/gtest.h>

#include "core/error.h"
#include "store/migrations.h"
#include "support/error_code.h"
#include "support/test_databases.h"

namespace fairlabel::money {
namespace {

using fairlabel::testing::error_code_of;

class PayServiceTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    database_ = std::make_unique<testing::TestDatabase>(testing::TestDatabase::create(GetParam()));
    store::migrate(db(), clock_);
  }
  store::Database& db() { return database_->db(); }
  template <typename F>
  auto tx(F&& f) {
    return store::transact(db(), store::TxMode::write, std::forward<F>(f));
  }
  std::int64_t balance(OwnerKind kind, std::int64_t owner, Purpose purpose) {
    return tx([&](store::Connection& c) {
      auto a = ledger_.find_account(c, {kind, owner, purpose, usd_});
      return a ? a->balance : 0;
    });
  }
  std::int64_t payable() { return balance(OwnerKind::worker, maria_.worker_id, Purpose::payable); }
  bool verify_clean() {
    return store::transact(db(), store::TxMode::read, [](store::Connection& c) { return Ledger::verify(c); }).empty();
  }
  void deposit(std::int64_t amount, std::int64_t id = 1) {
    tx([&](store::Connection& c) { pay_.record_deposit(c, project_, amount, id, 99, "wire 2026-11-29"); });
  }
  AcceptanceFacts accepted(std::int64_t assignment, std::int64_t piece_rate, std::int64_t seconds,
                           std::int64_t median) {
    return {assignment, maria_, project_, piece_rate, seconds, median, false};
  }
  RejectionFacts rejected(std::int64_t assignment, std::int64_t seconds, std::int64_t median) {
    return {assignment, 1000 + assignment,
            maria_,     project_,
            seconds,    median,
            "3.2",      "box misses the object in frame 12",
            false,      ""};
  }

  const Currency usd_ = Currency::of("USD");
  ManualClock clock_{1'795'888'680LL * kMicrosPerSecond};  // 2026-11-29
  Ledger ledger_{clock_};
  PaySettings settings_{PayPolicy{}, {ExchangeRate{Currency::of("PHP"), Currency::of("USD"), 172, 10'000}}, nullptr};
  PayService pay_{ledger_, clock_, settings_};
  ProjectRef project_{7, 3, usd_};
  WorkerRef maria_{42, "PH", "PH-00"};
  std::unique_ptr<testing::TestDatabase> database_;
};

TEST_P(PayServiceTest, BatchGoesLiveOnlyWhenEscrowCoversIt) {
  BatchTerms terms{10, 3, 50, 10, 600};
  std::vector<WorkerRef> allowed{maria_, {0, "US", "US-CA"}};
  EXPECT_EQ(error_code_of([&] { tx([&](store::Connection& c) { pay_.require_escrow(c, project_, terms, allowed); }); }),
            "escrow_insufficient");
  deposit(100'000);
  auto need = tx([&](store::Connection& c) { return pay_.require_escrow(c, project_, terms, allowed); });
  EXPECT_EQ(need.piece_total, 1'500);
  // US-CA 16.90/h: 10 min = 2.82 (up); 2.82 - 0.50 = 2.32 per submission × 30.
  EXPECT_EQ(need.floor_reserve, 30 * 232);
  EXPECT_EQ(balance(OwnerKind::project, 7, Purpose::escrow), 100'000);
  EXPECT_EQ(balance(OwnerKind::org, 3, Purpose::funding_source), -100'000);
  auto checks = pay_.floor_checks(50, 600, usd_, allowed, clock_.now());
  ASSERT_EQ(checks.size(), 2u);
  EXPECT_TRUE(checks[0].clears);   // Manila: 3.00/h > 1.50/h
  EXPECT_FALSE(checks[1].clears);  // California
  EXPECT_EQ(checks[1].top_up_per_task, 232);
}

TEST_P(PayServiceTest, AcceptancePaysThePieceRateOnceAndTheFeeToThePlatform) {
  deposit(10'000);
  tx([&](store::Connection& c) { pay_.pay_acceptance(c, accepted(1, 200, 300, 600)); });
  tx([&](store::Connection& c) { pay_.pay_acceptance(c, accepted(1, 200, 300, 600)); });  // a retry
  EXPECT_EQ(payable(), 200);
  EXPECT_EQ(balance(OwnerKind::platform, 0, Purpose::platform_fee), 20);
  EXPECT_EQ(balance(OwnerKind::project, 7, Purpose::escrow), 10'000 - 220);
  EXPECT_EQ(
      error_code_of([&] { tx([&](store::Connection& c) { pay_.pay_acceptance(c, accepted(1, 300, 300, 600)); }); }),
      "transfer_key_conflict");
  EXPECT_TRUE(verify_clean());
}

// Reporting case: a 3-day project worth $50 paid $12. Here each rejection
// must cite a clause and evidence, and still pays the time at the floor.
TEST_P(PayServiceTest, RejectionsNeedAClauseAndEvidenceAndStillPayTheFloor) {
  deposit(100'000);
  RejectionFacts no_clause = rejected(1, 3600, 3600);
  no_clause.clause.clear();
  no_clause.evidence.clear();
  try {
    tx([&](store::Connection& c) { pay_.pay_rejection(c, no_clause); });
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), "validation_failed");
    ASSERT_EQ(e.field_errors().size(), 2u);
    EXPECT_EQ(e.field_errors()[0].pointer, "/clause");
  }
  EXPECT_EQ(payable(), 0);
  // 25 tasks at $2 over 3 days: 6 accepted, 19 rejected (each with a clause).
  for (int i = 1; i <= 25; ++i) {
    tx([&](store::Connection& c) {
      if (i <= 6) {
        pay_.pay_acceptance(c, accepted(i, 200, 3600, 3600));
      } else {
        auto r = pay_.pay_rejection(c, rejected(i, 3600, 3600));
        ASSERT_TRUE(r.transfer.has_value());
        EXPECT_NE(r.transfer->detail.find("\"clause\":\"3.2\""), std::string::npos);
        EXPECT_NE(r.transfer->detail.find("\"appealable\":true"), std::string::npos);
      }
    });
  }
  // 6 × $2.00 plus 19 hours at the Manila floor in USD (1.49425/h → 1.50 each, rounded up).
  EXPECT_EQ(payable(), 6 * 200 + 19 * 150);
  EXPECT_TRUE(verify_clean());
}

TEST_P(PayServiceTest, RecordedFraudPaysNothingButNeedsEvidence) {
  deposit(10'000);
  RejectionFacts fraud = rejected(1, 3600, 3600);
  fraud.fraud_recorded = true;
  EXPECT_EQ(error_code_of([&] { tx([&](store::Connection& c) { pay_.pay_rejection(c, fraud); }); }),
            "validation_failed");
  fraud.fraud_evidence = "identical answers to worker 77 within 2 s, 40 tasks";
  auto r = tx([&](store::Connection& c) { return pay_.pay_rejection(c, fraud); });
  EXPECT_FALSE(r.transfer.has_value());
  EXPECT_EQ(payable(), 0);
}

TEST_P(PayServiceTest, FloorFundPaysWhenEscrowRunsDry) {
  auto r = tx([&](store::Connection& c) { return pay_.pay_rejection(c, rejected(1, 7200, 3600)); });
  EXPECT_EQ(payable(), 299);  // 2 h at 1.49425 = 2.9885 → 2.99
  EXPECT_EQ(balance(OwnerKind::platform, 0, Purpose::floor_fund), -299);
  EXPECT_TRUE(verify_clean());
}

// Reporting case: a task priced at $2 that took 4 measured hours. At the
// period's close it pays at least the floor for those hours.
TEST_P(PayServiceTest, TwoDollarsForFourHoursIsToppedUpAtPeriodClose) {
  deposit(10'000);
  Timestamp start = clock_.now();
  tx([&](store::Connection& c) { pay_.pay_acceptance(c, accepted(1, 200, 4 * 3600, 3 * 3600)); });
  EXPECT_EQ(payable(), 200);
  EXPECT_EQ(error_code_of([&] {
              tx([&](store::Connection& c) { pay_.close_period(c, maria_, usd_, start, start + 7 * kMicrosPerDay); });
            }),
            "period_open");
  clock_.advance(7 * kMicrosPerDay);
  PeriodClose pc = tx([&](store::Connection& c) { return pay_.close_period(c, maria_, usd_, start, clock_.now()); });
  EXPECT_EQ(pc.counted_seconds, 4 * 3600);
  EXPECT_EQ(pc.floor_pay, 598);
  EXPECT_EQ(pc.top_up, 398);
  ASSERT_EQ(pc.transfers.size(), 1u);
  EXPECT_EQ(pc.transfers[0].reason, "floor_topup");
  EXPECT_EQ(payable(), 598);
  EXPECT_NE(pc.floor_basis.find("PH-00"), std::string::npos);
  // Closing again changes nothing.
  PeriodClose again =
      tx([&](store::Connection& c) { return pay_.close_period(c, maria_, usd_, start, start + 7 * kMicrosPerDay); });
  EXPECT_EQ(again.id, pc.id);
  EXPECT_EQ(again.transfers.size(), 1u);
  EXPECT_EQ(payable(), 598);
  EXPECT_EQ(balance(OwnerKind::project, 7, Purpose::escrow), 10'000 - 220 - 398);
  EXPECT_TRUE(verify_clean());
}

TEST_P(PayServiceTest, HeldPayPostsAtTheDeadline) {
  deposit(10'000);
  auto r = tx([&](store::Connection& c) {
    return pay_.hold_acceptance(c, accepted(1, 200, 300, 600), "gold re-check", clock_.now() + 3 * kMicrosPerDay);
  });
  ASSERT_TRUE(r.hold.has_value());
  EXPECT_EQ(payable(), 0);
  clock_.advance(3 * kMicrosPerDay);
  tx([&](store::Connection& c) { ledger_.release_due_holds(c, clock_.now()); });
  EXPECT_EQ(payable(), 200);
  EXPECT_TRUE(verify_clean());
}

TEST_P(PayServiceTest, MissingExchangeRateIsAnErrorNotASilentSkip) {
  ProjectRef eur{8, 3, Currency::of("EUR")};
  tx([&](store::Connection& c) { pay_.record_deposit(c, eur, 10'000, 2, 99, ""); });
  RejectionFacts r = rejected(1, 3600, 3600);
  r.project = eur;
  EXPECT_EQ(error_code_of([&] { tx([&](store::Connection& c) { pay_.pay_rejection(c, r); }); }), "no_exchange_rate");
}

TEST_P(PayServiceTest, UncoveredCountryUsesTheFallbackFloorOrRefusesToReject) {
  tx([&](store::Connection& c) { pay_.record_deposit(c, project_, 10'000, 1, 99, ""); });
  RejectionFacts r = rejected(1, 3600, 3600);
  r.worker = {43, "ZZ", ""};
  EXPECT_EQ(error_code_of([&] { tx([&](store::Connection& c) { pay_.pay_rejection(c, r); }); }), "no_wage_floor");
  PaySettings with_fallback = settings_;
  with_fallback.fallback_floor = WageRate{"ZZ",
                                          "platform",
                                          "",
                                          true,
                                          "platform minimum",
                                          Money{500, usd_},
                                          WageUnit::hour,
                                          0,
                                          0,
                                          "2026-01-01",
                                          "",
                                          "fairlabel policy",
                                          "confirmed",
                                          "https://fairlabel.example/pay-policy"};
  PayService pay(ledger_, clock_, with_fallback);
  auto paid = tx([&](store::Connection& c) { return pay.pay_rejection(c, r); });
  EXPECT_EQ(paid.pay.amount, 500);
}

INSTANTIATE_TEST_SUITE_P(Backends, PayServiceTest, ::testing::ValuesIn(testing::test_backends()),
                         testing::backend_name);

}  // namespace
}  // namespace fairlabel::money
