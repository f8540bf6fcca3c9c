#include "store/connection_pool.h"

namespace fairlabel::store {

ConnectionPool::ConnectionPool(int max_size, Opener open) : max_size_(max_size < 1 ? 1 : max_size), open_(std::move(open)) {}

std::unique_ptr<Connection> ConnectionPool::take() {
  std::unique_lock lock(mutex_);
  returned_.wait(lock, [&] { return !idle_.empty() || open_count_ < max_size_; });
  if (!idle_.empty()) {
    auto connection = std::move(idle_.back());
    idle_.pop_back();
    return connection;
  }
  // Reserve the slot, then open without holding the lock (opening a network
  // connection can take a while).
  ++open_count_;
  lock.unlock();
  try {
    return open_();
  } catch (...) {
    discard();
    throw;
  }
}

void ConnectionPool::give_back(std::unique_ptr<Connection> connection) {
  {
    std::lock_guard lock(mutex_);
    idle_.push_back(std::move(connection));
  }
  returned_.notify_one();
}

void ConnectionPool::discard() {
  {
    std::lock_guard lock(mutex_);
    --open_count_;
  }
  returned_.notify_one();
}

}  // namespace fairlabel::store
