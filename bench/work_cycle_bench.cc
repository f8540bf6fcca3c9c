// Work cycles per second over HTTP: claim + heartbeat + submit, by many
// concurrent workers, against the real Application and HTTP server on
// loopback — once with one durable transaction per request (the baseline:
// `serve --group-commit off`) and once with group commit (the default),
// alternating rounds on the same database so noise hits both alike.
//
// Each round also measures the ceiling: `GET /api/v1/hello` (no database, no
// session lookup) by the same client threads, with the same client code and
// headers, against the same Application and server configuration. A cycle is
// three requests, so hello-world requests/s ÷ 3 bounds the cycles/s any
// database could reach on this machine with this client and server.
//
//   work_cycle_bench [--db URL] [--clients 64] [--seconds 3] [--rounds 5] [--tasks 120000]
//                    [--handler-threads 8] [--only baseline|group|hello]
//
// Without --db it uses a fresh SQLite file (WAL, synchronous=FULL) in a
// temporary folder. Prints each round and the medians, their ratio and the
// ceiling. `--only MODE` runs just that mode's rounds; under
// `valgrind --tool=callgrind --instr-atstart=no` only the measured window of
// each round is instrumented (logins and set-up are not), and the bench
// prints how many cycles (or requests) that window completed, so the
// instruction count divides into a cost per cycle.
#include <spdlog/sinks/null_sink.h>
#include <spdlog/spdlog.h>
#include <sys/resource.h>
#include <valgrind/callgrind.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <latch>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "app/application.h"
#include "e2e/prepared_project.h"
#include "http/server.h"
#include "store/database.h"
#include "store/migrations.h"
#include "support/http_client.h"

using namespace fairlabel;
using nlohmann::json;

namespace {

struct Setup {
  std::int64_t project_id = 0;
};

Setup prepare(store::Database& db, int tasks, int workers) {
  return {fairlabel::testing::prepare_live_project(db, tasks, 1, workers)};
}

//! The top-level "id" of a JSON object, found by scanning: the claim's
//! reply is the whole assignment view (task, rules, instructions, events),
//! and parsing it into a document to read one number cost the client ~94,000
//! instructions per claim under callgrind (4% of the process), taken from
//! the two cores the server is measured on. 0 if there is none.
std::int64_t top_level_id(const std::string& body) {
  int depth = 0;
  for (std::size_t i = 0; i < body.size(); ++i) {
    const char c = body[i];
    if (c == '{' || c == '[') {
      ++depth;
    } else if (c == '}' || c == ']') {
      --depth;
    } else if (c == '"') {
      const std::size_t start = i + 1;
      for (++i; i < body.size() && body[i] != '"'; ++i) {
        if (body[i] == '\\') ++i;
      }
      if (depth != 1 || body.compare(start, i - start, "id") != 0) continue;
      std::size_t value = i + 1;
      while (value < body.size() && body[value] == ' ') ++value;
      if (value == body.size() || body[value] != ':') continue;  // a value "id", not the key
      for (++value; value < body.size() && body[value] == ' ';) ++value;
      std::int64_t id = 0;
      std::from_chars(body.data() + value, body.data() + body.size(), id);
      return id;
    }
  }
  return 0;
}

//! What a round's clients do: full work cycles with one commit per request
//! (the baseline) or with group commit, or hello-world requests (the ceiling).
enum class Mode { baseline, group_commit, hello };

struct RoundResult {
  double per_second = 0;  //!< cycles/s, or requests/s for Mode::hello
  long measured = 0;      //!< cycles (requests) completed in the measured window
  //! CPU time (user + system, all threads: clients and server) per cycle
  //! (request) in the measured window, in µs. Less at the mercy of other
  //! load on the machine than the rate is.
  double cpu_us_per_unit = 0;
};

//! CPU time this process has used so far (user + system, all threads), in µs.
double process_cpu_us() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto us = [](const timeval& t) { return static_cast<double>(t.tv_sec) * 1e6 + static_cast<double>(t.tv_usec); };
  return us(usage.ru_utime) + us(usage.ru_stime);
}

//! One round: cycles (or hello-world requests) completed per second.
//! The server's handler threads (http::ServerConfig::worker_threads).
int g_handler_threads = 8;

RoundResult run_round(store::Database& db, const Setup& setup, Mode mode, int clients, int seconds) {
  SystemClock clock;
  app::AppConfig config;
  config.migrate = false;
  // The hello rounds run the default configuration (group commit on SQLite);
  // they never touch the database.
  if (mode != Mode::hello) config.group_commit = mode == Mode::group_commit;
  app::Application app(db, config, clock);
  http::ServerConfig server_config;
  server_config.port = 0;
  server_config.worker_threads = g_handler_threads;
  http::Server server(
      server_config, [&app](http::Request& r) { return app.api().handle(r); }, &app.metrics());
  server.start();
  std::thread serving([&] { server.run(); });

  std::atomic<long> cycles{0};
  std::atomic<long> errors{0};
  std::atomic<bool> stop{false};
  std::latch ready(clients);
  std::vector<std::thread> threads;
  const std::string claim = "/api/v1/work/projects/" + std::to_string(setup.project_id) + "/claim";
  for (int i = 0; i < clients; ++i) {
    threads.emplace_back([&, i] {
      fairlabel::testing::HttpClient client("127.0.0.1", server.port());
      auto login = client.post("/api/v1/auth/login", json{{"email", "w" + std::to_string(i) + "@example.org"},
                                                          {"password", "a long enough password"}});
      fairlabel::testing::HttpClient::Headers auth{
          {"Authorization", "Bearer " + login.json()["token"].get<std::string>()}};
      ready.count_down();
      while (!stop.load()) {
        if (mode == Mode::hello) {
          // Same client, same headers as a cycle's requests; the route ignores them.
          auto hello = client.get("/api/v1/hello", auth);
          if (hello.status == 200) {
            ++cycles;
          } else {
            ++errors;
          }
          continue;
        }
        auto claimed = client.post(claim, json::object(), auth);
        if (claimed.status != 201) {
          ++errors;
          continue;
        }
        auto path = "/api/v1/assignments/" + std::to_string(top_level_id(claimed.body));
        auto beat = client.post(path + "/heartbeat", json{{"active", true}}, auth);
        auto done = client.post(path + "/submit", json{{"payload", {{"label", "yes"}}}}, auth);
        if (beat.status == 200 && done.status == 200) {
          ++cycles;
        } else {
          ++errors;
        }
      }
    });
  }
  ready.wait();
  CALLGRIND_ZERO_STATS;
  CALLGRIND_START_INSTRUMENTATION;
  long before = cycles.load();
  const double cpu_before = process_cpu_us();
  auto start = std::chrono::steady_clock::now();
  std::this_thread::sleep_for(std::chrono::seconds(seconds));
  long after = cycles.load();
  const double cpu_used = process_cpu_us() - cpu_before;
  CALLGRIND_STOP_INSTRUMENTATION;
  CALLGRIND_DUMP_STATS;
  double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  stop = true;
  for (auto& t : threads) t.join();
  server.stop();
  serving.join();
  if (errors.load() > 0) std::fprintf(stderr, "  (%ld failed cycles)\n", errors.load());
  const long measured = after - before;
  return {static_cast<double>(measured) / elapsed, measured, measured > 0 ? cpu_used / static_cast<double>(measured) : 0};
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{"Work cycles (claim + heartbeat + submit) per second over HTTP, batched vs one commit per request"};
  std::string url;
  int clients = 64, seconds = 3, rounds = 5, tasks = 120000;
  std::string only;
  cli.add_option("--db", url, "Database URL (default: a fresh SQLite file)");
  cli.add_option("--clients", clients, "Concurrent workers")->capture_default_str();
  cli.add_option("--seconds", seconds, "Length of each round")->capture_default_str();
  cli.add_option("--rounds", rounds, "Rounds per mode (alternating)")->capture_default_str();
  cli.add_option("--tasks", tasks, "Tasks to create (each cycle uses one)")->capture_default_str();
  cli.add_option("--handler-threads", g_handler_threads, "The server's handler threads")->capture_default_str();
  cli.add_option("--only", only, "Run only this mode's rounds (for profiling)")
      ->check(CLI::IsMember({"baseline", "group", "hello"}));
  CLI11_PARSE(cli, argc, argv);
  // The server writes one access-log line per request; the benchmark
  // measures the work, not the terminal, so the log goes nowhere here.
  spdlog::register_logger(std::make_shared<spdlog::logger>("access", std::make_shared<spdlog::sinks::null_sink_mt>()));

  std::filesystem::path dir;
  if (url.empty()) {
    dir = std::filesystem::temp_directory_path() / ("fl-cycle-bench-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    url = "sqlite:" + (dir / "bench.db").string();
  }
  auto db = store::open_database(url, 10);
  SystemClock system_clock;
  store::migrate(*db, system_clock);
  std::printf("database: %s, %d clients, %d handler threads, %d rounds of %d s\n", db->describe().c_str(), clients,
              g_handler_threads, rounds, seconds);
  auto setup = prepare(*db, tasks, clients);

  if (!only.empty()) {
    const Mode mode = only == "baseline" ? Mode::baseline : only == "group" ? Mode::group_commit : Mode::hello;
    const char* unit = mode == Mode::hello ? "requests" : "cycles";
    for (int r = 1; r <= rounds; ++r) {
      auto result = run_round(*db, setup, mode, clients, seconds);
      std::printf("round %d: %s %.0f %s/s (%ld %s in the measured window, %.0f µs CPU each)\n", r, only.c_str(),
                  result.per_second, unit, result.measured, unit, result.cpu_us_per_unit);
      std::fflush(stdout);
    }
  } else {
    std::vector<double> baseline, batched, hello, baseline_cpu, batched_cpu, hello_cpu;
    for (int r = 1; r <= rounds; ++r) {
      const auto one = run_round(*db, setup, Mode::baseline, clients, seconds);
      const auto group = run_round(*db, setup, Mode::group_commit, clients, seconds);
      const auto ceiling = run_round(*db, setup, Mode::hello, clients, seconds);
      baseline.push_back(one.per_second);
      batched.push_back(group.per_second);
      hello.push_back(ceiling.per_second);
      baseline_cpu.push_back(one.cpu_us_per_unit);
      batched_cpu.push_back(group.cpu_us_per_unit);
      hello_cpu.push_back(ceiling.cpu_us_per_unit);
      std::printf(
          "round %d: one commit per request %.0f cycles/s, group commit %.0f cycles/s, hello-world %.0f requests/s\n",
          r, baseline.back(), batched.back(), hello.back());
      std::fflush(stdout);
    }
    double b = median(baseline), g = median(batched), h = median(hello);
    std::printf("median one commit per request (baseline): %.0f cycles/s\n", b);
    std::printf("median group commit:                      %.0f cycles/s\n", g);
    std::printf("ratio group commit / baseline:            %.1fx\n", g / b);
    std::printf("median CPU per cycle (user + system, clients and server): one commit per request %.0f µs, "
                "group commit %.0f µs; per hello-world request %.0f µs\n",
                median(baseline_cpu), median(batched_cpu), median(hello_cpu));
    std::printf("ceiling: hello-world %.0f requests/s / 3 = %.0f cycles/s = %.1fx the baseline\n", h, h / 3,
                h / 3 / b);
  }
  db.reset();
  if (!dir.empty()) std::filesystem::remove_all(dir);
  return 0;
}
