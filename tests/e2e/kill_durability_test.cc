// Durability under group commit: 32 workers claim and submit as fast as
// they can against a real `fairlabel serve`; the process is killed with
// SIGKILL mid-flight. Every submission that was acknowledged (200) must be
// in the database afterwards, and the server must start again on it.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <set>

#include "e2e/prepared_project.h"
#include "e2e/submit_until_killed.h"
#include "support/http_client.h"
#include "support/server_process.h"
#include "support/test_databases.h"

namespace fairlabel {
namespace {

constexpr int kWorkers = 32;
constexpr int kAcknowledgedBeforeKill = 300;

class KillDurabilityTest : public ::testing::TestWithParam<std::string> {};

TEST_P(KillDurabilityTest, EveryAcknowledgedSubmissionSurvivesKillNine) {
  auto database = testing::TestDatabase::create(GetParam());
  auto data_dir = std::filesystem::temp_directory_path() / ("fl-kill-" + std::to_string(::getpid()) + GetParam());
  std::filesystem::create_directories(data_dir);
  const std::int64_t project_id = testing::prepare_live_project(database.db(), 5000, 1, kWorkers);

  std::set<std::int64_t> acked;
  {
    testing::ServerProcess server(database.url(), data_dir, {"--group-commit", "on"});
    acked = testing::submit_until_killed(server, project_id, kWorkers, kAcknowledgedBeforeKill);
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
