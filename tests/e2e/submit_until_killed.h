#pragma once
// The load both kill tests put on a server before pulling its plug: workers
// w0@example.org … (prepare_live_project) claim and submit as fast as they
// can; once `enough` submissions were acknowledged (HTTP 200), the server is
// killed with SIGKILL while the others' requests are still in flight.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "support/http_client.h"
#include "support/server_process.h"

namespace fairlabel::testing {

//! The ids of the assignments whose submission the server acknowledged
//! before it was killed. Adds a test failure when fewer than `enough` were
//! acknowledged within 60 s (the server is killed then all the same).
inline std::set<std::int64_t> submit_until_killed(ServerProcess& server, std::int64_t project_id, int workers,
                                                  std::size_t enough) {
  using nlohmann::json;
  const std::string claim_path = "/api/v1/work/projects/" + std::to_string(project_id) + "/claim";
  std::mutex mutex;
  std::set<std::int64_t> acknowledged;
  std::atomic<bool> killed{false};
  std::vector<std::thread> threads;
  for (int i = 0; i < workers; ++i) {
    threads.emplace_back([&, i] {
      try {
        HttpClient client("127.0.0.1", server.port(), std::chrono::seconds(10));
        auto login = client.post("/api/v1/auth/login", json{{"email", "w" + std::to_string(i) + "@example.org"},
                                                            {"password", "a long enough password"}});
        HttpClient::Headers auth{{"Authorization", "Bearer " + login.json()["token"].get<std::string>()}};
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
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  for (;;) {
    {
      std::lock_guard lock(mutex);
      if (acknowledged.size() >= enough) break;
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      ADD_FAILURE() << "too few acknowledgements to test with";
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  server.kill_hard();
  killed = true;
  for (auto& t : threads) t.join();
  std::lock_guard lock(mutex);
  return acknowledged;
}

}  // namespace fairlabel::testing
