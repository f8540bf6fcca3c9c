#pragma once
//! The body of store::transact (declared in store/database.h).
//!
//! Retrying is safe only because `work` touches nothing but the database:
//! a rolled-back attempt leaves no trace. The connection goes back to the
//! pool before the backoff sleep, so a waiting writer can use it.

#include <functional>
#include <optional>
#include <type_traits>

namespace fairlabel::store {

namespace detail {

//! Transactions are tried at most this many times on StoreError{retryable}.
inline constexpr int kMaxTransactionAttempts = 10;

//! Rolls back, ignoring any error (the caller is already handling one).
void rollback_quietly(Connection& connection) noexcept;

//! Sleeps a short random time (a few milliseconds, growing with `attempt`).
//! This is the one sleep in the store: a backoff against a real lock.
void retry_backoff(int attempt);

//! Hands `work` to the database's WriteBatcher and waits for its commit.
void run_batched(Database& db, const std::function<void(Connection&)>& work);

}  // namespace detail

template <typename Work>
auto transact(Database& db, TxMode mode, Work&& work) -> decltype(work(std::declval<Connection&>())) {
  using Output = decltype(work(std::declval<Connection&>()));
  if (mode == TxMode::write && db.write_batcher() != nullptr) {
    if constexpr (std::is_void_v<Output>) {
      detail::run_batched(db, [&](Connection& c) { work(c); });
      return;
    } else {
      std::optional<Output> output;
      detail::run_batched(db, [&](Connection& c) { output.emplace(work(c)); });
      return std::move(*output);
    }
  }
  for (int attempt = 1;; ++attempt) {
    {
      Database::Lease lease = db.acquire();
      try {
        lease->begin(mode);
        if constexpr (std::is_void_v<Output>) {
          work(*lease);
          lease->commit();
          return;
        } else {
          Output output = work(*lease);
          lease->commit();
          return output;
        }
      } catch (const StoreError& error) {
        detail::rollback_quietly(*lease);
        if (error.kind() != StoreErrorKind::retryable || attempt >= detail::kMaxTransactionAttempts) throw;
      } catch (...) {
        detail::rollback_quietly(*lease);
        throw;
      }
    }
    detail::retry_backoff(attempt);
  }
}

}  // namespace fairlabel::store
