// Scale-out: two servers' Applications on one database (each with its own
// connections, as two `fairlabel serve` processes have) run the deadline
// jobs — lease expiry, review auto-acceptance by stage deadlines, hold
// release, dispute SLA escalation and decision by deadline, the weekly
// payout batch — at the same moment, again and again. Each due item must be
// applied exactly once: one expiry per lease, one verdict per review, one
// next-stage review, one payment per accepted assignment, one escalation
// and one decision (and payment) per dispute, one payout batch per period
// and one item per worker in it, a clean ledger and audit chain.
// On SQLite and PostgreSQL (where the two run truly concurrently).
#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "app/application.h"
#include "audit/audit_log.h"
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
  config.payout_schedule = money::parse_payout_schedule("mon 09:00 paypal:USD:0");
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
  std::vector<Principal> workers;
  for (int w = 0; w < kWorkers; ++w) {
    auto worker = user(first, "w" + std::to_string(w) + "@example.org", Role::worker);
    accounts::ProfileUpdate payout_method;
    payout_method.payout_method = R"({"provider": "paypal", "receiver": "w)" + std::to_string(w) + R"(@example.org"})";
    first.accounts().update_profile(worker.user_id, payout_method);
    workers.push_back(worker);
    for (int k = 0; k < 2; ++k) {
      auto a = first.work().claim(worker, project.id);
      clock.advance(5'000'000);
      first.work().submit(worker, a.assignment.id, {{"label", "yes"}});
      submitted.push_back(a.assignment.id);
    }
    first.work().claim(worker, project.id);  // left to expire
  }
  // A reviewer rejects the first submission of kDisputes workers at stage 1;
  // each worker disputes the rejection and nobody answers: the disputes
  // escalate at their answer deadline and are decided for the worker at
  // their decision deadline. Two more workers open "other" disputes, which
  // only escalate.
  constexpr int kDisputes = 4;
  auto reviewer = user(first, "rev@example.org", Role::reviewer);
  user(first, "admin@example.org", Role::admin);  // escalations notify every admin
  std::set<std::int64_t> rejected;
  for (int k = 0; k < kDisputes; ++k) {
    auto review = first.work().claim_review(reviewer, project.id, 0);
    work::VerdictInput verdict;
    verdict.verdict = "reject";
    verdict.reason_code = "wrong_label";
    verdict.clause = "1";
    verdict.evidence = {{{"kind", "task"}, {"note", "the text says otherwise"}}};
    first.work().decide(reviewer, review.review.review_id, verdict);
    rejected.insert(review.assignment.id);
  }
  for (int w = 0; w < kWorkers; ++w) {
    for (auto id : {submitted[2 * w], submitted[2 * w + 1]}) {
      if (rejected.count(id)) {
        first.disputes().open(workers[w], {"rejection", std::nullopt, id, std::nullopt, "The label was right."});
      }
    }
  }
  for (int w = 0; w < 2; ++w) {
    first.disputes().open(workers[w], {"other", std::nullopt, std::nullopt, std::nullopt, "My lease expired early."});
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
  clock.advance(2 * 86400 * 1'000'000LL + 1'000'000);  // stage 2 and the disputes' first answers are due
  both_run_deadlines();
  clock.advance(8 * 86400 * 1'000'000LL);  // the rejection disputes' decision deadline (10 days), a new payout week
  both_run_deadlines();

  auto lease = database.db().acquire();
  auto count = [&](const std::string& sql, std::int64_t id) { return lease->execute(sql, {id}).single().integer(0); };
  for (auto id : submitted) {
    if (rejected.count(id)) continue;
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
  // Disputes: each rejection dispute decided once, for the worker, and paid
  // once; each dispute escalated once for its missing first answer (the
  // "other" ones once more when their decision is overdue, at 30 days: not
  // reached here), each escalation notified to the admin once.
  auto disputes = lease->execute("SELECT id, category FROM disputes ORDER BY id");
  ASSERT_EQ(disputes.rows.size(), static_cast<std::size_t>(kDisputes + 2));
  for (const auto& row : disputes.rows) {
    auto id = row.integer(0);
    auto subject = "dispute:" + std::to_string(id);
    auto audited = [&](const std::string& action) {
      return lease->execute("SELECT COUNT(*) FROM audit_log WHERE subject = $1 AND action = $2", {subject, action})
          .single()
          .integer(0);
    };
    EXPECT_EQ(audited("dispute.escalated"), 1) << subject;
    EXPECT_EQ(count("SELECT COUNT(*) FROM notifications WHERE kind = 'dispute_escalated' AND subject = "
                    "'dispute:' || CAST($1 AS TEXT)",
                    id),
              1)
        << subject;
    if (row.text(1) == "rejection") {
      EXPECT_EQ(audited("dispute.decided"), 1) << subject;
      EXPECT_EQ(count("SELECT COUNT(*) FROM disputes WHERE id = $1 AND outcome = 'upheld_by_deadline'", id), 1);
      EXPECT_EQ(count("SELECT COUNT(*) FROM ledger_transfers WHERE cause_kind = 'dispute' AND cause_id = $1", id), 1);
    } else {
      EXPECT_EQ(audited("dispute.decided"), 0) << subject;
    }
  }
  // Payouts: one run per (period, provider, currency), and within a period
  // one item per worker; what was paid out is exactly what was earned
  // before the run.
  auto runs = lease->execute(
      "SELECT period_start, COUNT(*) FROM payout_schedule_runs GROUP BY period_start, provider, currency");
  ASSERT_GE(runs.rows.size(), 2u) << "the schedule ran in at least two periods";
  for (const auto& run : runs.rows) EXPECT_EQ(run.integer(1), 1) << "period " << run.integer(0);
  auto items_twice = lease->execute(
      "SELECT r.period_start, i.worker_id, COUNT(*) FROM payout_schedule_runs r JOIN payout_items i ON i.batch_id = "
      "r.batch_id GROUP BY r.period_start, i.worker_id HAVING COUNT(*) > 1");
  EXPECT_TRUE(items_twice.empty()) << "a worker paid twice in one period";
  EXPECT_GT(lease->execute("SELECT COUNT(*) FROM payout_items").single().integer(0), 0);
  auto violations = money::Ledger::verify(*lease);
  EXPECT_TRUE(violations.empty()) << violations.size() << " ledger violations";
  auto chain = audit::AuditLog::verify(*lease);
  EXPECT_FALSE(chain.has_value()) << "audit log: " << (chain ? chain->message : "");
  std::filesystem::remove_all(second_config.data_dir);
}

INSTANTIATE_TEST_SUITE_P(Backends, ScaleOutTest, ::testing::ValuesIn(testing::test_backends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace fairlabel::app
