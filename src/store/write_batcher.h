#pragma once
//! Group commit: many write transactions share one durable commit.
//!
//! With SQLite in WAL mode and synchronous=FULL, every commit waits for an
//! fsync; one transaction per request caps a server at the disk's fsync
//! rate. A WriteBatcher owns one connection and a thread. Callers hand it
//! their transaction's work (store::transact does, for TxMode::write, once a
//! batcher is installed on the Database); the thread runs every queued piece
//! of work in ONE transaction, each inside its own SAVEPOINT, commits once,
//! and only then wakes the callers. So:
//!
//! - Durability is unchanged: nobody is told "done" before the commit that
//!   contains their writes returned (an acknowledged submission survives
//!   kill -9).
//! - Isolation between callers is unchanged in effect: the batch runs the
//!   pieces one after another, so each sees the writes of those before it,
//!   exactly as if they had committed in that order.
//! - Failure is per caller: work that throws is rolled back to its savepoint
//!   and its exception is rethrown to its caller alone; the rest commit. A
//!   retryable error inside one piece re-runs that piece (bounded); a failed
//!   COMMIT re-runs the whole batch (work must touch nothing but the
//!   database, which transact already requires).
//!
//! Work must not start another transaction (no nested transact): it would
//! wait for the batcher it is running on. That is checked and reported as a
//! logic error.

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>

#include "store/database.h"

namespace fairlabel::store {

class WriteBatcher {
 public:
  //! `max_batch` bounds how many pieces of work share one commit.
  explicit WriteBatcher(Database& db, std::size_t max_batch = 512);
  //! Finishes what is queued, then stops.
  ~WriteBatcher();
  WriteBatcher(const WriteBatcher&) = delete;
  WriteBatcher& operator=(const WriteBatcher&) = delete;

  //! Runs `work` in the next batch and returns once that batch committed;
  //! rethrows whatever `work` threw (its writes then never happened).
  void run(const std::function<void(Connection&)>& work);

  //! True on the batcher's own thread (inside work).
  static bool on_batcher_thread();

  //! Batches committed and pieces of work run, since start (metrics, tests).
  std::size_t batches() const;
  std::size_t pieces() const;

 private:
  struct Item {
    const std::function<void(Connection&)>* work = nullptr;
    std::exception_ptr error;
    bool done = false;
  };

  void loop();
  void run_batch(std::deque<Item*>& batch);

  Database& db_;
  const std::size_t max_batch_;
  mutable std::mutex mutex_;
  std::condition_variable queued_;
  std::condition_variable finished_;
  std::deque<Item*> queue_;
  bool stopping_ = false;
  std::size_t batches_ = 0;
  std::size_t pieces_ = 0;
  std::thread thread_;
};

}  // namespace fairlabel::store
