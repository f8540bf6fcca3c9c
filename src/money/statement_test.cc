// Statements on both backends: every line adds up to the balance, holds show
// their reason, release date and any decision; the three renderings.
#include "money/statement.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "money/pay_service.h"
#include "money/payouts.h"
#include "store/migrations.h"
#include "support/test_databases.h"

namespace fairlabel::money {
namespace {

class StatementTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    database_ = std::make_unique<testing::TestDatabase>(testing::TestDatabase::create(GetParam()));
    store::migrate(db(), clock_);
  }
  store::Database& db() { return database_->db(); }
  template <typename F>
  auto tx(F&& f) -> decltype(f(std::declval<store::Connection&>())) {
    return store::transact(db(), store::TxMode::write, std::forward<F>(f));
  }
  Statement statement(Timestamp from, Timestamp to) {
    return tx([&](store::Connection& c) { return build_statement(c, ledger_, 42, usd_, from, to); });
  }

  const Currency usd_ = Currency::of("USD");
  ManualClock clock_{1'795'888'680LL * kMicrosPerSecond};
  Ledger ledger_{clock_};
  PayService pay_{ledger_, clock_, {PayPolicy{}, {ExchangeRate{Currency::of("PHP"), usd_, 172, 10'000}}, nullptr}};
  PayoutService payouts_{ledger_, clock_};
  ProjectRef project_{7, 3, usd_};
  WorkerRef maria_{42, "PH", "PH-00"};
  std::unique_ptr<testing::TestDatabase> database_;
};

TEST_P(StatementTest, EveryLineAddsUpToTheBalance) {
  Timestamp start = clock_.now();
  tx([&](store::Connection& c) { pay_.record_deposit(c, project_, 100'000, 1, 99, ""); });
  tx([&](store::Connection& c) { pay_.pay_acceptance(c, {1, maria_, project_, 200, 4 * 3600, 3 * 3600, false}); });
  clock_.advance(kMicrosPerHour);
  tx([&](store::Connection& c) {
    pay_.pay_rejection(c, {2, 5, maria_, project_, 1800, 3600, "4.1", "<script>alert(1)</script>", false, ""});
  });
  auto held = tx([&](store::Connection& c) {
    return pay_.hold_acceptance(c, {3, maria_, project_, 300, 600, 600, false}, "gold re-check", clock_.now() + kMicrosPerDay);
  });
  auto voided = tx([&](store::Connection& c) {
    return pay_.hold_acceptance(c, {4, maria_, project_, 300, 600, 600, false}, "duplicate check", clock_.now() + kMicrosPerDay);
  });
  tx([&](store::Connection& c) { ledger_.void_hold(c, voided.hold->pending.id, 99, "submitted twice; paid on assignment 3"); });
  clock_.advance(kMicrosPerDay);
  tx([&](store::Connection& c) { ledger_.release_due_holds(c, clock_.now()); });
  clock_.advance(6 * kMicrosPerDay);
  tx([&](store::Connection& c) { pay_.close_period(c, maria_, usd_, start, clock_.now()); });
  auto recipient = [](std::int64_t) { return std::optional<Recipient>(Recipient{"EMAIL", "maria@example.org", "Maria"}); };
  auto failed = tx([&](store::Connection& c) { return payouts_.create_batch(c, PayoutProvider::paypal, usd_, 0, recipient); });
  tx([&](store::Connection& c) { payouts_.record_result(c, failed.items[0].id, false, "", "RECEIVER_UNREGISTERED"); });
  clock_.advance(kMicrosPerHour);
  auto paid = tx([&](store::Connection& c) { return payouts_.create_batch(c, PayoutProvider::paypal, usd_, 0, recipient); });
  tx([&](store::Connection& c) { pay_.pay_acceptance(c, {5, maria_, project_, 100, 60, 600, true}); });
  clock_.advance(kMicrosPerHour);

  Statement s = statement(start, clock_.now());
  std::int64_t sum = s.opening_balance;
  for (const auto& line : s.lines) sum += line.amount;
  EXPECT_EQ(s.opening_balance, 0);
  EXPECT_EQ(sum, s.closing_balance);
  auto account = tx([&](store::Connection& c) {
    return *ledger_.find_account(c, {OwnerKind::worker, 42, Purpose::payable, usd_});
  });
  EXPECT_EQ(s.closing_balance, account.balance);
  EXPECT_EQ(s.closing_balance, 100);  // only the last acceptance is not paid out yet
  std::vector<std::string> types;
  for (const auto& line : s.lines) types.push_back(line.type);
  EXPECT_EQ(types, (std::vector<std::string>{"piece_rate", "rejection_time_pay", "piece_rate", "floor_topup", "payout",
                                             "payout_returned", "payout", "piece_rate"}));
  EXPECT_EQ(s.lines[0].counted_seconds, 4 * 3600);
  EXPECT_EQ(s.lines[0].rate_per_hour, 50);  // $2 for 4 h
  EXPECT_NE(s.lines[1].description.find("clause 4.1"), std::string::npos);
  ASSERT_EQ(s.holds.size(), 2u);
  EXPECT_EQ(s.holds[0].state, "voided");
  EXPECT_EQ(s.holds[0].decision_reason, "submitted twice; paid on assignment 3");
  EXPECT_EQ(s.holds[1].state, "posted");
  EXPECT_EQ(s.holds[1].reason, "gold re-check");

  // A split period chains: one statement's closing is the next one's opening.
  Timestamp middle = start + 2 * kMicrosPerDay;
  Statement a = statement(start, middle), b = statement(middle, clock_.now());
  EXPECT_EQ(a.closing_balance, b.opening_balance);
  EXPECT_EQ(a.lines.size() + b.lines.size(), s.lines.size());
  EXPECT_EQ(b.closing_balance, s.closing_balance);

  auto json = nlohmann::json::parse(statement_json(s));
  EXPECT_EQ(json["closing_balance"]["value"], "1.00");
  EXPECT_EQ(json["lines"].size(), s.lines.size());
  EXPECT_EQ(json["holds"][0]["decision_reason"], "submitted twice; paid on assignment 3");
  std::string csv = statement_csv(s);
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), static_cast<long>(s.lines.size() + 3));
  EXPECT_NE(csv.find("closing_balance,Balance at the end of the period,,,,,1.00,USD"), std::string::npos);
  std::string html = statement_html(s);
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  EXPECT_NE(html.find("Held pay"), std::string::npos);
  EXPECT_NE(html.find("@media print"), std::string::npos);
  (void)held;
  (void)paid;
}

TEST_P(StatementTest, WorkerWithoutAnAccountHasAnEmptyStatement) {
  Statement s = statement(clock_.now() - kMicrosPerDay, clock_.now());
  EXPECT_TRUE(s.lines.empty());
  EXPECT_EQ(s.closing_balance, 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, StatementTest, ::testing::ValuesIn(testing::test_backends()),
                         testing::backend_name);

}  // namespace
}  // namespace fairlabel::money
