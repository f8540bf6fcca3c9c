// The webhook outbox under kill -9: workers complete tasks against a real
// `fairlabel serve` (each acknowledged submission completes a task, whose
// task.completed event is written in the same transaction) while a real
// receiver on 127.0.0.1 takes the deliveries; the server is killed with
// SIGKILL mid-flight. Every acknowledged completion must have its event and
// delivery in the database, and after a restart every queued delivery must
// reach the receiver (the one the killed process may have been sending
// waits out its lease, and is not waited for here).
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "e2e/prepared_project.h"
#include "e2e/submit_until_killed.h"
#include "support/http_client.h"
#include "support/server_process.h"
#include "support/test_databases.h"
#include "webhooks/test_receiver.h"

namespace fairlabel {
namespace {

using nlohmann::json;

constexpr int kWebhookWorkers = 8;
constexpr int kWebhookAcksBeforeKill = 100;

class WebhookKillTest : public ::testing::TestWithParam<std::string> {};

TEST_P(WebhookKillTest, EveryAcknowledgedCompletionKeepsItsEventAndIsDeliveredAfterARestart) {
  auto database = testing::TestDatabase::create(GetParam());
  auto data_dir =
      std::filesystem::temp_directory_path() / ("fl-webhook-kill-" + std::to_string(::getpid()) + GetParam());
  std::filesystem::create_directories(data_dir);
  const std::int64_t project_id = testing::prepare_live_project(database.db(), 2000, 1, kWebhookWorkers);
  webhooks::testing::TestReceiver receiver;
  {
    auto lease = database.db().acquire();
    lease->execute(
        "INSERT INTO webhook_subscriptions (project_id, url, events, secret, active, description, created_by, "
        "created_at, updated_at) VALUES ($1, $2, '[\"task.completed\"]', 'whsec_e2e', 1, '', 1, 0, 0)",
        {project_id, receiver.url()});
  }

  std::set<std::int64_t> acked;
  {
    testing::ServerProcess server(database.url(), data_dir, {"--webhooks-allow-private"});
    acked = testing::submit_until_killed(server, project_id, kWebhookWorkers, kWebhookAcksBeforeKill);
  }

  database.reopen();
  {
    auto lease = database.db().acquire();
    std::size_t missing = 0;
    for (auto id : acked) {
      auto r = lease->execute(
          "SELECT COUNT(*) FROM assignments a JOIN webhook_events e ON e.source_key = 'task:' || CAST(a.task_id AS "
          "TEXT) || ':completed' JOIN webhook_deliveries d ON d.event_row = e.id WHERE a.id = $1",
          {id});
      if (r.single().integer(0) != 1) ++missing;
    }
    EXPECT_EQ(missing, 0u) << "of " << acked.size() << " acknowledged completions";
  }

  // Restart: the queue drains to the receiver (the server's webhook job
  // runs every second).
  {
    testing::ServerProcess again(database.url(), data_dir, {"--webhooks-allow-private"});
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    for (;;) {
      auto lease = database.db().acquire();
      auto pending =
          lease->execute("SELECT COUNT(*) FROM webhook_deliveries WHERE state = 'pending'").single().integer(0);
      if (pending == 0) break;
      ASSERT_LT(std::chrono::steady_clock::now(), deadline) << pending << " deliveries still pending";
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
  }
  auto lease = database.db().acquire();
  EXPECT_LE(lease->execute("SELECT COUNT(*) FROM webhook_deliveries WHERE state = 'sending'").single().integer(0), 1)
      << "one webhook thread sends one delivery at a time";
  EXPECT_EQ(lease->execute("SELECT COUNT(*) FROM webhook_deliveries WHERE state = 'failed'").single().integer(0), 0);
  std::set<std::string> received;
  for (const auto& r : receiver.received()) received.insert(json::parse(r.body)["id"].get<std::string>());
  auto delivered = lease->execute(
      "SELECT e.event_id FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_row "
      "WHERE d.state = 'delivered'");
  EXPECT_GE(delivered.rows.size(), acked.size() - 1);
  for (const auto& row : delivered.rows) EXPECT_TRUE(received.count(row.text(0))) << row.text(0);
  std::filesystem::remove_all(data_dir);
}

INSTANTIATE_TEST_SUITE_P(Backends, WebhookKillTest, ::testing::ValuesIn(testing::test_backends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace fairlabel
