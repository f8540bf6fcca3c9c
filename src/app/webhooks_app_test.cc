// Webhooks wired into the application, on each backend, with a real HTTP
// receiver on 127.0.0.1: task.completed and batch.completed commit with
// the task's result (and roll back with it), payout.sent carries only a
// pseudonym, and two servers on one database deliver every event exactly
// once (as scale_out_test.cc does for the other periodic jobs).
#include <gtest/gtest.h>

#include <map>
#include <thread>

#include "app/application.h"
#include "app/payout_recipients.h"
#include "exporting/pseudonyms.h"
#include "support/test_databases.h"
#include "webhooks/events.h"
#include "webhooks/test_receiver.h"

namespace fairlabel::app {
namespace {

using accounts::Principal;
using accounts::Role;
using nlohmann::json;
using webhooks::testing::TestReceiver;

class WebhooksAppTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    database_ = std::make_unique<testing::TestDatabase>(testing::TestDatabase::create(GetParam()));
    config_.password_cost = accounts::PasswordCost::test_only_fast();
    config_.group_commit = false;
    config_.webhooks.allow_private = true;  // the receiver is on 127.0.0.1
    app_ = std::make_unique<Application>(database_->db(), config_, clock_);
  }

  Principal user(const std::string& email, Role role) {
    auto u = app_->accounts().create_user({email, "a long enough password", email, {role}, std::string("PH"),
                                           std::nullopt});
    return {u.id, u.email, u.display_name, u.roles, std::nullopt};
  }

  //! A live, funded classification project with `tasks` tasks, overlap 1
  //! and no review stage: a submission is accepted, and its task complete.
  void live_project(int tasks) {
    requester_ = user("req@example.org", Role::requester);
    auto org = app_->organisations().create(requester_, "Lab", "lab");
    project_id_ = app_->projects().create(requester_, org.id, {"Items", "", "", "classification"}).id;
    work::WorkSettings settings;
    settings.label_schema = {{"labels", {{{"name", "yes"}}, {{"name", "no"}}}}};
    settings.piece_rate_minor = 10;
    app_->work().put_settings(requester_, project_id_, settings);
    app_->work().publish_rules(requester_, project_id_, {"Answer honestly."});
    std::vector<json> inputs;
    for (int i = 0; i < tasks; ++i) inputs.push_back({{"text", "item " + std::to_string(i)}});
    app_->work().add_tasks(requester_, project_id_, inputs);
    store::transact(app_->database(), store::TxMode::write, [&](store::Connection& c) {
      app_->pay().record_deposit_by_reference(c, {project_id_, org.id, money::Currency::of("USD")}, 100'000, "d-1",
                                              requester_.user_id);
    });
    app_->work().activate(requester_, project_id_);
  }

  Principal worker(int n) {
    auto w = user("w" + std::to_string(n) + "@example.org", Role::worker);
    accounts::ProfileUpdate payout_method;
    payout_method.payout_method = R"({"provider": "paypal", "receiver": "w)" + std::to_string(n) + R"(@example.org"})";
    app_->accounts().update_profile(w.user_id, payout_method);
    return w;
  }

  std::int64_t complete_one(const Principal& w) {
    auto a = app_->work().claim(w, project_id_);
    clock_.advance(5 * kMicrosPerSecond);
    app_->work().submit(w, a.assignment.id, {{"label", "yes"}});
    return a.assignment.task_id;
  }

  std::int64_t count(const std::string& sql) {
    return store::transact(app_->database(), store::TxMode::read,
                           [&](store::Connection& c) { return c.execute(sql).single().integer(0); });
  }

  webhooks::Subscription subscribe(const std::string& url, std::vector<std::string> events) {
    return app_->webhooks().create(requester_, project_id_, {url, std::move(events), "", true});
  }

  ManualClock clock_{1'800'000'000'000'000};
  AppConfig config_;
  std::unique_ptr<testing::TestDatabase> database_;
  std::unique_ptr<Application> app_;
  Principal requester_;
  std::int64_t project_id_ = 0;
};

TEST_P(WebhooksAppTest, TaskAndBatchCompletedAreRecordedWithTheResultAndDelivered) {
  live_project(2);
  TestReceiver receiver;
  subscribe(receiver.url(), {webhooks::kTaskCompleted, webhooks::kBatchCompleted});
  auto first = worker(1);
  auto task_a = complete_one(first);
  EXPECT_EQ(count("SELECT COUNT(*) FROM webhook_events WHERE type = 'task.completed'"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM webhook_events WHERE type = 'batch.completed'"), 0);
  auto task_b = complete_one(first);
  EXPECT_EQ(count("SELECT COUNT(*) FROM webhook_events WHERE type = 'task.completed'"), 2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM webhook_events WHERE type = 'batch.completed'"), 1);

  app_->run_deadlines();
  auto got = receiver.received();
  ASSERT_EQ(got.size(), 3u);
  std::map<std::string, json> by_type;
  std::vector<std::int64_t> tasks;
  for (const auto& r : got) {
    auto body = json::parse(r.body);
    by_type[body["type"]] = body;
    if (body["type"] == "task.completed") tasks.push_back(body["data"]["task_id"]);
  }
  EXPECT_EQ(tasks, (std::vector<std::int64_t>{task_a, task_b}));
  const auto& task = by_type.at("task.completed");
  EXPECT_EQ(task["project_id"], project_id_);
  EXPECT_EQ(task["data"]["result"]["label"], "yes");
  EXPECT_DOUBLE_EQ(task["data"]["confidence"].get<double>(), 1.0);
  const auto& batch = by_type.at("batch.completed");
  EXPECT_EQ(batch["data"]["tasks"], 2);
  EXPECT_EQ(batch["data"]["last_task_id"], task_b);
}

TEST_P(WebhooksAppTest, AnEventRollsBackWithTheTransactionThatCompletesTheTask) {
  live_project(1);
  TestReceiver receiver;
  subscribe(receiver.url(), {webhooks::kTaskCompleted, webhooks::kBatchCompleted});
  // Something after the event fails in the completing transaction.
  app_->work().set_task_completion_hook([](store::Connection& c, const work::CompletedTask& t) {
    webhooks::task_completed(c, t.project_id, t.task_id, t.result, t.confidence_ppm, t.completed_at);
    throw Error::conflict("later_step_failed", "a later step of the acceptance failed");
  });
  auto w = worker(1);
  auto a = app_->work().claim(w, project_id_);
  EXPECT_THROW(app_->work().submit(w, a.assignment.id, {{"label", "no"}}), Error);
  EXPECT_EQ(count("SELECT COUNT(*) FROM webhook_events"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM webhook_deliveries"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM tasks WHERE status = 'complete'"), 0);
  app_->run_deadlines();
  EXPECT_TRUE(receiver.received().empty());
}

TEST_P(WebhooksAppTest, PayoutSentNamesTheWorkerByTheirProjectPseudonymOnly) {
  live_project(3);
  TestReceiver receiver;
  subscribe(receiver.url(), {webhooks::kPayoutSent});
  auto w = worker(1);
  for (int i = 0; i < 3; ++i) complete_one(w);
  clock_.advance(kMicrosPerHour);
  auto usd = money::Currency::of("USD");
  auto batch = store::transact(app_->database(), store::TxMode::write, [&](store::Connection& c) {
    return app_->payouts().create_batch(c, money::PayoutProvider::paypal, usd, 0, [&](std::int64_t worker_id) {
      return recipient_from_profile(c, worker_id, money::PayoutProvider::paypal);
    });
  });
  ASSERT_EQ(batch.items.size(), 1u);
  EXPECT_EQ(count("SELECT COUNT(*) FROM webhook_events"), 0);  // made, not yet paid
  clock_.advance(kMicrosPerHour);
  // As `fairlabel ledger payout-result --paid` records it: in one transaction.
  auto record_paid = [&] {
    store::transact(app_->database(), store::TxMode::write, [&](store::Connection& c) {
      auto item = app_->payouts().record_result(c, batch.items[0].id, true, "PAYPAL-1", "");
      webhooks::payout_item_paid(c, item.id, clock_.now());
    });
  };
  record_paid();
  record_paid();  // repeating the result records nothing new
  EXPECT_EQ(count("SELECT COUNT(*) FROM webhook_events WHERE type = 'payout.sent'"), 1);

  app_->run_deadlines();
  auto got = receiver.received();
  ASSERT_EQ(got.size(), 1u);
  auto body = json::parse(got[0].body);
  EXPECT_EQ(body["type"], "payout.sent");
  const auto& data = body["data"];
  EXPECT_EQ(data["payout_batch_id"], batch.id);
  EXPECT_EQ(data["payout_item_id"], batch.items[0].id);
  EXPECT_EQ(data["answers"], 3);
  EXPECT_EQ(data["currency"], "USD");
  auto expected = store::transact(app_->database(), store::TxMode::write, [&](store::Connection& c) {
    return exporting::pseudonym(exporting::pseudonym_secret(c, project_id_), w.user_id);
  });
  EXPECT_EQ(data["worker"], expected);
  // Nothing personal: no email, receiver, name or amount.
  EXPECT_EQ(got[0].body.find("example.org"), std::string::npos) << got[0].body;
  EXPECT_FALSE(data.contains("amount"));
  EXPECT_EQ(data.size(), 6u) << data.dump();
}

TEST_P(WebhooksAppTest, TwoServersOnOneDatabaseDeliverEachEventExactlyOnce) {
  live_project(12);
  AppConfig second_config = config_;
  second_config.database_url = database_->url();
  second_config.migrate = false;
  second_config.data_dir = std::filesystem::temp_directory_path() / ("fl-webhooks-" + std::to_string(::getpid()));
  Application second(second_config, clock_);
  TestReceiver receiver({500, 200});  // the very first request answers 500: a retry races too
  auto sub = subscribe(receiver.url(), {webhooks::kTaskCompleted, webhooks::kBatchCompleted});
  for (int n = 0; n < 12; ++n) complete_one(worker(n));
  for (int n = 0; n < 5; ++n) app_->webhooks().send_test(requester_, project_id_, sub.id);
  const auto events = count("SELECT COUNT(*) FROM webhook_events");
  EXPECT_EQ(events, 12 + 1 + 5);

  for (int round = 0; round < 6; ++round) {
    std::thread a([&] { app_->run_deadlines(); });
    std::thread b([&] { second.run_deadlines(); });
    a.join();
    b.join();
    clock_.advance(webhooks::kRetryDelaysUs[0]);
  }
  std::map<std::string, int> received;
  for (const auto& r : receiver.received()) ++received[json::parse(r.body)["id"].get<std::string>()];
  // One attempt answered 500 (retried once), every other one once.
  EXPECT_EQ(receiver.received().size(), static_cast<std::size_t>(events + 1));
  EXPECT_EQ(static_cast<std::int64_t>(received.size()), events);
  int twice = 0;
  for (const auto& [id, n] : received) {
    EXPECT_LE(n, 2) << id;
    if (n == 2) ++twice;
  }
  EXPECT_EQ(twice, 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM webhook_deliveries WHERE state = 'delivered'"), events);
  EXPECT_EQ(count("SELECT CAST(SUM(attempts) AS BIGINT) FROM webhook_deliveries"), events + 1);
  std::filesystem::remove_all(second_config.data_dir);
}

INSTANTIATE_TEST_SUITE_P(Backends, WebhooksAppTest, ::testing::ValuesIn(testing::test_backends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace fairlabel::app
