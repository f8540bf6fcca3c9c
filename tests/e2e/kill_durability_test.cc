// Durability under group commit: 32 workers claim and submit as fast as
// they can against a real `fairlabel serve`; the process is killed with
// SIGKILL mid-flight. Every submission that was acknowledged (200) must be
// in the database afterwards, and the server must start again on it.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "e2e/prepared_project.h"
#include "support/http_client.h"
#include "support/server_process.h"
#include "support/test_databases.h"

namespace fairlabel {
namespace {

using nlohmann::json;

constexpr int kWorkers = 32;
constexpr int kAcknowledgedBeforeKill = 300;

class KillDurabilityTest : public ::testing::TestWithParam<std::string> {};

TEST_P(KillDurabilityTest, EveryAcknowledgedSubmissionSurvivesKillNine) {
  auto database = testing::TestDatabase::create(GetParam());
  auto data_dir = std::filesystem::temp_directory_path() / ("fl-kill-" + std::to_string(::getpid()) + GetParam());
  std::filesystem::create_directories(data_dir);
  const std::int64_t project_id = testing::prepare_live_project(database.db(), 5000, 1, kWorkers);
  const std::string claim_path = "/api/v1/work/projects/" + std::to_string(project_id) + "/claim";

  std::mutex mutex;
  std::set<std::int64_t> acknowledged;
  std::atomic<bool> killed{false};
  {
    testing::ServerProcess server(database.url(), data_dir, {"--group-commit", "on"});
    std::vector<std::thread> workers;
    for (int i = 0; i < kWorkers; ++i) {
      workers.emplace_back([&, i] {
        try {
          testing::HttpClient client("127.0.0.1", server.port(), std::chrono::seconds(10));
          auto login = client.post("/api/v1/auth/login", json{{"email", "w" + std::to_string(i) + "@example.org"},
                                                              {"password", "a long enough password"}});
          testing::HttpClient::Headers auth{{"Authorization", "Bearer " + login.json()["token"].get<std::string>()}};
          while (!killed.load()) {
            auto claim = client.post(claim_path, json::object(), auth);
            if (claim.status != 201) return;
            auto id = claim.json()["id"].get<std::int64_t>();
            auto submit = client.post("/api/v1/assignments/" + std::to_string(id) + "/submit",
                                      json{{"payload", {{"label", "yes"}}}}, auth);
            if (submit.status == 200) {
              std::lock_guard lock(mutex);
              acknowledged.insert(id);
            }
          }
        } catch (const std::exception&) {
          // The server died under us: expected once it is killed.
        }
      });
    }
    // Wait (bounded) until enough work was acknowledged, then pull the plug
    // while the other workers' requests are still in flight.
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    for (;;) {
      {
        std::lock_guard lock(mutex);
        if (acknowledged.size() >= kAcknowledgedBeforeKill) break;
      }
      ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "too few acknowledgements to test with";
      std::this_thread::yield();
    }
    server.kill_hard();
    killed = true;
    for (auto& t : workers) t.join();
  }
  std::set<std::int64_t> acked;
  {
    std::lock_guard lock(mutex);
    acked = acknowledged;
  }
  ASSERT_GE(acked.size(), static_cast<std::size_t>(kAcknowledgedBeforeKill));

  // Restart, as an operator would after the crash, then look at the data.
  database.reopen();
  {
    testing::ServerProcess again(database.url(), data_dir);
    testing::HttpClient client("127.0.0.1", again.port());
    EXPECT_EQ(client.get("/readyz").status, 200);
  }
  auto lease = database.db().acquire();
  std::size_t missing = 0;
  for (auto id : acked) {
    auto r = lease->execute("SELECT status, payload IS NOT NULL FROM assignments WHERE id = $1", {id});
    if (r.empty() || r.single().text(0) == "leased" || r.single().integer(1) == 0) ++missing;
  }
  EXPECT_EQ(missing, 0u) << "of " << acked.size() << " acknowledged submissions";
  std::filesystem::remove_all(data_dir);
}

INSTANTIATE_TEST_SUITE_P(Backends, KillDurabilityTest, ::testing::ValuesIn(testing::test_backends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace fairlabel
