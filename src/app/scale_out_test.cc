// Scale-out: two servers' Applications on one database (each with its own
// connections, as two `fairlabel serve` processes have) run the deadline
// jobs — lease expiry, review auto-acceptance by stage deadlines, hold
// release — at the same moment, again and again. Each due item must be
// applied exactly once: one expiry per lease, one verdict per review, one
// next-stage review, one payment per accepted assignment, a clean ledger.
// On SQLite and PostgreSQL (where the two run truly concurrently).
#include <gtest/gtest.h>

#include <thread>

#include "app/application.h"
#include "money/ledger.h"
#include "support/test_databases.h"

namespace fairlabel::app {
namespace {

using accounts::Principal;
using accounts::Role;

constexpr int kWorkers = 20;

class ScaleOutTest : public ::testing::TestWithParam<std::string> {
 protected:
  Principal user(Application& app, const std::string& email, Role role) {
    auto u =
        app.accounts().create_user({email, "a long enough password", email, {role}, std::string("PH"), std::nullopt});
    return {u.id, u.email, u.display_name, u.roles, std::nullopt};
  }
};

TEST_P(ScaleOutTest, TwoServersRunTheDeadlineJobsAndEachDueItemIsAppliedOnce) {
  auto database = testing::TestDatabase::create(GetParam());
  ManualClock clock(1'800'000'000'000'000);
  AppConfig config;
  config.password_cost = accounts::PasswordCost::test_only_fast();
  config.group_commit = false;
  Application first(database.db(), config, clock);
  AppConfig second_config = config;
  second_config.database_url = database.url();
  second_config.migrate = false;
  second_config.data_dir = std::filesystem::temp_directory_path() / ("fl-scale-" + std::to_string(::getpid()));
  Application second(second_config, clock);

  // A live project with two review stages (1 and 2 days) and 10-minute
  // leases; each worker submits two tasks and leaves a third leased.
  auto requester = user(first, "req@example.org", Role::requester);
  auto org = first.organisations().create(requester, "Lab", "lab");
  auto project = first.projects().create(requester, org.id, {"Items", "", "", "classification"});
  work::WorkSettings settings;
  settings.label_schema = {{"labels", {{{"name", "yes"}}, {{"name", "no"}}}}};
  settings.piece_rate_minor = 10;
  settings.lease_seconds = 600;
  settings.review_stages = {{"QA", 86400, {}, false}, {"Check", 2 * 86400, {}, false}};
  first.work().put_settings(requester, project.id, settings);
  first.work().publish_rules(requester, project.id, {"Answer honestly."});
  std::vector<nlohmann::json> inputs;
  for (int i = 0; i < 3 * kWorkers; ++i) inputs.push_back({{"text", "item " + std::to_string(i)}});
  first.work().add_tasks(requester, project.id, inputs);
  store::transact(first.database(), store::TxMode::write, [&](store::Connection& c) {
    first.pay().record_deposit_by_reference(c, {project.id, org.id, money::Currency::of("USD")}, 100'000, "d-1",
                                            requester.user_id);
  });
  first.work().activate(requester, project.id);
  std::vector<std::int64_t> submitted;
  for (int w = 0; w < kWorkers; ++w) {
    auto worker = user(first, "w" + std::to_string(w) + "@example.org", Role::worker);
    for (int k = 0; k < 2; ++k) {
      auto a = first.work().claim(worker, project.id);
      clock.advance(5'000'000);
      first.work().submit(worker, a.assignment.id, {{"label", "yes"}});
      submitted.push_back(a.assignment.id);
    }
    first.work().claim(worker, project.id);  // left to expire
  }

  // Both servers' timers fire together, several times, at each deadline.
  auto both_run_deadlines = [&] {
    for (int round = 0; round < 3; ++round) {
      std::thread a([&] { first.run_deadlines(); });
      std::thread b([&] { second.run_deadlines(); });
      a.join();
      b.join();
    }
  };
  clock.advance(86400 * 1'000'000LL + 1'000'000);  // leases and stage 1 are due
  both_run_deadlines();
  clock.advance(2 * 86400 * 1'000'000LL + 1'000'000);  // stage 2 is due
  both_run_deadlines();

  auto lease = database.db().acquire();
  auto count = [&](const std::string& sql, std::int64_t id) { return lease->execute(sql, {id}).single().integer(0); };
  for (auto id : submitted) {
    EXPECT_EQ(count("SELECT COUNT(*) FROM reviews WHERE assignment_id = $1", id), 2) << "assignment " << id;
    EXPECT_EQ(count("SELECT COUNT(*) FROM reviews WHERE assignment_id = $1 AND verdict = 'auto_accept'", id), 2);
    EXPECT_EQ(count("SELECT COUNT(*) FROM work_events WHERE assignment_id = $1 AND kind = 'verdict'", id), 2);
    EXPECT_EQ(count("SELECT COUNT(*) FROM work_events WHERE assignment_id = $1 AND kind = 'review_opened'", id), 2);
    EXPECT_EQ(count("SELECT COUNT(*) FROM assignments WHERE id = $1 AND status = 'accepted'", id), 1);
    EXPECT_EQ(count("SELECT COUNT(*) FROM ledger_transfers WHERE cause_kind = 'assignment' AND cause_id = $1 "
                    "AND reason = 'piece_rate'",
                    id),
              1);
  }
  EXPECT_EQ(lease->execute("SELECT COUNT(*) FROM work_events WHERE kind = 'lease_expired'").single().integer(0),
            kWorkers);
  EXPECT_EQ(lease->execute("SELECT COUNT(*) FROM assignments WHERE status = 'expired'").single().integer(0), kWorkers);
  auto violations = money::Ledger::verify(*lease);
  EXPECT_TRUE(violations.empty()) << violations.size() << " ledger violations";
  std::filesystem::remove_all(second_config.data_dir);
}

INSTANTIATE_TEST_SUITE_P(Backends, ScaleOutTest, ::testing::ValuesIn(testing::test_backends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace fairlabel::app
