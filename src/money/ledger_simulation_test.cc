// A deterministic randomized run of thousands of money operations — accept,
// reject, hold, void, early release, deadlines passing, deposits, period
// closes, payouts that succeed, fail and are retried, retries of every kind,
// transactions that crash half-way, and database restarts — on both
// backends. It ends (and checks at random points) that `ledger verify` is
// clean, every worker's statement sums to their balance, and nothing owed is
// lost. One seed reproduces a whole run: FAIRLABEL_SIM_SEED=<n>.
#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <random>

#include "core/error.h"
#include "money/ledger.h"
#include "money/pay_service.h"
#include "money/payouts.h"
#include "money/statement.h"
#include "store/migrations.h"
#include "support/test_databases.h"

namespace fairlabel::money {
namespace {

class LedgerSimulation : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    database_ = std::make_unique<testing::TestDatabase>(testing::TestDatabase::create(GetParam()));
    store::migrate(db(), clock_);
    const char* seed = std::getenv("FAIRLABEL_SIM_SEED");
    seed_ = seed ? std::strtoull(seed, nullptr, 10) : 20261129;
    random_.seed(seed_);
  }
  store::Database& db() { return database_->db(); }
  template <typename F>
  auto tx(F&& f) -> decltype(f(std::declval<store::Connection&>())) {
    return store::transact(db(), store::TxMode::write, std::forward<F>(f));
  }
  std::int64_t uniform(std::int64_t lo, std::int64_t hi) {
    return std::uniform_int_distribution<std::int64_t>(lo, hi)(random_);
  }
  template <typename T>
  const T& pick(const std::vector<T>& v) {
    return v[static_cast<std::size_t>(uniform(0, static_cast<std::int64_t>(v.size()) - 1))];
  }

  void check_everything(const std::string& when) {
    auto violations = store::transact(db(), store::TxMode::read, [](store::Connection& c) { return Ledger::verify(c); });
    for (const auto& v : violations) {
      ADD_FAILURE() << when << " (seed " << seed_ << "): " << v.invariant << ": " << v.message << "\n  "
                    << (v.rows.empty() ? "" : v.rows[0]);
    }
    for (const auto& worker : workers_) {
      store::transact(db(), store::TxMode::read, [&](store::Connection& c) {
        Statement s = build_statement(c, ledger_, worker.worker_id, usd_, start_, clock_.now() + 1);
        std::int64_t sum = s.opening_balance;
        for (const auto& line : s.lines) sum += line.amount;
        auto account = ledger_.find_account(c, {OwnerKind::worker, worker.worker_id, Purpose::payable, usd_});
        EXPECT_EQ(sum, s.closing_balance) << when;
        EXPECT_EQ(s.closing_balance, account ? account->balance : 0) << when << " worker " << worker.worker_id;
        EXPECT_GE(account ? account->available() : 0, 0) << when;
      });
    }
  }

  const Currency usd_ = Currency::of("USD");
  ManualClock clock_{1'795'888'680LL * kMicrosPerSecond};
  Timestamp start_ = clock_.now();
  Ledger ledger_{clock_};
  PayService pay_{ledger_, clock_,
                  {PayPolicy{},
                   {ExchangeRate{Currency::of("PHP"), usd_, 172, 10'000}, ExchangeRate{Currency::of("KES"), usd_, 77, 10'000},
                    ExchangeRate{Currency::of("INR"), usd_, 118, 10'000}},
                   nullptr}};
  PayoutService payouts_{ledger_, clock_};
  std::vector<WorkerRef> workers_{{1, "PH", "PH-00"}, {2, "PH", "PH-07"}, {3, "PH", "PH-14"}, {4, "KE", ""},
                                  {5, "IN", "IN-DL"}, {6, "US", "US-CA"}, {7, "US", "US-TX"}, {8, "PH", "PH-15"}};
  std::vector<ProjectRef> projects_{{10, 1, usd_}, {11, 1, usd_}, {12, 2, usd_}};
  std::unique_ptr<testing::TestDatabase> database_;
  std::uint64_t seed_ = 0;
  std::mt19937_64 random_;
};

TEST_P(LedgerSimulation, ThousandsOfOperationsKeepEveryInvariant) {
  const int operations = 3000;
  std::int64_t next_id = 1;
  std::vector<AcceptanceFacts> accepted;      // for retries
  std::vector<std::int64_t> holds;            // pending, as far as we know
  std::vector<std::int64_t> pending_items;    // payout items without a result
  std::map<std::int64_t, bool> item_results;  // recorded results, for retries
  std::map<std::int64_t, Timestamp> closed_until;
  std::map<std::string, int> counts;
  std::int64_t paid_out = 0;  // what providers confirmed

  auto expect_only = [&](const Error& e, std::initializer_list<const char*> allowed) {
    for (const char* code : allowed) {
      if (e.code() == code) return;
    }
    ADD_FAILURE() << "unexpected error " << e.code() << ": " << e.what() << " (seed " << seed_ << ")";
  };

  for (const auto& project : projects_) {
    tx([&](store::Connection& c) { pay_.record_deposit(c, project, 200'000, next_id++, 99, "initial"); });
  }
  for (int op = 0; op < operations; ++op) {
    std::int64_t dice = uniform(0, 99);
    try {
      if (dice < 30) {  // accept, sometimes by deadline
        AcceptanceFacts f{next_id++, pick(workers_), pick(projects_), uniform(0, 400), uniform(5, 4 * 3600),
                          uniform(60, 1800), uniform(0, 4) == 0};
        tx([&](store::Connection& c) { pay_.pay_acceptance(c, f); });
        accepted.push_back(f);
        ++counts["accept"];
      } else if (dice < 40) {  // reject, citing a clause; a few with recorded fraud
        bool fraud = uniform(0, 9) == 0;
        RejectionFacts f{next_id++, next_id, pick(workers_), pick(projects_), uniform(5, 3 * 3600), uniform(60, 1800),
                         "2." + std::to_string(uniform(1, 9)), "reviewer note", fraud, fraud ? "gold answers copied" : ""};
        tx([&](store::Connection& c) { pay_.pay_rejection(c, f); });
        ++counts["reject"];
      } else if (dice < 50) {  // accept with pay held until a deadline
        AcceptanceFacts f{next_id++, pick(workers_), pick(projects_), uniform(1, 400), uniform(5, 3600),
                          uniform(60, 1800), false};
        auto r = tx([&](store::Connection& c) {
          return pay_.hold_acceptance(c, f, "gold re-check", clock_.now() + uniform(1, 72) * kMicrosPerHour);
        });
        if (r.hold) holds.push_back(r.hold->pending.id);
        ++counts["hold"];
      } else if (dice < 55 && !holds.empty()) {  // void or release early (may already be resolved)
        std::size_t at = static_cast<std::size_t>(uniform(0, static_cast<std::int64_t>(holds.size()) - 1));
        std::int64_t hold = holds[at];
        holds.erase(holds.begin() + static_cast<std::ptrdiff_t>(at));  // resolved now, one way or the other
        bool void_it = uniform(0, 1) == 0;
        tx([&](store::Connection& c) {
          if (void_it) {
            ledger_.void_hold(c, hold, 99, "re-check failed: clause 2.3");
          } else {
            ledger_.post_hold(c, hold, 98, "re-check passed");
          }
        });
        ++counts[void_it ? "void" : "release_early"];
      } else if (dice < 65) {  // time passes; due holds post
        clock_.advance(uniform(0, 8 * 3600) * kMicrosPerSecond);
        int posted = tx([&](store::Connection& c) { return ledger_.release_due_holds(c, clock_.now()); });
        counts["deadline_posts"] += posted;
      } else if (dice < 70 && !accepted.empty()) {  // a retry of an earlier acceptance
        const AcceptanceFacts f = pick(accepted);
        tx([&](store::Connection& c) { pay_.pay_acceptance(c, f); });
        ++counts["retry"];
      } else if (dice < 73) {  // a deposit
        tx([&](store::Connection& c) { pay_.record_deposit(c, pick(projects_), uniform(1, 100'000), next_id++, 99, ""); });
        ++counts["deposit"];
      } else if (dice < 78) {  // a payout batch
        std::vector<PayoutProvider> providers{PayoutProvider::paypal, PayoutProvider::bank_csv};
        PayoutBatch b = tx([&](store::Connection& c) {
          return payouts_.create_batch(c, pick(providers), usd_, uniform(0, 2000), [](std::int64_t worker) {
            return std::optional<Recipient>(Recipient{"EMAIL", "w" + std::to_string(worker) + "@example.org", ""});
          });
        });
        for (const auto& item : b.items) pending_items.push_back(item.id);
        ++counts["payout_batch"];
      } else if (dice < 86 && !(pending_items.empty() && item_results.empty())) {  // a provider result, or its retry
        bool retry = pending_items.empty() || (!item_results.empty() && uniform(0, 3) == 0);
        std::int64_t item;
        bool ok;
        if (retry) {
          auto it = item_results.begin();
          std::advance(it, uniform(0, static_cast<std::int64_t>(item_results.size()) - 1));
          item = it->first;
          ok = it->second;
        } else {
          std::size_t at = static_cast<std::size_t>(uniform(0, static_cast<std::int64_t>(pending_items.size()) - 1));
          item = pending_items[at];
          pending_items.erase(pending_items.begin() + static_cast<std::ptrdiff_t>(at));
          ok = uniform(0, 3) != 0;
        }
        PayoutItem result = tx([&](store::Connection& c) {
          return payouts_.record_result(c, item, ok, "ref-" + std::to_string(item), ok ? "" : "RECEIVER_UNREGISTERED");
        });
        if (!retry) {
          item_results[item] = ok;
          if (ok) paid_out += result.amount.minor;
        }
        ++counts[retry ? "payout_result_retry" : (ok ? "payout_paid" : "payout_failed")];
      } else if (dice < 91) {  // a pay period closes for a worker
        const WorkerRef& w = pick(workers_);
        Timestamp from = closed_until.count(w.worker_id) ? closed_until[w.worker_id] : start_;
        if (clock_.now() > from) {
          tx([&](store::Connection& c) { pay_.close_period(c, w, usd_, from, clock_.now()); });
          closed_until[w.worker_id] = clock_.now();
          ++counts["period_close"];
        }
      } else if (dice < 96) {  // a crash half-way through a transaction
        try {
          tx([&](store::Connection& c) {
            pay_.pay_acceptance(c, {next_id, pick(workers_), pick(projects_), 100, 60, 600, false});
            throw std::runtime_error("simulated crash");
          });
        } catch (const std::runtime_error&) {
        }
        ++next_id;
        ++counts["crash"];
      } else {  // restart: close the pool and reopen the database
        database_->reopen();
        ++counts["restart"];
      }
    } catch (const Error& e) {
      // Legitimate refusals: a project out of escrow for piece-rate work, a
      // hold already resolved the other way.
      expect_only(e, {"insufficient_funds", "hold_resolved"});
      ++counts["refused:" + e.code()];
    }
    if (op % 500 == 499) check_everything("after operation " + std::to_string(op + 1));
  }
  // Let every deadline pass: silence pays the worker.
  clock_.advance(4 * kMicrosPerDay);
  tx([&](store::Connection& c) { while (ledger_.release_due_holds(c, clock_.now(), 100) > 0) {} });
  check_everything("at the end");

  store::transact(db(), store::TxMode::read, [&](store::Connection& c) {
    auto pending = c.execute("SELECT COUNT(*) FROM ledger_holds WHERE state = 'pending'");
    EXPECT_EQ(pending.single().integer(0), 0);
    // What the providers confirmed is exactly what left the platform.
    std::int64_t provider_total = 0;
    for (std::int64_t provider : {1, 2, 3}) {
      auto a = ledger_.find_account(c, {OwnerKind::external, provider, Purpose::payout_provider, usd_});
      if (a) provider_total += a->balance;
    }
    EXPECT_EQ(provider_total, paid_out);
    // Clearing holds exactly the items still waiting for a result.
    auto waiting = c.execute("SELECT COALESCE(SUM(amount), 0) FROM payout_items WHERE state = 'pending'");
    auto clearing = ledger_.find_account(c, {OwnerKind::platform, 0, Purpose::payout_clearing, usd_});
    EXPECT_EQ(clearing ? clearing->balance : 0, waiting.single().integer(0));
  });
  for (const char* kind : {"accept", "reject", "hold", "void", "release_early", "deadline_posts", "retry",
                           "payout_paid", "payout_failed", "payout_result_retry", "period_close", "crash", "restart"}) {
    EXPECT_GT(counts[kind], 0) << kind << " never happened (seed " << seed_ << ")";
  }
  std::string summary;
  for (const auto& [kind, n] : counts) summary += kind + "=" + std::to_string(n) + " ";
  std::cout << "[simulation " << GetParam() << " seed " << seed_ << "] " << summary << "\n";
}

INSTANTIATE_TEST_SUITE_P(Backends, LedgerSimulation, ::testing::ValuesIn(testing::test_backends()),
                         testing::backend_name);

}  // namespace
}  // namespace fairlabel::money
