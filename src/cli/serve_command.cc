#include <signal.h>
#include <spdlog/spdlog.h>

#include <charconv>
#include <condition_variable>
#include <filesystem>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "app/demo.h"
#include "cli/commands.h"
#include "core/error.h"
#include "http/server.h"
#include "webui/static_site.h"

namespace fairlabel::cli {
namespace {

struct ServeOptions {
  DatabaseOptions database;
  std::string listen = "127.0.0.1:8080";
  bool demo = false;
  std::string group_commit = "auto";
  int io_threads = 2;
  int worker_threads = 8;
  std::size_t body_limit = 1 << 20;
  std::string web_dir;  //!< "" = look for web/dist (webui::find_default_web_root)
  bool no_web = false;
  std::string payout_schedule;  //!< "" = no scheduled payouts (money/payout_schedule.h)
  bool webhooks_allow_private = false;
};

//! The web UI to serve: --web DIR (which must hold a build), else the
//! default places; null (API only) with --no-web or when none is built.
std::shared_ptr<const webui::StaticSite> load_web_ui(const ServeOptions& options) {
  if (options.no_web) return nullptr;
  std::optional<std::filesystem::path> root;
  if (!options.web_dir.empty()) {
    root = options.web_dir;
  } else {
    std::error_code ec;
    root = webui::find_default_web_root(std::filesystem::read_symlink("/proc/self/exe", ec),
                                        std::filesystem::current_path(ec));
    if (!root) {
      spdlog::warn("no web UI build found (web/dist); serving the API only. Build it with scripts/build.sh");
      return nullptr;
    }
  }
  auto site = std::make_shared<const webui::StaticSite>(*root);
  spdlog::info("web UI: {} files from {}", site->file_count(), root->string());
  return site;
}

//! "HOST:PORT" or "[v6]:PORT".
std::pair<std::string, unsigned short> parse_listen(const std::string& listen) {
  auto colon = listen.rfind(':');
  std::string host = colon == std::string::npos ? "" : listen.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  unsigned port = 0;
  std::string port_text = colon == std::string::npos ? "" : listen.substr(colon + 1);
  auto [ptr, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (host.empty() || ec != std::errc() || ptr != port_text.data() + port_text.size() || port > 65535) {
    throw Error::invalid("invalid_listen",
                         "--listen must be HOST:PORT, such as 127.0.0.1:8080, not \"" + listen + "\"");
  }
  return {host, static_cast<unsigned short>(port)};
}

}  // namespace

void add_serve_command(CLI::App& root) {
  auto options = std::make_shared<ServeOptions>();
  CLI::App* serve = root.add_subcommand("serve", "Run the HTTP server (API and web UI)");
  options->database.add_to(*serve);
  serve->add_option("--listen", options->listen, "Address to listen on, HOST:PORT")->capture_default_str();
  serve->add_flag("--demo", options->demo, "Seed demo accounts and projects before serving (idempotent)");
  serve->add_option("--io-threads", options->io_threads, "Threads doing network I/O")->capture_default_str();
  serve->add_option("--worker-threads", options->worker_threads, "Threads running request handlers")
      ->capture_default_str();
  serve
      ->add_option(
          "--group-commit", options->group_commit,
          "Share one durable commit among concurrent write requests (auto|on|off; auto: on for SQLite, off for "
          "PostgreSQL)")
      ->check(CLI::IsMember({"auto", "on", "off"}))
      ->capture_default_str();
  serve->add_option("--body-limit", options->body_limit, "Largest request body in bytes")->capture_default_str();
  serve->add_option("--web", options->web_dir,
                    "Folder of the built web UI (default: ./web/dist, else web/dist beside the binary's folder)");
  serve->add_flag("--no-web", options->no_web, "Serve the API only, no web UI");
  serve->add_option("--payout-schedule", options->payout_schedule,
                    "Weekly payout batches, e.g. \"mon 09:00 paypal:USD:10.00,bank_csv:PHP:500\" (weekday, hour "
                    "UTC, then provider:currency:minimum for each batch); run once per period even with several "
                    "servers on one database");
  serve->add_flag("--webhooks-allow-private", options->webhooks_allow_private,
                  "Let webhooks target loopback, private and link-local addresses (refused by default: a "
                  "requester could otherwise make the server call services on its own network)");
  serve->callback([options] {
    auto [host, port] = parse_listen(options->listen);
    std::optional<money::PayoutSchedule> payout_schedule;
    if (!options->payout_schedule.empty()) payout_schedule = money::parse_payout_schedule(options->payout_schedule);
    auto web_ui = load_web_ui(*options);

    // Block SIGTERM and SIGINT in every thread (they inherit this mask); one
    // thread waits for them and asks the server to drain and stop.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    SystemClock clock;
    app::AppConfig config = options->database.app_config();
    if (options->group_commit != "auto") config.group_commit = options->group_commit == "on";
    // The demo has no payment provider: requesters fund their own projects.
    config.sandbox_funding = options->demo;
    config.database_pool_size = options->worker_threads;
    config.payout_schedule = payout_schedule;
    config.webhooks.allow_private = options->webhooks_allow_private;
    config.webhooks_in_deadline_run = false;  // the webhook runner below sends them
    app::Application application(config, clock);
    spdlog::info("database {}", application.database().describe());
    if (options->demo) {
      for (const auto& account : app::seed_demo(application)) {
        spdlog::info("demo account {:<9} {} (password: {})", account.role, account.email, app::kDemoPassword);
      }
    }

    http::ServerConfig server_config;
    server_config.host = host;
    server_config.port = port;
    server_config.io_threads = options->io_threads;
    server_config.worker_threads = options->worker_threads;
    server_config.body_limit_bytes = options->body_limit;
    http::Handler api = [&application](http::Request& request) { return application.api().handle(request); };
    http::Handler handler =
        web_ui ? webui::web_and_api_handler(
                     web_ui, api, [&application](http::Request& request) { return application.api().owns(request); })
               : api;
    http::Server server(server_config, handler, &application.metrics());
    server.start();
    spdlog::info("fairlabel serving on http://{}:{}", host, server.port());

    std::thread signal_waiter([&server, signals] {
      int received = 0;
      sigwait(&signals, &received);
      spdlog::info("received {}, draining in-flight requests", received == SIGTERM ? "SIGTERM" : "SIGINT");
      server.stop();
    });
    // Deadlines (expired leases, unanswered reviews) are applied every second.
    std::mutex deadline_mutex;
    std::condition_variable deadline_wake;
    bool stopping = false;
    std::thread deadline_runner([&] {
      std::unique_lock lock(deadline_mutex);
      while (!deadline_wake.wait_for(lock, std::chrono::seconds(1), [&] { return stopping; })) {
        lock.unlock();
        try {
          application.run_deadlines();
        } catch (const std::exception& e) {
          spdlog::error("deadline run failed: {}", e.what());
        }
        lock.lock();
      }
    });
    // Webhook deliveries, every second too, on their own thread: a slow or
    // dead receiver waits out its timeout here, not in the deadline jobs.
    std::thread webhook_runner([&] {
      std::unique_lock lock(deadline_mutex);
      while (!deadline_wake.wait_for(lock, std::chrono::seconds(1), [&] { return stopping; })) {
        lock.unlock();
        try {
          application.deliver_webhooks();
        } catch (const std::exception& e) {
          spdlog::error("webhook delivery run failed: {}", e.what());
        }
        lock.lock();
      }
    });
    server.run();
    {
      std::lock_guard lock(deadline_mutex);
      stopping = true;
    }
    deadline_wake.notify_all();
    deadline_runner.join();
    webhook_runner.join();
    // run() also returns if the server stopped on its own; wake the waiter.
    pthread_kill(signal_waiter.native_handle(), SIGTERM);
    signal_waiter.join();
    spdlog::info("fairlabel stopped");
  });
}

}  // namespace fairlabel::cli
