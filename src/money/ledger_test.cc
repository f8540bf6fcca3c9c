// The ledger on both storage backends: posting, idempotency, funds checks,
// holds that post at their deadline, voids with recorded decisions, and
// verify() catching every kind of tampering.
#include "money/ledger.h"

#include <gtest/gtest.h>

#include <tuple>

#include "core/error.h"
#include "store/migrations.h"
#include "support/error_code.h"
#include "support/test_databases.h"

namespace fairlabel::money {
namespace {

using fairlabel::testing::error_code_of;

class LedgerTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    database_ = std::make_unique<testing::TestDatabase>(testing::TestDatabase::create(GetParam()));
    store::migrate(db(), clock_);
    store::transact(db(), store::TxMode::write, [&](store::Connection& c) {
      source_ = ledger_.ensure_account(c, {OwnerKind::org, 1, Purpose::funding_source, usd_});
      escrow_ = ledger_.ensure_account(c, {OwnerKind::project, 7, Purpose::escrow, usd_});
      payable_ = ledger_.ensure_account(c, {OwnerKind::worker, 42, Purpose::payable, usd_});
      php_payable_ = ledger_.ensure_account(c, {OwnerKind::worker, 42, Purpose::payable, Currency::of("PHP")});
    });
  }
  store::Database& db() { return database_->db(); }

  template <typename F>
  auto tx(F&& f) {
    return store::transact(db(), store::TxMode::write, std::forward<F>(f));
  }

  TransferRequest request(std::string key, std::int64_t from, std::int64_t to, std::int64_t amount,
                          std::string reason = "piece_rate") {
    return TransferRequest{std::move(key), from, to, amount, usd_, std::move(reason), Cause{"assignment", 1}, "{}"};
  }
  Account account(std::int64_t id) {
    return tx([&](store::Connection& c) { return ledger_.account(c, id); });
  }
  std::vector<Violation> verify() {
    return store::transact(db(), store::TxMode::read, [](store::Connection& c) { return Ledger::verify(c); });
  }
  void fund(std::int64_t amount) {
    tx([&](store::Connection& c) { ledger_.post(c, request("deposit", source_, escrow_, amount, "deposit")); });
  }

  Currency usd_ = Currency::of("USD");
  ManualClock clock_{1'795'888'680LL * kMicrosPerSecond};
  Ledger ledger_{clock_};
  std::unique_ptr<testing::TestDatabase> database_;
  std::int64_t source_ = 0, escrow_ = 0, payable_ = 0, php_payable_ = 0;
};

TEST_P(LedgerTest, AccountsAreKeyedByOwnerPurposeAndCurrency) {
  tx([&](store::Connection& c) {
    EXPECT_EQ(ledger_.ensure_account(c, {OwnerKind::project, 7, Purpose::escrow, usd_}), escrow_);
    auto found = ledger_.find_account(c, {OwnerKind::worker, 42, Purpose::payable, Currency::of("PHP")});
    ASSERT_TRUE(found.has_value());
    EXPECT_EQ(found->id, php_payable_);
    EXPECT_FALSE(ledger_.find_account(c, {OwnerKind::worker, 43, Purpose::payable, usd_}).has_value());
    EXPECT_EQ(error_code_of([&] {
                ledger_.ensure_account(c, {OwnerKind::worker, 1, Purpose::payable, Currency()});
              }),
              "invalid_currency");
  });
}

TEST_P(LedgerTest, PostMovesBalancesAndSumsToZero) {
  fund(10'000);
  tx([&](store::Connection& c) { ledger_.post(c, request("accept:1", escrow_, payable_, 250)); });
  EXPECT_EQ(account(source_).balance, -10'000);
  EXPECT_EQ(account(escrow_).balance, 9'750);
  EXPECT_EQ(account(payable_).balance, 250);
  EXPECT_TRUE(verify().empty());
}

TEST_P(LedgerTest, SameKeyPostsOnceAndADifferentBodyConflicts) {
  fund(10'000);
  Transfer first =
      tx([&](store::Connection& c) { return ledger_.post(c, request("accept:1", escrow_, payable_, 250)); });
  clock_.advance(kMicrosPerHour);
  Transfer again =
      tx([&](store::Connection& c) { return ledger_.post(c, request("accept:1", escrow_, payable_, 250)); });
  EXPECT_EQ(again.id, first.id);
  EXPECT_EQ(again.created_at, first.created_at);
  EXPECT_EQ(account(payable_).balance, 250);
  EXPECT_EQ(error_code_of([&] {
              tx([&](store::Connection& c) { ledger_.post(c, request("accept:1", escrow_, payable_, 999)); });
            }),
            "transfer_key_conflict");
  EXPECT_EQ(account(payable_).balance, 250);
  EXPECT_TRUE(verify().empty());
}

TEST_P(LedgerTest, PostBatchNetsBalancesPerAccountAndIsIdempotent) {
  fund(1'000);
  std::vector<TransferRequest> batch{request("b1", escrow_, payable_, 300), request("b2", escrow_, payable_, 200),
                                     request("b3", payable_, escrow_, 50)};
  auto posted = tx([&](store::Connection& c) { return ledger_.post_batch(c, batch); });
  ASSERT_EQ(posted.size(), 3u);
  EXPECT_EQ(account(escrow_).balance, 550);
  EXPECT_EQ(account(payable_).balance, 450);
  // Replaying the batch (and one new transfer) moves only the new one.
  batch.push_back(request("b4", escrow_, payable_, 1));
  auto again = tx([&](store::Connection& c) { return ledger_.post_batch(c, batch); });
  EXPECT_EQ(again[0].id, posted[0].id);
  EXPECT_EQ(account(escrow_).balance, 549);
  // The net change of an account is checked against its funds.
  std::vector<TransferRequest> too_much{request("b5", escrow_, payable_, 500), request("b6", escrow_, payable_, 50)};
  EXPECT_EQ(error_code_of([&] { tx([&](store::Connection& c) { ledger_.post_batch(c, too_much); }); }),
            "insufficient_funds");
  std::vector<TransferRequest> mixed{request("b7", escrow_, payable_, 5), request("b8", escrow_, php_payable_, 5)};
  EXPECT_EQ(error_code_of([&] { tx([&](store::Connection& c) { ledger_.post_batch(c, mixed); }); }),
            "currency_mismatch");
  EXPECT_EQ(account(escrow_).balance, 549);
  EXPECT_TRUE(verify().empty());
}

// post_batch() answers in request order but inserts grouped by account
// (fewer index pages per statement): ids follow (credit, debit) account
// order, and request order between the same two accounts.
TEST_P(LedgerTest, PostBatchAnswersInRequestOrderAndNumbersByAccount) {
  fund(1'000);
  const std::int64_t other = tx([&](store::Connection& c) {
    return ledger_.ensure_account(c, {OwnerKind::worker, 43, Purpose::payable, usd_});
  });
  std::vector<TransferRequest> batch{request("m1", escrow_, other, 10), request("m2", escrow_, payable_, 20),
                                     request("m3", escrow_, other, 30), request("m4", payable_, escrow_, 5),
                                     request("m5", escrow_, payable_, 40)};
  auto posted = tx([&](store::Connection& c) { return ledger_.post_batch(c, batch); });
  ASSERT_EQ(posted.size(), batch.size());
  for (std::size_t i = 0; i < batch.size(); ++i) {
    EXPECT_EQ(posted[i].key, batch[i].key);
    for (std::size_t j = 0; j < batch.size(); ++j) {
      auto order_i = std::tie(batch[i].credit_account, batch[i].debit_account);
      auto order_j = std::tie(batch[j].credit_account, batch[j].debit_account);
      if (order_i < order_j || (order_i == order_j && i < j)) {
        EXPECT_LT(posted[i].id, posted[j].id) << i << " " << j;
      }
    }
  }
  EXPECT_EQ(account(other).balance, 40);
  EXPECT_EQ(account(payable_).balance, 55);
  EXPECT_TRUE(verify().empty());
}

// post_batch() inserts many rows per statement in chunks (128, 64, … 1):
// a batch of 300 with keys posted before, repeats inside the batch and
// rows in every chunk must post each key once and net the balances exactly.
TEST_P(LedgerTest, PostBatchAcrossChunksPostsEachKeyOnceIncludingRepeatsInTheBatch) {
  fund(1'000'000);
  auto earlier = tx([&](store::Connection& c) { return ledger_.post(c, request("earlier", escrow_, payable_, 7)); });
  std::vector<TransferRequest> batch;
  std::int64_t new_amounts = 0;
  for (int i = 0; i < 300; ++i) {
    batch.push_back(request("k:" + std::to_string(i), escrow_, payable_, i + 1));
    new_amounts += i + 1;
  }
  batch.insert(batch.begin() + 100, request("earlier", escrow_, payable_, 7));  // a retry of a posted key
  batch.push_back(request("k:42", escrow_, payable_, 43));                      // a repeat inside the batch
  auto posted = tx([&](store::Connection& c) { return ledger_.post_batch(c, batch); });
  ASSERT_EQ(posted.size(), batch.size());
  for (std::size_t i = 0; i < batch.size(); ++i) {
    EXPECT_EQ(posted[i].key, batch[i].key);
    EXPECT_EQ(posted[i].amount, batch[i].amount);
    EXPECT_GT(posted[i].id, 0);
  }
  EXPECT_EQ(posted[100].id, earlier.id);
  EXPECT_EQ(posted.back().id, posted[42].id);
  EXPECT_EQ(account(payable_).balance, 7 + new_amounts);  // each key counted once
  EXPECT_EQ(account(escrow_).balance, 1'000'000 - 7 - new_amounts);
  // Every returned transfer is the stored one.
  tx([&](store::Connection& c) {
    for (const Transfer& t : posted) EXPECT_EQ(ledger_.find_transfer(c, t.key)->id, t.id);
  });
  EXPECT_TRUE(verify().empty());

  // A key repeated inside a batch with another body is a conflict, and the
  // whole batch is rolled back.
  const std::int64_t before = account(payable_).balance;
  std::vector<TransferRequest> clash{request("c:1", escrow_, payable_, 5), request("c:2", escrow_, payable_, 6),
                                     request("c:1", escrow_, payable_, 9)};
  EXPECT_EQ(error_code_of([&] { tx([&](store::Connection& c) { ledger_.post_batch(c, clash); }); }),
            "transfer_key_conflict");
  EXPECT_EQ(account(payable_).balance, before);
  tx([&](store::Connection& c) { EXPECT_FALSE(ledger_.find_transfer(c, "c:2").has_value()); });
  EXPECT_TRUE(verify().empty());
}

TEST_P(LedgerTest, EscrowNeverGoesNegativeAndNothingIsHalfWritten) {
  fund(100);
  EXPECT_EQ(error_code_of([&] {
              tx([&](store::Connection& c) {
                ledger_.post(c, request("a", escrow_, payable_, 60));
                ledger_.post(c, request("b", escrow_, payable_, 60));  // only 40 left
              });
            }),
            "insufficient_funds");
  EXPECT_EQ(account(escrow_).balance, 100);
  EXPECT_EQ(account(payable_).balance, 0);
  tx([&](store::Connection& c) { EXPECT_FALSE(ledger_.find_transfer(c, "a").has_value()); });
  EXPECT_TRUE(verify().empty());
}

TEST_P(LedgerTest, RejectsMalformedTransfers) {
  fund(100);
  auto code = [&](TransferRequest r) {
    return error_code_of([&] { tx([&](store::Connection& c) { ledger_.post(c, r); }); });
  };
  EXPECT_EQ(code(request("z", escrow_, payable_, 0)), "validation_failed");
  EXPECT_EQ(code(request("z", escrow_, escrow_, 5)), "validation_failed");
  EXPECT_EQ(code(request("", escrow_, payable_, 5)), "validation_failed");
  EXPECT_EQ(code(request("z", escrow_, php_payable_, 5)), "currency_mismatch");
  EXPECT_EQ(code(request("z", escrow_, 999'999, 5)), "unknown_account");
  EXPECT_TRUE(verify().empty());
}

TEST_P(LedgerTest, HoldReservesThenPostsAtTheDeadline) {
  fund(1'000);
  Hold h = tx([&](store::Connection& c) {
    return ledger_.hold(c, request("hold:1", escrow_, payable_, 300), 42, "gold check pending",
                        clock_.now() + kMicrosPerDay);
  });
  EXPECT_EQ(h.state, HoldState::pending);
  EXPECT_EQ(account(escrow_).available(), 700);
  EXPECT_EQ(account(payable_).pending_credits, 300);
  EXPECT_EQ(account(payable_).balance, 0);
  // A retry of the same hold changes nothing.
  tx([&](store::Connection& c) {
    ledger_.hold(c, request("hold:1", escrow_, payable_, 300), 42, "gold check pending", h.release_at);
  });
  EXPECT_EQ(account(escrow_).available(), 700);
  // Before the deadline nothing happens; at it, silence pays the worker.
  clock_.advance(kMicrosPerDay - 1);
  EXPECT_EQ(tx([&](store::Connection& c) { return ledger_.release_due_holds(c, clock_.now()); }), 0);
  clock_.advance(1);
  EXPECT_EQ(tx([&](store::Connection& c) { return ledger_.release_due_holds(c, clock_.now()); }), 1);
  EXPECT_EQ(tx([&](store::Connection& c) { return ledger_.release_due_holds(c, clock_.now()); }), 0);
  EXPECT_EQ(account(payable_).balance, 300);
  EXPECT_EQ(account(payable_).pending_credits, 0);
  EXPECT_EQ(account(escrow_).balance, 700);
  Hold posted = tx([&](store::Connection& c) { return ledger_.get_hold(c, h.pending.id); });
  EXPECT_EQ(posted.state, HoldState::posted);
  EXPECT_FALSE(posted.decided_by.has_value());
  EXPECT_EQ(
      error_code_of([&] { tx([&](store::Connection& c) { ledger_.void_hold(c, h.pending.id, 5, "too late"); }); }),
      "hold_resolved");
  EXPECT_TRUE(verify().empty());
}

TEST_P(LedgerTest, VoidRecordsWhoAndWhyAndIsVisibleToTheWorker) {
  fund(1'000);
  Hold h = tx([&](store::Connection& c) {
    return ledger_.hold(c, request("hold:2", escrow_, payable_, 300), 42, "fraud review", clock_.now() + kMicrosPerDay);
  });
  EXPECT_EQ(error_code_of([&] { tx([&](store::Connection& c) { ledger_.void_hold(c, h.pending.id, 5, ""); }); }),
            "validation_failed");
  tx([&](store::Connection& c) { ledger_.void_hold(c, h.pending.id, 5, "copied answers, evidence #88"); });
  // Voiding again is a no-op; the deadline passing posts nothing.
  tx([&](store::Connection& c) { ledger_.void_hold(c, h.pending.id, 5, "copied answers, evidence #88"); });
  clock_.advance(2 * kMicrosPerDay);
  EXPECT_EQ(tx([&](store::Connection& c) { return ledger_.release_due_holds(c, clock_.now()); }), 0);
  EXPECT_EQ(account(escrow_).balance, 1'000);
  EXPECT_EQ(account(escrow_).available(), 1'000);
  EXPECT_EQ(account(payable_).balance, 0);
  auto holds = tx([&](store::Connection& c) { return ledger_.holds_of_worker(c, 42); });
  ASSERT_EQ(holds.size(), 1u);
  EXPECT_EQ(holds[0].state, HoldState::voided);
  EXPECT_EQ(holds[0].decided_by, 5);
  EXPECT_EQ(holds[0].decision_reason, "copied answers, evidence #88");
  EXPECT_EQ(holds[0].hold_reason, "fraud review");
  EXPECT_EQ(error_code_of([&] { tx([&](store::Connection& c) { ledger_.post_hold(c, h.pending.id, 5, ""); }); }),
            "hold_resolved");
  EXPECT_TRUE(verify().empty());
}

TEST_P(LedgerTest, DatabaseRefusesToChangeTransfers) {
  fund(100);
  EXPECT_THROW(tx([&](store::Connection& c) { c.execute("UPDATE ledger_transfers SET amount = 1"); }),
               store::StoreError);
  EXPECT_THROW(tx([&](store::Connection& c) { c.execute("DELETE FROM ledger_transfers"); }), store::StoreError);
  EXPECT_TRUE(verify().empty());
}

TEST_P(LedgerTest, VerifyReportsTamperingWithTheOffendingRows) {
  fund(1'000);
  tx([&](store::Connection& c) { ledger_.post(c, request("accept:1", escrow_, payable_, 250)); });
  ASSERT_TRUE(verify().empty());
  // Someone with database access bypasses the triggers and edits history.
  tx([&](store::Connection& c) {
    if (c.dialect() == store::Dialect::sqlite) {
      c.execute_script("DROP TRIGGER ledger_transfers_no_update");
    } else {
      c.execute_script("DROP TRIGGER ledger_transfers_no_change ON ledger_transfers");
    }
    c.execute("UPDATE ledger_transfers SET amount = 2500 WHERE transfer_key = 'accept:1'");
    c.execute("UPDATE ledger_accounts SET non_negative = 0, balance = -50 WHERE id = $1", {payable_});
  });
  auto violations = verify();
  std::map<std::string, std::vector<std::string>> by_invariant;
  for (const auto& v : violations) by_invariant[v.invariant] = v.rows;
  ASSERT_TRUE(by_invariant.count("transfer_unchanged"));
  EXPECT_NE(by_invariant["transfer_unchanged"][0].find("key=accept:1"), std::string::npos);
  ASSERT_TRUE(by_invariant.count("balance_matches_transfers"));
  EXPECT_EQ(by_invariant["balance_matches_transfers"].size(), 2u);  // escrow and payable
  ASSERT_TRUE(by_invariant.count("currency_sum_zero"));
  EXPECT_NE(by_invariant["currency_sum_zero"][0].find("USD"), std::string::npos);
  ASSERT_TRUE(by_invariant.count("non_negative"));
  auto mentions = [](const std::vector<std::string>& rows, const std::string& what) {
    for (const auto& row : rows) {
      if (row.find(what) != std::string::npos) return true;
    }
    return false;
  };
  EXPECT_TRUE(mentions(by_invariant["non_negative"], "payable USD): available -50"));
  EXPECT_TRUE(mentions(by_invariant["non_negative"], "escrow USD): available 750 (from transfers -1500)"));
}

TEST_P(LedgerTest, SurvivesReopening) {
  fund(1'000);
  Hold h = tx([&](store::Connection& c) {
    return ledger_.hold(c, request("hold:3", escrow_, payable_, 300), 42, "review window",
                        clock_.now() + kMicrosPerHour);
  });
  database_->reopen();
  clock_.advance(kMicrosPerHour);
  EXPECT_EQ(tx([&](store::Connection& c) { return ledger_.release_due_holds(c, clock_.now()); }), 1);
  EXPECT_EQ(account(payable_).balance, 300);
  EXPECT_EQ(tx([&](store::Connection& c) { return ledger_.get_hold(c, h.pending.id); }).state, HoldState::posted);
  EXPECT_TRUE(verify().empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, LedgerTest, ::testing::ValuesIn(testing::test_backends()), testing::backend_name);

}  // namespace
}  // namespace fairlabel::money
