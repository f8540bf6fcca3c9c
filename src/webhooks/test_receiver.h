#pragma once
// Test helper (header only, for *_test.cc files): a REAL HTTP server on
// 127.0.0.1 (the project's Beast server, http/server.h) that records every
// request it receives and answers with the statuses it is told, in order
// (the last one repeats). No mock: deliveries go through the network stack.
#include <algorithm>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "http/server.h"

namespace fairlabel::webhooks::testing {

class TestReceiver {
 public:
  struct Received {
    std::string path;
    std::map<std::string, std::string> headers;  //!< lowercase names
    std::string body;
  };

  explicit TestReceiver(std::vector<int> statuses = {200}) : statuses_(std::move(statuses)) {
    http::ServerConfig config;
    config.host = "127.0.0.1";
    config.port = 0;
    config.io_threads = 1;
    config.worker_threads = 2;
    server_ = std::make_unique<http::Server>(
        config,
        [this](http::Request& r) {
          std::lock_guard lock(mutex_);
          received_.push_back({r.path, r.headers, r.body});
          int status = statuses_.empty() ? 200 : statuses_[std::min(answered_, statuses_.size() - 1)];
          ++answered_;
          return http::Response::text(status, status < 300 ? "ok" : "receiver says no");
        },
        nullptr);
    server_->start();
    thread_ = std::thread([this] { server_->run(); });
  }
  ~TestReceiver() {
    server_->stop();
    thread_.join();
  }

  std::string url(const std::string& path = "/hook") const {
    return "http://127.0.0.1:" + std::to_string(server_->port()) + path;
  }
  std::vector<Received> received() const {
    std::lock_guard lock(mutex_);
    return received_;
  }

 private:
  std::vector<int> statuses_;
  std::size_t answered_ = 0;
  mutable std::mutex mutex_;
  std::vector<Received> received_;
  std::unique_ptr<http::Server> server_;
  std::thread thread_;
};

}  // namespace fairlabel::webhooks::testing
