#include "store/write_batcher.h"

#include <stdexcept>

namespace fairlabel::store {
namespace {

thread_local bool t_on_batcher_thread = false;

constexpr int kMaxPieceAttempts = 10;
constexpr int kMaxBatchAttempts = 10;

//! Runs one piece inside a savepoint. Returns normally with `error` set if
//! the piece failed for good; its writes are then rolled back.
void run_piece(Connection& c, const std::function<void(Connection&)>& work, std::exception_ptr& error) {
  for (int attempt = 1;; ++attempt) {
    c.execute("SAVEPOINT piece");
    try {
      work(c);
      c.execute("RELEASE SAVEPOINT piece");
      error = nullptr;
      return;
    } catch (const StoreError& e) {
      c.execute("ROLLBACK TO SAVEPOINT piece");
      c.execute("RELEASE SAVEPOINT piece");
      if (e.kind() != StoreErrorKind::retryable || attempt >= kMaxPieceAttempts) {
        error = std::current_exception();
        return;
      }
    } catch (...) {
      c.execute("ROLLBACK TO SAVEPOINT piece");
      c.execute("RELEASE SAVEPOINT piece");
      error = std::current_exception();
      return;
    }
  }
}

}  // namespace

WriteBatcher::WriteBatcher(Database& db, std::size_t max_batch)
    : db_(db), max_batch_(max_batch == 0 ? 1 : max_batch), thread_([this] { loop(); }) {}

WriteBatcher::~WriteBatcher() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  queued_.notify_all();
  thread_.join();
}

bool WriteBatcher::on_batcher_thread() {
  return t_on_batcher_thread;
}

std::size_t WriteBatcher::batches() const {
  std::lock_guard lock(mutex_);
  return batches_;
}

std::size_t WriteBatcher::pieces() const {
  std::lock_guard lock(mutex_);
  return pieces_;
}

void WriteBatcher::run(const std::function<void(Connection&)>& work) {
  if (t_on_batcher_thread) {
    throw std::logic_error("a transaction was started inside a batched transaction (nested transact)");
  }
  Item item;
  item.work = &work;
  {
    std::unique_lock lock(mutex_);
    if (stopping_) throw StoreError(StoreErrorKind::connection, "the database is shutting down");
    queue_.push_back(&item);
    queued_.notify_one();
    finished_.wait(lock, [&] { return item.done; });
  }
  if (item.error) std::rethrow_exception(item.error);
}

void WriteBatcher::loop() {
  t_on_batcher_thread = true;
  std::unique_lock lock(mutex_);
  for (;;) {
    queued_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, nothing left
    std::deque<Item*> batch;
    while (!queue_.empty() && batch.size() < max_batch_) {
      batch.push_back(queue_.front());
      queue_.pop_front();
    }
    lock.unlock();
    run_batch(batch);
    lock.lock();
    ++batches_;
    pieces_ += batch.size();
    for (Item* item : batch) item->done = true;
    finished_.notify_all();
  }
}

void WriteBatcher::run_batch(std::deque<Item*>& batch) {
  for (int attempt = 1;; ++attempt) {
    try {
      Database::Lease lease = db_.acquire();
      Connection& c = *lease;
      try {
        c.begin(TxMode::write);
        for (Item* item : batch) run_piece(c, *item->work, item->error);
        c.commit();
        return;
      } catch (...) {
        try {
          c.rollback();
        } catch (...) {
        }
        throw;
      }
    } catch (const StoreError& e) {
      if (e.kind() == StoreErrorKind::retryable && attempt < kMaxBatchAttempts) {
        detail::retry_backoff(attempt);
        continue;
      }
      // The commit (or the connection) failed for good: nobody's writes
      // happened, and everybody hears why.
      auto error = std::current_exception();
      for (Item* item : batch) item->error = error;
      return;
    } catch (...) {
      auto error = std::current_exception();
      for (Item* item : batch) item->error = error;
      return;
    }
  }
}

namespace detail {
void run_batched(Database& db, const std::function<void(Connection&)>& work) {
  db.write_batcher()->run(work);
}
}  // namespace detail

}  // namespace fairlabel::store
