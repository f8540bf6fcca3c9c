// Payouts on both backends: batches, deferrals, failures returning to
// payable, retries that never pay twice, a banned worker still paid; and the
// provider file adapters.
#include "money/payouts.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "core/error.h"
#include "store/migrations.h"
#include "support/error_code.h"
#include "support/test_databases.h"

namespace fairlabel::money {
namespace {

using fairlabel::testing::error_code_of;

class PayoutsTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    database_ = std::make_unique<testing::TestDatabase>(testing::TestDatabase::create(GetParam()));
    store::migrate(db(), clock_);
    tx([&](store::Connection& c) {
      source_ = ledger_.ensure_account(c, {OwnerKind::org, 1, Purpose::funding_source, usd_});
      ledger_.post(c, {"deposit", source_, escrow(c), 1'000'000, usd_, "deposit", Cause{"deposit", 1}, "{}"});
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
  void earn(std::int64_t worker, std::int64_t amount, Currency currency = Currency::of("USD")) {
    tx([&](store::Connection& c) {
      std::int64_t from = currency == usd_
                              ? escrow(c)
                              : ledger_.ensure_account(c, {OwnerKind::org, 1, Purpose::funding_source, currency});
      ledger_.post(c, {"earn:" + std::to_string(++earned_), from,
                       ledger_.ensure_account(c, {OwnerKind::worker, worker, Purpose::payable, currency}), amount,
                       currency, "piece_rate", Cause{"assignment", earned_}, "{}"});
    });
  }
  std::int64_t payable(std::int64_t worker) {
    return tx([&](store::Connection& c) {
      auto a = ledger_.find_account(c, {OwnerKind::worker, worker, Purpose::payable, usd_});
      return a ? a->balance : 0;
    });
  }
  PayoutBatch batch(std::int64_t minimum = 0, PayoutProvider provider = PayoutProvider::paypal,
                    Currency currency = Currency::of("USD")) {
    return tx([&](store::Connection& c) {
      return payouts_.create_batch(c, provider, currency, minimum, [](std::int64_t worker) -> std::optional<Recipient> {
        if (worker == 13) return std::nullopt;  // has not set a payout method yet
        return Recipient{"EMAIL", "worker" + std::to_string(worker) + "@example.org",
                         "Worker " + std::to_string(worker)};
      });
    });
  }
  bool verify_clean() {
    return store::transact(db(), store::TxMode::read, [](store::Connection& c) { return Ledger::verify(c); }).empty();
  }

  const Currency usd_ = Currency::of("USD");
  ManualClock clock_{1'795'888'680LL * kMicrosPerSecond};
  Ledger ledger_{clock_};
  PayoutService payouts_{ledger_, clock_};
  std::unique_ptr<testing::TestDatabase> database_;
  std::int64_t source_ = 0;
  std::int64_t earned_ = 0;
};

// Reporting case: a worker banned with $150 earned never saw it. Here the
// ban does not touch the balance and the next batch pays it.
TEST_P(PayoutsTest, BannedWorkerIsPaidTheirBalanceInTheNextBatch) {
  tx([&](store::Connection& c) {
    c.execute(
        "INSERT INTO users (id, email, password_hash, display_name, status, payout_method, created_at, updated_at) "
        "VALUES (42, 'banned@example.org', 'x', 'B', 'deactivated', '{\"paypal\":\"banned@example.org\"}', 0, 0)");
  });
  earn(42, 15'000);
  PayoutBatch b = tx([&](store::Connection& c) {
    return payouts_.create_batch(c, PayoutProvider::paypal, usd_, 1'000,
                                 [&](std::int64_t worker) -> std::optional<Recipient> {
                                   // As the application would: the payout method from the profile, whatever the
                                   // account's status.
                                   auto r = c.execute("SELECT payout_method FROM users WHERE id = $1", {worker});
                                   auto method = nlohmann::json::parse(r.single().text(0));
                                   return Recipient{"EMAIL", method["paypal"], ""};
                                 });
  });
  ASSERT_EQ(b.items.size(), 1u);
  EXPECT_EQ(b.items[0].worker_id, 42);
  EXPECT_EQ(b.items[0].amount.minor, 15'000);
  EXPECT_EQ(payable(42), 0);
  tx([&](store::Connection& c) { payouts_.record_result(c, b.items[0].id, true, "PP-123", ""); });
  EXPECT_EQ(tx([&](store::Connection& c) {
              return ledger_.find_account(c, {OwnerKind::external, 1, Purpose::payout_provider, usd_})->balance;
            }),
            15'000);
  EXPECT_TRUE(verify_clean());
}

TEST_P(PayoutsTest, MinimumPayoutDefersButNeverForfeits) {
  earn(1, 300);
  earn(2, 5'000);
  earn(13, 5'000);  // no payout method: deferred, kept
  PayoutBatch b = batch(1'000);
  ASSERT_EQ(b.items.size(), 1u);
  EXPECT_EQ(b.items[0].worker_id, 2);
  ASSERT_EQ(b.deferred.size(), 2u);
  EXPECT_EQ(b.deferred[0].worker_id, 1);
  EXPECT_NE(b.deferred[0].reason.find("minimum"), std::string::npos);
  EXPECT_EQ(b.deferred[1].worker_id, 13);
  EXPECT_EQ(payable(1), 300);
  EXPECT_EQ(payable(13), 5'000);
  // Months later the small balance is still there and goes out once it grows.
  clock_.advance(400 * kMicrosPerDay);
  earn(1, 800);
  PayoutBatch later = batch(1'000);
  ASSERT_EQ(later.items.size(), 1u);
  EXPECT_EQ(later.items[0].amount.minor, 1'100);
  EXPECT_NE(later.sender_batch_id, b.sender_batch_id);
  // Nothing due: no batch is recorded.
  EXPECT_EQ(batch(1'000).id, 0);
}

TEST_P(PayoutsTest, FailedItemReturnsToPayableAndRetriesNeverPayTwice) {
  earn(1, 2'500);
  PayoutBatch first = batch();
  ASSERT_EQ(first.items.size(), 1u);
  std::int64_t item = first.items[0].id;
  EXPECT_EQ(payable(1), 0);
  EXPECT_EQ(error_code_of([&] { tx([&](store::Connection& c) { payouts_.record_result(c, item, false, "", ""); }); }),
            "validation_failed");
  tx([&](store::Connection& c) { payouts_.record_result(c, item, false, "PP-1", "RECEIVER_UNREGISTERED"); });
  tx([&](store::Connection& c) { payouts_.record_result(c, item, false, "PP-1", "RECEIVER_UNREGISTERED"); });  // retry
  EXPECT_EQ(payable(1), 2'500);
  EXPECT_EQ(
      error_code_of([&] { tx([&](store::Connection& c) { payouts_.record_result(c, item, true, "PP-1", ""); }); }),
      "payout_result_conflict");
  EXPECT_EQ(payable(1), 2'500);
  // The next batch sends it again as a new item; success is recorded once.
  PayoutBatch second = batch();
  ASSERT_EQ(second.items.size(), 1u);
  EXPECT_NE(second.items[0].id, item);
  EXPECT_EQ(second.items[0].amount.minor, 2'500);
  for (int i = 0; i < 3; ++i) {
    tx([&](store::Connection& c) { payouts_.record_result(c, second.items[0].id, true, "PP-2", ""); });
  }
  EXPECT_EQ(payable(1), 0);
  EXPECT_EQ(tx([&](store::Connection& c) {
              return ledger_.find_account(c, {OwnerKind::external, 1, Purpose::payout_provider, usd_})->balance;
            }),
            2'500);
  EXPECT_EQ(tx([&](store::Connection& c) { return payouts_.items_of_worker(c, 1); }).size(), 2u);
  EXPECT_TRUE(verify_clean());
}

TEST_P(PayoutsTest, MpesaPaysWholeShillingsAndKeepsTheCents) {
  Currency kes = Currency::of("KES");
  earn(5, 123'456, kes);  // 1234.56 KES
  PayoutBatch b = batch(0, PayoutProvider::mpesa, kes);
  ASSERT_EQ(b.items.size(), 1u);
  EXPECT_EQ(b.items[0].amount.minor, 123'400);
  EXPECT_EQ(tx([&](store::Connection& c) {
              return ledger_.find_account(c, {OwnerKind::worker, 5, Purpose::payable, kes})->balance;
            }),
            56);
  EXPECT_EQ(mpesa_b2c_csv(b),
            "MSISDN,Amount,Reference\r\nworker5@example.org,1234,fl-item-" + std::to_string(b.items[0].id) + "\r\n");
  EXPECT_TRUE(verify_clean());
}

INSTANTIATE_TEST_SUITE_P(Backends, PayoutsTest, ::testing::ValuesIn(testing::test_backends()), testing::backend_name);

PayoutBatch synthetic_batch(std::size_t items) {
  PayoutBatch b;
  b.id = 9;
  b.sender_batch_id = "fl-9-abc";
  b.currency = Currency::of("USD");
  for (std::size_t i = 0; i < items; ++i) {
    PayoutItem item;
    item.id = static_cast<std::int64_t>(i + 1);
    item.batch_id = 9;
    item.worker_id = static_cast<std::int64_t>(i + 100);
    item.amount = Money{static_cast<std::int64_t>(1230 + i), b.currency};
    item.recipient_type = "EMAIL";
    item.receiver = "w" + std::to_string(i) + "@example.org";
    b.items.push_back(item);
  }
  return b;
}

TEST(PayoutAdapters, PayPalRequestBodyHasTheDocumentedShape) {
  auto requests = paypal_payout_requests(synthetic_batch(2));
  ASSERT_EQ(requests.size(), 1u);
  auto body = nlohmann::json::parse(requests[0]);
  EXPECT_EQ(body["sender_batch_header"]["sender_batch_id"], "fl-9-abc");
  ASSERT_EQ(body["items"].size(), 2u);
  const auto& item = body["items"][0];
  EXPECT_EQ(item["recipient_type"], "EMAIL");
  EXPECT_EQ(item["amount"]["value"], "12.30");  // a decimal string, never a number
  EXPECT_EQ(item["amount"]["currency"], "USD");
  EXPECT_EQ(item["receiver"], "w0@example.org");
  EXPECT_EQ(item["sender_item_id"], "fl-item-1");
  EXPECT_TRUE(item["note"].is_string());
}

TEST(PayoutAdapters, PayPalSplitsBeyondFifteenThousandItems) {
  auto requests = paypal_payout_requests(synthetic_batch(30'001));
  ASSERT_EQ(requests.size(), 3u);
  std::set<std::string> ids;
  std::set<std::string> item_ids;
  std::size_t total = 0;
  for (const auto& text : requests) {
    auto body = nlohmann::json::parse(text);
    ids.insert(body["sender_batch_header"]["sender_batch_id"]);
    EXPECT_LE(body["items"].size(), 15'000u);
    total += body["items"].size();
    for (const auto& item : body["items"]) item_ids.insert(item["sender_item_id"]);
  }
  EXPECT_EQ(total, 30'001u);
  EXPECT_EQ(item_ids.size(), 30'001u);
  EXPECT_EQ(ids, (std::set<std::string>{"fl-9-abc-part-1", "fl-9-abc-part-2", "fl-9-abc-part-3"}));
  EXPECT_THROW(paypal_payout_requests(synthetic_batch(1), 15'001), Error);
}

TEST(PayoutAdapters, BankCsvQuotesAndDefusesFormulas) {
  PayoutBatch b = synthetic_batch(1);
  b.items[0].account_holder = "=HYPERLINK(\"x\"), Ltd";
  b.items[0].recipient_type = "BANK";
  b.items[0].receiver = "BDO:0012-3456";
  EXPECT_EQ(bank_transfer_csv(b),
            "reference,worker_id,recipient_type,account_holder,account,amount,currency\r\n"
            "fl-item-1,100,BANK,\"'=HYPERLINK(\"\"x\"\"), Ltd\",BDO:0012-3456,12.30,USD\r\n");
}

}  // namespace
}  // namespace fairlabel::money
