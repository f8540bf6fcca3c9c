// The application runs the deployment's payout schedule from its deadline
// tick (run_deadlines), with recipients from the workers' profiles: a
// deactivated worker is paid, a worker without a payout method is deferred,
// and a period is paid once however often the tick runs.
#include <gtest/gtest.h>

#include "app/application.h"
#include "store/migrations.h"
#include "support/test_databases.h"

namespace fairlabel::app {
namespace {

// Monday 2026-11-30 09:00:00 UTC.
constexpr Timestamp kMonday9 = 1'796'029'200LL * kMicrosPerSecond;

class PayoutScheduleAppTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    database_ = std::make_unique<testing::TestDatabase>(testing::TestDatabase::create(GetParam()));
    AppConfig config;
    config.password_cost = accounts::PasswordCost::test_only_fast();
    config.payout_schedule = money::parse_payout_schedule("mon 09:00 paypal:USD:10.00");
    app_ = std::make_unique<Application>(database_->db(), config, clock_);
  }
  void TearDown() override { app_.reset(); }

  std::int64_t worker(const std::string& name, std::optional<std::string> payout_method) {
    auto user = app_->accounts().create_user(
        {name + "@example.org", "a long enough password", name, {accounts::Role::worker}, "IN", std::nullopt, "en"});
    accounts::ProfileUpdate update;
    update.payout_method = std::move(payout_method);
    app_->accounts().update_profile(user.id, update);
    return user.id;
  }
  void earn(std::int64_t worker_id, std::int64_t cents) {
    const auto usd = money::Currency::of("USD");
    const auto& ledger = app_->ledger();
    store::transact(app_->database(), store::TxMode::write, [&](store::Connection& c) {
      std::int64_t source = ledger.ensure_account(c, {money::OwnerKind::org, 1, money::Purpose::funding_source, usd});
      std::int64_t payable =
          ledger.ensure_account(c, {money::OwnerKind::worker, worker_id, money::Purpose::payable, usd});
      ledger.post(c, {"test-earn:" + std::to_string(worker_id), source, payable, cents, usd, "piece_rate",
                      money::Cause{"assignment", worker_id}, "{}"});
    });
  }
  std::int64_t count(const std::string& sql) {
    return store::transact(app_->database(), store::TxMode::read,
                           [&](store::Connection& c) { return c.execute(sql).single().integer(0); });
  }

  ManualClock clock_{kMonday9 - kMicrosPerHour};
  std::unique_ptr<testing::TestDatabase> database_;
  std::unique_ptr<Application> app_;
};

TEST_P(PayoutScheduleAppTest, DeadlineTickPaysEachPeriodOnceIncludingDeactivatedWorkers) {
  std::int64_t maria = worker("maria", R"({"provider": "paypal", "receiver": "maria@example.org"})");
  std::int64_t banned = worker("banned", R"({"provider": "paypal", "receiver": "banned@example.org"})");
  std::int64_t no_method = worker("nomethod", std::nullopt);
  earn(maria, 2'000);
  earn(banned, 15'000);
  earn(no_method, 5'000);
  store::transact(app_->database(), store::TxMode::write, [&](store::Connection& c) {
    c.execute("UPDATE users SET status = 'deactivated' WHERE id = $1", {banned});
  });

  app_->run_deadlines();  // Monday 08:00: the previous period runs (catching up), paying what is owed
  EXPECT_EQ(count("SELECT COUNT(*) FROM payout_batches"), 1);
  clock_.set(kMonday9 + kMicrosPerSecond);
  for (int tick = 0; tick < 3; ++tick) {
    app_->run_deadlines();
    clock_.advance(kMicrosPerSecond);
  }
  // Two periods, two runs; the first paid both workers with a method, the
  // second had nobody due.
  EXPECT_EQ(count("SELECT COUNT(*) FROM payout_schedule_runs"), 2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM payout_batches"), 1);
  EXPECT_EQ(
      count("SELECT COUNT(*) FROM payout_items WHERE worker_id = " + std::to_string(banned) + " AND amount = 15000"),
      1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM payout_items WHERE worker_id = " + std::to_string(maria)), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM payout_items WHERE worker_id = " + std::to_string(no_method)), 0);
  EXPECT_EQ(count("SELECT deferred FROM payout_schedule_runs ORDER BY period_start LIMIT 1"), 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, PayoutScheduleAppTest, ::testing::ValuesIn(testing::test_backends()),
                         testing::backend_name);

}  // namespace
}  // namespace fairlabel::app
