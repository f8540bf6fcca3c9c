#pragma once
//! The connection pool shared by both backends.
//!
//! Connections are opened lazily, up to a maximum; take() blocks while all of
//! them are checked out. A connection found broken when it comes back is
//! discarded instead of returned, which frees its slot: the next take()
//! opens a fresh one. Thread-safe.

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "store/database.h"

namespace fairlabel::store {

class ConnectionPool {
 public:
  using Opener = std::function<std::unique_ptr<Connection>()>;

  //! `open` makes a new connection or throws StoreError{connection}.
  ConnectionPool(int max_size, Opener open);

  //! An idle connection, or a newly opened one if fewer than the maximum
  //! exist; otherwise waits for one to be returned.
  std::unique_ptr<Connection> take();

  //! Makes `connection` available again.
  void give_back(std::unique_ptr<Connection> connection);

  //! Forgets a connection that was taken and will not come back (broken);
  //! the caller destroys it.
  void discard();

  int max_size() const { return max_size_; }

 private:
  const int max_size_;
  const Opener open_;
  std::mutex mutex_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<Connection>> idle_;  // guarded by mutex_
  int open_count_ = 0;                              // guarded by mutex_; idle + checked out
};

}  // namespace fairlabel::store
