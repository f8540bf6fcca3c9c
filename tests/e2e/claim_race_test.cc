// The claim race: 64 concurrent clients claim from one project with overlap
// 3, spread over TWO `fairlabel serve` processes sharing one database (a
// SQLite file, or a PostgreSQL database). Afterwards every slot was handed
// out exactly once: no slot twice, none lost, no worker twice on a task.
//
// The test process prepares the database through the Application (fast
// password hashes), then starts the real binary twice on it.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "app/application.h"
#include "e2e/prepared_project.h"
#include "support/http_client.h"
#include "support/server_process.h"
#include "support/test_databases.h"

namespace fairlabel {
namespace {

using nlohmann::json;

constexpr int kClients = 64;
constexpr int kTasks = 50;
constexpr int kOverlap = 3;

class ClaimRaceTest : public ::testing::TestWithParam<std::string> {};

TEST_P(ClaimRaceTest, SixtyFourClientsTwoProcessesNoSlotTwiceNoneLost) {
  auto database = testing::TestDatabase::create(GetParam());
  auto data_dir = std::filesystem::temp_directory_path() / ("fl-race-" + std::to_string(::getpid()) + GetParam());
  std::filesystem::create_directories(data_dir);
  const std::int64_t project_id = testing::prepare_live_project(database.db(), kTasks, kOverlap, kClients);

  std::map<std::int64_t, int> handed_out;  // assignment id -> times seen
  std::set<std::pair<std::int64_t, std::int64_t>> worker_task;
  std::atomic<int> failures{0};
  int claimed = 0;
  {
    testing::ServerProcess a(database.url(), data_dir), b(database.url(), data_dir);
    std::mutex mutex;
    std::atomic<int> ready{0};
    std::vector<std::thread> clients;
    for (int i = 0; i < kClients; ++i) {
      clients.emplace_back([&, i] {
        testing::HttpClient client("127.0.0.1", i % 2 ? a.port() : b.port());
        auto login = client.post("/api/v1/auth/login", json{{"email", "w" + std::to_string(i) + "@example.org"},
                                                            {"password", "a long enough password"}});
        if (login.status != 200) {
          ++failures;
          return;
        }
        testing::HttpClient::Headers auth{{"Authorization", "Bearer " + login.json()["token"].get<std::string>()}};
        // Start together, so the claims really race.
        ++ready;
        while (ready.load() < kClients) std::this_thread::yield();
        for (;;) {
          auto claim =
              client.post("/api/v1/work/projects/" + std::to_string(project_id) + "/claim", json::object(), auth);
          if (claim.status == 409 && claim.json()["code"] == "no_task_available") return;
          if (claim.status != 201) {
            ++failures;
            ADD_FAILURE() << claim.status << " " << claim.body;
            return;
          }
          auto body = claim.json();
          auto id = body["id"].get<std::int64_t>();
          {
            std::lock_guard lock(mutex);
            ++handed_out[id];
            if (!worker_task.insert({body["worker_id"].get<std::int64_t>(), body["task_id"].get<std::int64_t>()})
                     .second) {
              ADD_FAILURE() << "worker got a task twice: " << body.dump();
            }
            ++claimed;
          }
          // Submit at once, so the worker can claim again.
          auto submit = client.post("/api/v1/assignments/" + std::to_string(id) + "/submit",
                                    json{{"payload", {{"label", i % 3 ? "yes" : "no"}}}}, auth);
          if (submit.status != 200) {
            ++failures;
            ADD_FAILURE() << submit.status << " " << submit.body;
            return;
          }
        }
      });
    }
    for (auto& t : clients) t.join();
  }
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(claimed, kTasks * kOverlap) << "every slot handed out exactly once";
  for (const auto& [id, times] : handed_out) EXPECT_EQ(times, 1) << "assignment " << id;

  // The database agrees: each slot holds one distinct accepted assignment.
  auto lease = database.db().acquire();
  auto& c = *lease;
  EXPECT_EQ(c.execute("SELECT COUNT(*) FROM assignments WHERE status = 'accepted'").single().integer(0),
            kTasks * kOverlap);
  EXPECT_EQ(c.execute("SELECT COUNT(*) FROM task_slots WHERE assignment_id IS NULL").single().integer(0), 0);
  EXPECT_EQ(c.execute("SELECT COUNT(DISTINCT assignment_id) FROM task_slots").single().integer(0), kTasks * kOverlap);
  EXPECT_EQ(c.execute("SELECT COUNT(*) FROM tasks WHERE status = 'complete'").single().integer(0), kTasks);
  std::filesystem::remove_all(data_dir);
}

INSTANTIATE_TEST_SUITE_P(Backends, ClaimRaceTest, ::testing::ValuesIn(testing::test_backends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace fairlabel
