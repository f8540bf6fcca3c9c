#pragma once
//! Storage: one interface, two backends (SQLite, PostgreSQL).
//!
//! Query text is shared between the backends and uses PostgreSQL-style
//! positional parameters `$1 … $n`; the SQLite backend rewrites them to
//! `?N` (SQLite numbers bare `$N` by first appearance, which would silently
//! swap arguments). Every statement is prepared and cached per connection;
//! values only ever travel as bound parameters — no SQL is ever built from
//! user strings.
//!
//! Portable SQL conventions (both backends pass the same test suite):
//!  - integers, timestamps (epoch microseconds) and money (minor units) are
//!    BIGINT; booleans are BIGINT 0/1; text and JSON documents are TEXT;
//!  - `RETURNING` and `ON CONFLICT … DO NOTHING/UPDATE` work in both;
//!  - DDL is written per dialect (src/store/migrations/<dialect>/NNNN_name.sql).
//!
//! Threading: a Database is shared by all threads; a Connection is used by
//! one thread at a time (it is checked out of the pool for one transaction).

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace fairlabel::store {

enum class Dialect { sqlite, postgres };

//! A parameter or a cell: NULL, a 64-bit integer, or text.
using Value = std::variant<std::nullptr_t, std::int64_t, std::string>;

//! An optional as a parameter: its value, or NULL when it has none.
template <typename T>
Value nullable(const std::optional<T>& v) {
  return v ? Value(*v) : Value(nullptr);
}

//! One row of a result. Cells are indexed in SELECT order.
class Row {
 public:
  explicit Row(std::vector<Value> cells) : cells_(std::move(cells)) {}
  std::size_t size() const { return cells_.size(); }
  bool is_null(std::size_t i) const { return std::holds_alternative<std::nullptr_t>(cells_.at(i)); }
  //! The integer in column i; throws StoreError if it is NULL or text.
  std::int64_t integer(std::size_t i) const;
  //! The text in column i; throws StoreError if it is NULL or an integer.
  const std::string& text(std::size_t i) const;
  std::optional<std::int64_t> optional_integer(std::size_t i) const;
  std::optional<std::string> optional_text(std::size_t i) const;
  const Value& value(std::size_t i) const { return cells_.at(i); }

 private:
  std::vector<Value> cells_;
};

struct Result {
  std::vector<Row> rows;
  std::int64_t affected_rows = 0;  //!< rows changed by INSERT/UPDATE/DELETE

  bool empty() const { return rows.empty(); }
  //! The only row; throws StoreError if there is not exactly one.
  const Row& single() const;
};

//! Why a statement failed, in terms the layers above can act on.
enum class StoreErrorKind {
  retryable,         //!< SQLITE_BUSY / serialization failure / deadlock: run the transaction again
  unique_violation,  //!< a UNIQUE or PRIMARY KEY constraint failed
  constraint,        //!< another constraint (NOT NULL, CHECK, FOREIGN KEY) failed
  connection,        //!< the database cannot be reached / the connection broke
  other,             //!< anything else (syntax error, type mismatch: a bug)
};

class StoreError : public std::runtime_error {
 public:
  StoreError(StoreErrorKind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  StoreErrorKind kind() const { return kind_; }

 private:
  StoreErrorKind kind_;
};

enum class TxMode {
  read,          //!< read-only snapshot
  write,         //!< may write; SQLite: BEGIN IMMEDIATE; PostgreSQL: READ COMMITTED
  serializable,  //!< may write; PostgreSQL: SERIALIZABLE (SQLite is always serializable)
};

//! One database session. Not thread-safe; owned by one thread at a time.
class Connection {
 public:
  virtual ~Connection() = default;
  virtual Dialect dialect() const = 0;

  //! Prepares (or reuses the cached preparation of) `sql`, binds `params` to
  //! $1..$n and runs it to completion. Throws StoreError.
  virtual Result execute(std::string_view sql, std::span<const Value> params) = 0;
  Result execute(std::string_view sql, std::initializer_list<Value> params = {}) {
    return execute(sql, std::span<const Value>(params.begin(), params.size()));
  }

  //! Runs a script of several statements without parameters (migrations
  //! only: DDL is the one place where SQL is not a prepared statement).
  virtual void execute_script(std::string_view sql) = 0;

  virtual void begin(TxMode mode) = 0;
  virtual void commit() = 0;
  virtual void rollback() = 0;
};

class WriteBatcher;

//! A pool of connections to one database. Thread-safe.
class Database {
 public:
  virtual ~Database() = default;
  virtual Dialect dialect() const = 0;

  //! A connection checked out of the pool; returned to it on destruction.
  //! Blocks while all connections are busy.
  class Lease {
   public:
    Lease(Database* owner, std::unique_ptr<Connection> connection)
        : owner_(owner), connection_(std::move(connection)) {}
    Lease(Lease&&) = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (connection_) owner_->release(std::move(connection_));
    }
    Connection& operator*() { return *connection_; }
    Connection* operator->() { return connection_.get(); }

   private:
    Database* owner_;
    std::unique_ptr<Connection> connection_;
  };

  virtual Lease acquire() = 0;

  //! Human-readable description for logs, without credentials
  //! ("sqlite:/path/fairlabel.db", "postgresql://host:port/db").
  virtual std::string describe() const = 0;

  //! Group commit (store/write_batcher.h): once installed, transact() runs
  //! TxMode::write work in the batcher's shared transactions. Install before
  //! serving and remove before the batcher is destroyed.
  void set_write_batcher(WriteBatcher* batcher) { write_batcher_ = batcher; }
  WriteBatcher* write_batcher() const { return write_batcher_; }

 protected:
  friend class Lease;
  virtual void release(std::unique_ptr<Connection> connection) = 0;

 private:
  WriteBatcher* write_batcher_ = nullptr;
};

//! Runs `work(connection)` inside a transaction of the given mode and
//! commits. On StoreError{retryable} the transaction is rolled back and run
//! again (up to a bounded number of attempts, with a short jittered
//! backoff); any other exception rolls back and propagates. `work` must
//! therefore have no effects outside the database.
template <typename Work>
auto transact(Database& db, TxMode mode, Work&& work) -> decltype(work(std::declval<Connection&>()));

//! Opens a database from a URL:
//!   "sqlite:PATH"            a SQLite file (created if missing), WAL mode,
//!                            synchronous=FULL, foreign_keys=ON
//!   "sqlite::memory:"        a private in-memory database (tests)
//!   "postgresql://…" / "postgres://…"   a PostgreSQL server (libpq URI)
//! `pool_size` connections at most. Throws StoreError{connection} if the
//! database cannot be opened.
std::unique_ptr<Database> open_database(const std::string& url, int pool_size = 8);

}  // namespace fairlabel::store

#include "store/transact.inl"
