#pragma once
//! The HTTP/1.1 server (Boost.Beast over Asio).
//!
//! - Keep-alive; a configurable request body limit (larger bodies get 413
//!   problem+json without the body being read into memory); read and idle
//!   timeouts (a slow or silent client is disconnected).
//! - Each request gets a request id (X-Request-Id echoed when the client sent
//!   a sane one — up to 128 of [A-Za-z0-9._-] — else generated) which is set
//!   on the response and logged.
//! - The handler runs on a bounded pool of worker threads (database calls and
//!   password hashing block); the I/O threads only parse and write.
//! - One structured access-log line (JSON, via spdlog) per request: time,
//!   request id, method, route, path, status, bytes, duration, actor. Never
//!   the query string's secrets, the Authorization header or bodies.
//! - Request counts and latency histograms per route and status go to the
//!   Metrics registry (rendered at /metrics by the API layer).
//! - stop() is graceful: the listener closes at once; requests in flight run
//!   to completion and their responses are written (with Connection: close);
//!   idle keep-alive connections are closed; then run() returns. Nothing that
//!   was acknowledged is lost, because a response is only written after the
//!   handler (and so its transaction) finished.

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "http/message.h"
#include "http/metrics.h"

namespace fairlabel::http {

using Handler = std::function<Response(Request&)>;

struct ServerConfig {
  std::string host = "127.0.0.1";
  unsigned short port = 8080;  //!< 0 picks a free port (see Server::port())
  int io_threads = 2;
  int worker_threads = 8;
  std::size_t body_limit_bytes = 1 << 20;  //!< 1 MiB
  //! Uploads (media, imports): requests whose target path ends with one of
  //! `upload_path_suffixes` may carry up to this many bytes; the limit is
  //! chosen from the header, before any of the body is read.
  std::size_t upload_limit_bytes = 512u << 20;  //!< 512 MiB
  std::vector<std::string> upload_path_suffixes = {"/media", "/imports"};
  std::chrono::seconds read_timeout{30};  //!< to receive a whole request (and to send a response)
  std::chrono::seconds idle_timeout{60};  //!< keep-alive connection idle
  //! Max wait for in-flight requests after stop(); when it elapses run()
  //! returns anyway (the destructor still waits for running handlers).
  std::chrono::seconds shutdown_grace{30};
};

class Server {
 public:
  //! `handler` must be thread-safe and must not throw (the API layer turns
  //! every exception into a problem+json response; a throw that escapes
  //! anyway becomes a 500 problem here). `metrics` may be null.
  Server(ServerConfig config, Handler handler, Metrics* metrics);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  //! Binds and listens. Throws std::runtime_error (with the address) if the
  //! port cannot be bound. After start(), port() is the bound port.
  void start();
  unsigned short port() const;

  //! Serves until stop() is called; returns after the graceful drain.
  void run();

  //! Thread-safe: may be called from any thread, several times, before or
  //! during run(). It only posts to the io_context (the drain happens
  //! there), but posting allocates, so it is not async-signal-safe in the
  //! POSIX sense: on a signal, call it from asio::signal_set or a sigwait()
  //! thread, not from a raw signal handler.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace fairlabel::http
