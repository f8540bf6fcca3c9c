// Crash safety of the real process: `fairlabel serve` under HTTP load is
// killed with SIGKILL again and again (FAIRLABEL_KILL_ROUNDS, default 20),
// each time after a random number of acknowledged requests, and restarted
// on the same database. The clients' log of acknowledged submissions is then
// checked against the database: every one is there, accepted, and paid by
// exactly one ledger transfer; the ledger verifies clean. On SQLite (group
// commit) and on PostgreSQL.
//
// The seed is printed; FAIRLABEL_KILL_SEED=<seed> replays a run's kill
// points (thread timing still varies).
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <thread>

#include "e2e/prepared_project.h"
#include "money/ledger.h"
#include "support/http_client.h"
#include "support/server_process.h"
#include "support/test_databases.h"

namespace fairlabel {
namespace {

using nlohmann::json;

constexpr int kLoadWorkers = 16;

int env_int(const char* name, int fallback) {
  const char* value = std::getenv(name);
  return value ? std::atoi(value) : fallback;
}

class RepeatedKillTest : public ::testing::TestWithParam<std::string> {};

TEST_P(RepeatedKillTest, AcknowledgedSubmissionsAndPaySurviveTwentyKills) {
  const int rounds = env_int("FAIRLABEL_KILL_ROUNDS", 20);
  const auto seed =
      static_cast<std::uint32_t>(env_int("FAIRLABEL_KILL_SEED", static_cast<int>(std::random_device{}() & 0x7fffffff)));
  std::cout << "repeated kill: seed " << seed << ", " << rounds << " rounds on " << GetParam() << "\n";
  std::mt19937 random(seed);

  auto database = testing::TestDatabase::create(GetParam());
  auto data_dir = std::filesystem::temp_directory_path() / ("fl-kills-" + std::to_string(::getpid()) + GetParam());
  std::filesystem::create_directories(data_dir);
  const std::int64_t project_id = testing::prepare_live_project(database.db(), 20000, 1, kLoadWorkers);
  const std::string claim_path = "/api/v1/work/projects/" + std::to_string(project_id) + "/claim";

  std::mutex mutex;
  std::set<std::int64_t> acknowledged;  // submissions answered 200
  std::int64_t requests_acknowledged = 0;
  int kills = 0;
  for (int round = 0; round < rounds; ++round) {
    const int kill_after = std::uniform_int_distribution<int>(1, 60)(random);
    std::atomic<int> acks_this_round{0};
    std::atomic<bool> killed{false};
    testing::ServerProcess server(database.url(), data_dir);
    std::vector<std::thread> workers;
    for (int i = 0; i < kLoadWorkers; ++i) {
      workers.emplace_back([&, i] {
        try {
          testing::HttpClient client("127.0.0.1", server.port(), std::chrono::seconds(10));
          auto login = client.post("/api/v1/auth/login", json{{"email", "w" + std::to_string(i) + "@example.org"},
                                                              {"password", "a long enough password"}});
          if (login.status != 200) return;
          testing::HttpClient::Headers auth{{"Authorization", "Bearer " + login.json()["token"].get<std::string>()}};
          while (!killed.load()) {
            auto claim = client.post(claim_path, json::object(), auth);
            if (claim.status != 201) return;
            ++acks_this_round;
            auto id = claim.json()["id"].get<std::int64_t>();
            const std::string path = "/api/v1/assignments/" + std::to_string(id);
            if (client.post(path + "/heartbeat", json::object(), auth).status == 200) ++acks_this_round;
            auto submit = client.post(path + "/submit", json{{"payload", {{"label", "yes"}}}}, auth);
            if (submit.status == 200) {
              ++acks_this_round;
              std::lock_guard lock(mutex);
              acknowledged.insert(id);
            }
          }
        } catch (const std::exception&) {
          // The server died under us: expected once it is killed.
        }
      });
    }
    // Kill at a random point of the load: after `kill_after` acknowledged
    // requests, while the other workers' requests are in flight.
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (acks_this_round.load() < kill_after && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::yield();
    }
    ASSERT_GE(acks_this_round.load(), kill_after) << "round " << round << ": the server answered too little";
    server.kill_hard();
    killed = true;
    ++kills;
    for (auto& t : workers) t.join();
    requests_acknowledged += acks_this_round.load();
    database.reopen();
  }

  // A last restart, as an operator would, then look at the data.
  {
    testing::ServerProcess again(database.url(), data_dir);
    testing::HttpClient client("127.0.0.1", again.port());
    EXPECT_EQ(client.get("/readyz").status, 200);
  }
  std::cout << "repeated kill: " << kills << " kills survived, " << requests_acknowledged
            << " requests acknowledged, of which " << acknowledged.size() << " submissions\n";
  auto lease = database.db().acquire();
  std::size_t missing = 0, unpaid = 0;
  for (auto id : acknowledged) {
    auto r = lease->execute("SELECT status FROM assignments WHERE id = $1", {id});
    if (r.empty() || r.single().text(0) != "accepted") ++missing;
    auto paid = lease->execute(
        "SELECT COUNT(*) FROM ledger_transfers WHERE cause_kind = 'assignment' AND cause_id = $1 AND reason = "
        "'piece_rate' AND kind = 'posted'",
        {id});
    if (paid.single().integer(0) != 1) ++unpaid;
  }
  EXPECT_EQ(kills, rounds);
  EXPECT_EQ(missing, 0u) << "of " << acknowledged.size() << " acknowledged submissions";
  EXPECT_EQ(unpaid, 0u) << "acknowledged submissions without exactly one pay transfer";
  auto violations = money::Ledger::verify(*lease);
  EXPECT_TRUE(violations.empty()) << violations.size() << " ledger violations after " << kills << " kills";
  std::filesystem::remove_all(data_dir);
}

INSTANTIATE_TEST_SUITE_P(Backends, RepeatedKillTest, ::testing::ValuesIn(testing::test_backends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace fairlabel
