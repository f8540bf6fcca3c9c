// Load generator: N simulated workers (default 1,000) and M reviewers over
// loopback HTTP against a real `fairlabel serve` child process, for a bounded
// time. Each worker logs in once, then loops claim → heartbeat → submit on
// its own keep-alive connection with no think time; each reviewer loops
// claim-review → accept. All clients are coroutines on one thread (Boost.Asio
// awaitables), so the generator costs little next to the server.
//
// Reports, per request kind: count, errors, p50 / p99 latency; overall
// throughput; the server's peak resident memory (VmHWM of the child).
// "Errors" are transport failures and unexpected statuses — a 409
// "nothing to claim/review right now" is an expected answer under load and
// counted separately (a reviewer then waits 20 ms before asking again).
//
//   FAIRLABEL_BINARY=build/fairlabel build/bench/load_generator --seconds 30
//   ... --db postgresql://postgres@127.0.0.1:55432/loadtest   (a fresh database)
#include <fcntl.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "e2e/prepared_project.h"
#include "store/database.h"
#include "support/server_process.h"

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::awaitable;
using asio::use_awaitable;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {

struct Stats {
  std::vector<double> latency_ms;
  std::int64_t errors = 0;
  std::int64_t busy = 0;  //!< 409: nothing available right now (expected)
};

struct Run {
  std::map<std::string, Stats> by_kind;
  Clock::time_point deadline;
  std::int64_t cycles = 0;
  std::int64_t reviews = 0;
  std::string last_error;
};

struct Reply {
  int status = 0;
  std::string body;
};

//! One keep-alive HTTP/1.1 connection.
class Connection {
 public:
  explicit Connection(asio::any_io_executor ex) : socket_(ex) {}

  awaitable<void> open(unsigned short port) {
    co_await socket_.async_connect({asio::ip::make_address("127.0.0.1"), port}, use_awaitable);
    socket_.set_option(asio::ip::tcp::no_delay(true));
  }

  awaitable<Reply> post(const std::string& target, const std::string& body, const std::string& token) {
    http::request<http::string_body> request{http::verb::post, target, 11};
    request.set(http::field::host, "127.0.0.1");
    request.set(http::field::content_type, "application/json");
    if (!token.empty()) request.set(http::field::authorization, "Bearer " + token);
    request.body() = body;
    request.prepare_payload();
    co_await http::async_write(socket_, request, use_awaitable);
    http::response<http::string_body> response;
    co_await http::async_read(socket_, buffer_, response, use_awaitable);
    co_return Reply{static_cast<int>(response.result_int()), std::move(response.body())};
  }

 private:
  asio::ip::tcp::socket socket_;
  beast::flat_buffer buffer_;
};

//! Sends one request and records its latency under `kind`.
awaitable<Reply> timed(Run& run, Connection& c, const std::string& kind, const std::string& target,
                       const std::string& body, const std::string& token, int ok) {
  auto start = Clock::now();
  Reply reply;
  auto& stats = run.by_kind[kind];
  try {
    reply = co_await c.post(target, body, token);
  } catch (const std::exception& e) {
    ++stats.errors;
    run.last_error = kind + ": " + e.what();
    throw;
  }
  stats.latency_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
  if (reply.status == 409) {
    ++stats.busy;
  } else if (reply.status != ok) {
    ++stats.errors;
    run.last_error = kind + ": " + std::to_string(reply.status) + " " + reply.body.substr(0, 200);
  }
  co_return reply;
}

awaitable<std::string> login(Run& run, Connection& c, const std::string& email) {
  const std::string kind = "login", target = "/api/v1/auth/login", no_token;
  const std::string body = json{{"email", email}, {"password", "a long enough password"}}.dump();
  auto reply = co_await timed(run, c, kind, target, body, no_token, 200);
  if (reply.status != 200) throw std::runtime_error("login failed for " + email);
  co_return json::parse(reply.body).at("token").get<std::string>();
}

awaitable<void> worker(Run& run, unsigned short port, int index, std::int64_t project_id) {
  auto ex = co_await asio::this_coro::executor;
  try {
    Connection c(ex);
    co_await c.open(port);
    auto token = co_await login(run, c, "w" + std::to_string(index) + "@example.org");
    const std::string claim = "/api/v1/work/projects/" + std::to_string(project_id) + "/claim";
    // Strings, not literals, as co_await arguments: g++ 12 cannot keep an
    // array temporary in a coroutine frame.
    const std::string empty = "{}", answer = R"({"payload":{"label":"yes"}})";
    const std::string claim_kind = "claim", heartbeat_kind = "heartbeat", submit_kind = "submit";
    while (Clock::now() < run.deadline) {
      auto claimed = co_await timed(run, c, claim_kind, claim, empty, token, 201);
      if (claimed.status != 201) co_return;  // no task left, or an error (counted)
      auto path = "/api/v1/assignments/" + std::to_string(json::parse(claimed.body).at("id").get<std::int64_t>());
      co_await timed(run, c, heartbeat_kind, path + "/heartbeat", empty, token, 200);
      auto submitted = co_await timed(run, c, submit_kind, path + "/submit", answer, token, 200);
      if (submitted.status == 200) ++run.cycles;
    }
  } catch (const std::exception&) {
    // Counted where it happened; this client stops.
  }
}

awaitable<void> reviewer(Run& run, unsigned short port, int index, std::int64_t project_id) {
  auto ex = co_await asio::this_coro::executor;
  try {
    Connection c(ex);
    co_await c.open(port);
    auto token = co_await login(run, c, "r" + std::to_string(index) + "@example.org");
    const std::string claim = "/api/v1/review/projects/" + std::to_string(project_id) + "/claim";
    const std::string empty = "{}", accept = R"({"verdict":"accept"})";
    const std::string claim_kind = "review_claim", verdict_kind = "verdict";
    asio::steady_timer pause(ex);
    while (Clock::now() < run.deadline) {
      auto claimed = co_await timed(run, c, claim_kind, claim, empty, token, 201);
      if (claimed.status == 409) {
        pause.expires_after(std::chrono::milliseconds(20));
        co_await pause.async_wait(use_awaitable);
        continue;
      }
      if (claimed.status != 201) co_return;
      auto id = json::parse(claimed.body).at("id").get<std::int64_t>();
      auto decided = co_await timed(run, c, verdict_kind, "/api/v1/reviews/" + std::to_string(id) + "/verdict", accept,
                                    token, 200);
      if (decided.status == 200) ++run.reviews;
    }
  } catch (const std::exception&) {
  }
}

double percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  auto rank = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1) + 0.5);
  return values[std::min(rank, values.size() - 1)];
}

std::int64_t peak_rss_kib(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stoll(line.substr(6));
  }
  return -1;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{"Simulated workers and reviewers against a real fairlabel serve"};
  std::string db_url;
  int workers = 1000, reviewers = 50, seconds = 30, tasks = 0;
  cli.add_option("--db", db_url, "Database URL (default: a fresh SQLite file); PostgreSQL: an empty database");
  cli.add_option("--workers", workers, "Simulated workers")->capture_default_str();
  cli.add_option("--reviewers", reviewers, "Simulated reviewers")->capture_default_str();
  cli.add_option("--seconds", seconds, "Length of the run")->capture_default_str();
  cli.add_option("--tasks", tasks, "Tasks to create (default: 2,000 per second of run)");
  CLI11_PARSE(cli, argc, argv);
  if (tasks == 0) tasks = 2000 * seconds;

  auto scratch = std::filesystem::temp_directory_path() / ("fl-load-" + std::to_string(::getpid()));
  std::filesystem::create_directories(scratch);
  if (db_url.empty()) db_url = "sqlite:" + (scratch / "fairlabel.db").string();
  std::int64_t project_id;
  {
    auto db = fairlabel::store::open_database(db_url, 4);
    std::cerr << "preparing " << tasks << " tasks, " << workers << " workers, " << reviewers << " reviewers\n";
    project_id = fairlabel::testing::prepare_live_project(*db, tasks, 1, workers, reviewers);
  }
  // The server's access log (a line per request) goes to a file, not the terminal.
  auto log = scratch / "server.log";
  int saved_stdout = ::dup(1), saved_stderr = ::dup(2);
  int log_fd = ::open(log.c_str(), O_CREAT | O_WRONLY | O_TRUNC, 0644);
  ::dup2(log_fd, 1);
  ::dup2(log_fd, 2);
  fairlabel::testing::ServerProcess server(db_url, scratch, {"--worker-threads", "8"});
  ::dup2(saved_stdout, 1);
  ::dup2(saved_stderr, 2);
  ::close(log_fd);

  Run run;
  asio::io_context io;
  auto start = Clock::now();
  run.deadline = start + std::chrono::seconds(seconds);
  for (int i = 0; i < workers; ++i) asio::co_spawn(io, worker(run, server.port(), i, project_id), asio::detached);
  for (int i = 0; i < reviewers; ++i) {
    asio::co_spawn(io, reviewer(run, server.port(), i, project_id), asio::detached);
  }
  io.run();
  double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  auto rss = peak_rss_kib(server.pid());

  std::int64_t requests = 0, errors = 0;
  std::cout << "backend: " << (db_url.rfind("postgres", 0) == 0 ? "PostgreSQL" : "SQLite") << ", " << workers
            << " workers + " << reviewers << " reviewers, " << seconds << " s\n";
  std::printf("%-13s %9s %7s %7s %9s %9s\n", "request", "count", "errors", "409", "p50 ms", "p99 ms");
  for (const auto& [kind, s] : run.by_kind) {
    requests += static_cast<std::int64_t>(s.latency_ms.size());
    errors += s.errors;
    std::printf("%-13s %9zu %7lld %7lld %9.2f %9.2f\n", kind.c_str(), s.latency_ms.size(),
                static_cast<long long>(s.errors), static_cast<long long>(s.busy), percentile(s.latency_ms, 0.5),
                percentile(s.latency_ms, 0.99));
  }
  std::printf("requests/s: %.0f   work cycles/s: %.0f   reviews/s: %.0f   errors: %lld\n",
              static_cast<double>(requests) / elapsed, static_cast<double>(run.cycles) / elapsed,
              static_cast<double>(run.reviews) / elapsed, static_cast<long long>(errors));
  std::printf("server peak RSS: %.1f MiB\n", static_cast<double>(rss) / 1024.0);
  if (errors) std::cout << "last error: " << run.last_error << "\n";
  std::filesystem::remove_all(scratch);
  return errors == 0 ? 0 : 1;
}
