#include "store/sqlite/sqlite_database.h"

#include <sqlite3.h>

#include <cctype>
#include <functional>
#include <mutex>
#include <optional>
#include <string_view>
#include <unordered_map>

#include "store/connection_pool.h"

namespace fairlabel::store::sqlite {

namespace {

//! Beyond this many cached statements per connection the cache is emptied.
//! Query texts are constants in the code, so this only guards against a bug
//! that builds SQL dynamically.
constexpr std::size_t kStatementCacheLimit = 512;
constexpr int kBusyTimeoutMs = 5000;
//! Page cache per connection, in KiB (SQLite's default is 2 MiB). Bulk
//! writers such as money::Ledger::post_batch touch thousands of index leaf
//! pages per transaction; with 2 MiB they are evicted and re-read within one
//! batch (BENCHMARKS.md "Ledger"). The cache grows only as pages are used,
//! so idle connections stay small.
constexpr int kPageCacheKiB = 64 * 1024;
// Statement journals (the undo of one multi-row statement, and of each
// savepoint, which group commit opens per request) stay in memory: SQLite
// keeps them in memory only up to 64 KiB and otherwise writes them to a
// temporary file, which for post_batch's 128-row INSERTs meant 8× more
// bytes written than the WAL itself and half the CPU in pwrite (BENCHMARKS.md
// "Ledger"). They are never needed after a crash — recovery uses the WAL —
// so keeping them in memory costs no durability. The setting also keeps
// temporary tables and transient indexes in memory.
constexpr const char* kTempStorePragma = "PRAGMA temp_store = MEMORY";

//! Hashes query texts as string_views, so looking a statement up in the
//! cache does not copy its text.
struct TextHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
};

StoreErrorKind kind_of(int code) {
  switch (code & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return StoreErrorKind::retryable;
    case SQLITE_CONSTRAINT:
      return code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY ? StoreErrorKind::unique_violation
                                                                                      : StoreErrorKind::constraint;
    case SQLITE_CANTOPEN:
    case SQLITE_NOTADB:
      return StoreErrorKind::connection;
    default:
      return StoreErrorKind::other;
  }
}

[[noreturn]] void fail(sqlite3* db, int code, std::string_view context) {
  throw StoreError(kind_of(code), std::string("sqlite: ") + sqlite3_errmsg(db) + " (code " + std::to_string(code) +
                                      ") in: " + std::string(context));
}

bool is_identifier_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$'; }

//! Resets a statement when a use of it ends, however it ends: a statement
//! left mid-step would keep its read transaction (and locks) open.
class StatementUse {
 public:
  explicit StatementUse(sqlite3_stmt* statement) : statement_(statement) {}
  StatementUse(const StatementUse&) = delete;
  StatementUse& operator=(const StatementUse&) = delete;
  ~StatementUse() {
    sqlite3_reset(statement_);
    sqlite3_clear_bindings(statement_);
  }

 private:
  sqlite3_stmt* statement_;
};

class SqliteConnection final : public Connection {
 public:
  SqliteConnection(const std::string& path, bool in_memory) {
    const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    const int code = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
    if (code != SQLITE_OK) {
      std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
      sqlite3_close_v2(db_);
      throw StoreError(StoreErrorKind::connection, "sqlite: cannot open " + path + ": " + message);
    }
    sqlite3_extended_result_codes(db_, 1);
    sqlite3_busy_timeout(db_, kBusyTimeoutMs);
    try {
      if (!in_memory) {
        auto mode = execute("PRAGMA journal_mode = WAL", {});
        if (mode.rows.empty() || mode.rows[0].text(0) != "wal") {
          throw StoreError(StoreErrorKind::connection, "sqlite: cannot switch " + path + " to WAL mode");
        }
        execute_script("PRAGMA synchronous = FULL");
      }
      execute_script("PRAGMA foreign_keys = ON");
      execute_script("PRAGMA cache_size = -" + std::to_string(kPageCacheKiB));
      execute_script(kTempStorePragma);
    } catch (const StoreError& e) {
      close();
      throw StoreError(StoreErrorKind::connection, e.what());
    }
  }

  ~SqliteConnection() override { close(); }

  Dialect dialect() const override { return Dialect::sqlite; }

  Result execute(std::string_view sql, std::span<const Value> params) override {
    const Prepared prepared = prepare(sql);
    sqlite3_stmt* statement = prepared.statement;
    StatementUse use(statement);
    const int expected = sqlite3_bind_parameter_count(statement);
    if (static_cast<std::size_t>(expected) != params.size()) {
      throw StoreError(StoreErrorKind::other, "sqlite: statement takes " + std::to_string(expected) +
                                                  " parameters, got " + std::to_string(params.size()) +
                                                  " in: " + std::string(sql));
    }
    for (std::size_t i = 0; i < params.size(); ++i) bind(statement, static_cast<int>(i + 1), params[i], sql);

    Result result;
    const int columns = sqlite3_column_count(statement);
    const auto changes_before = sqlite3_total_changes64(db_);
    for (;;) {
      const int code = sqlite3_step(statement);
      if (code == SQLITE_DONE) break;
      if (code != SQLITE_ROW) fail(db_, code, sql);
      std::vector<Value> cells;
      cells.reserve(columns);
      for (int column = 0; column < columns; ++column) cells.push_back(cell(statement, column, sql));
      result.rows.emplace_back(std::move(cells));
    }
    // sqlite3_changes keeps the count of the last INSERT/UPDATE/DELETE, so
    // only trust it when this statement changed something.
    if (sqlite3_total_changes64(db_) != changes_before) result.affected_rows = sqlite3_changes64(db_);
    // What RETURNING id would have returned: the row's id (its rowid) if
    // the row was inserted, nothing if ON CONFLICT skipped it. The rowid
    // is this statement's: one set by a trigger is restored when it ends.
    if (prepared.returns_rowid && result.affected_rows == 1) {
      std::vector<Value> cells;
      cells.emplace_back(static_cast<std::int64_t>(sqlite3_last_insert_rowid(db_)));
      result.rows.emplace_back(std::move(cells));
    }
    return result;
  }

  void execute_script(std::string_view sql) override {
    const std::string script(sql);
    char* message = nullptr;
    const int code = sqlite3_exec(db_, script.c_str(), nullptr, nullptr, &message);
    sqlite3_free(message);  // the same text is available from sqlite3_errmsg
    if (code != SQLITE_OK) fail(db_, sqlite3_extended_errcode(db_), "script");
  }

  void begin(TxMode mode) override {
    // SQLite transactions are always serializable; a writer takes the write
    // lock up front so it waits (busy_timeout) instead of failing on upgrade.
    execute(mode == TxMode::read ? "BEGIN" : "BEGIN IMMEDIATE", {});
  }

  void commit() override { execute("COMMIT", {}); }

  void rollback() override {
    if (in_transaction()) execute("ROLLBACK", {});
  }

  bool in_transaction() const { return db_ != nullptr && sqlite3_get_autocommit(db_) == 0; }

 private:
  //! A cached statement. `returns_rowid`: prepared without its "RETURNING
  //! id", which execute() answers from sqlite3_last_insert_rowid. SQLite
  //! runs a RETURNING clause through a temporary trigger and table, which
  //! cost about 40,000 instructions per statement (callgrind), more than a
  //! one-row insert itself; a claim and its acceptance make three.
  struct Prepared {
    sqlite3_stmt* statement = nullptr;
    bool returns_rowid = false;
  };

  Prepared prepare(std::string_view sql) {
    if (auto found = statements_.find(sql); found != statements_.end()) return found->second;
    std::string key(sql);
    if (statements_.size() >= kStatementCacheLimit) finalize_all();

    Prepared prepared;
    auto insert = parse_insert_returning_id(sql);
    if (insert && id_is_rowid(insert->table)) {
      sql = insert->without_returning;
      prepared.returns_rowid = true;
    }
    const std::string rewritten = rewrite_parameters(sql);
    sqlite3_stmt* statement = nullptr;
    const char* tail = nullptr;
    const int code = sqlite3_prepare_v3(db_, rewritten.c_str(), static_cast<int>(rewritten.size() + 1),
                                        SQLITE_PREPARE_PERSISTENT, &statement, &tail);
    if (code != SQLITE_OK) fail(db_, code, sql);
    if (statement == nullptr) throw StoreError(StoreErrorKind::other, "sqlite: empty statement");
    for (; tail != nullptr && *tail != '\0'; ++tail) {
      if (!std::isspace(static_cast<unsigned char>(*tail)) && *tail != ';') {
        sqlite3_finalize(statement);
        throw StoreError(StoreErrorKind::other,
                         "sqlite: execute() takes one statement (use execute_script for DDL) in: " + key);
      }
    }
    prepared.statement = statement;
    statements_.emplace(std::move(key), prepared);
    return prepared;
  }

  //! Whether `table`'s column "id" is its rowid (INTEGER PRIMARY KEY of a
  //! rowid table): then "rowid" names that column. Not so for a WITHOUT
  //! ROWID table (no rowid), an id that is not the primary key, or an
  //! INTEGER PRIMARY KEY DESC (a separate rowid, a SQLite quirk).
  bool id_is_rowid(const std::string& table) {
    const std::string probe = "SELECT rowid FROM \"" + table + "\"";
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(db_, probe.c_str(), -1, &statement, nullptr) != SQLITE_OK || statement == nullptr) {
      sqlite3_finalize(statement);
      return false;
    }
    const char* origin = sqlite3_column_origin_name(statement, 0);
    const bool is_id = origin != nullptr && std::string_view(origin) == "id";
    sqlite3_finalize(statement);
    return is_id;
  }

  void bind(sqlite3_stmt* statement, int index, const Value& value, std::string_view sql) {
    int code = SQLITE_OK;
    if (const auto* number = std::get_if<std::int64_t>(&value)) {
      code = sqlite3_bind_int64(statement, index, *number);
    } else if (const auto* text = std::get_if<std::string>(&value)) {
      // SQLITE_STATIC: `params` outlives the statement's use, and the
      // bindings are cleared when the use ends.
      code = sqlite3_bind_text64(statement, index, text->data(), text->size(), SQLITE_STATIC, SQLITE_UTF8);
    } else {
      code = sqlite3_bind_null(statement, index);
    }
    if (code != SQLITE_OK) fail(db_, code, sql);
  }

  static Value cell(sqlite3_stmt* statement, int column, std::string_view sql) {
    switch (sqlite3_column_type(statement, column)) {
      case SQLITE_INTEGER:
        return static_cast<std::int64_t>(sqlite3_column_int64(statement, column));
      case SQLITE_NULL:
        return nullptr;
      case SQLITE_TEXT: {
        const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement, column));
        return std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(statement, column)));
      }
      case SQLITE_BLOB: {
        const auto* bytes = static_cast<const char*>(sqlite3_column_blob(statement, column));
        const auto size = static_cast<std::size_t>(sqlite3_column_bytes(statement, column));
        return bytes ? std::string(bytes, size) : std::string();
      }
      default:
        throw StoreError(StoreErrorKind::other, std::string("sqlite: column ") + sqlite3_column_name(statement, column) +
                                                    " is a floating point number, which fairlabel never stores; in: " +
                                                    std::string(sql));
    }
  }

  void finalize_all() {
    for (auto& [sql, prepared] : statements_) sqlite3_finalize(prepared.statement);
    statements_.clear();
  }

  void close() {
    if (!db_) return;
    finalize_all();
    sqlite3_close_v2(db_);
    db_ = nullptr;
  }

  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, Prepared, TextHash, std::equal_to<>> statements_;
};

class SqliteDatabase final : public Database {
 public:
  SqliteDatabase(const std::string& path, int pool_size)
      : path_(path),
        pool_(path == ":memory:" ? 1 : pool_size, [this] {
          return std::make_unique<SqliteConnection>(path_, path_ == ":memory:");
        }) {
    // Open one connection now: a bad path is reported by open_database, and
    // the in-memory database must exist for as long as this object does.
    pool_.give_back(pool_.take());
  }

  Dialect dialect() const override { return Dialect::sqlite; }
  Lease acquire() override { return Lease(this, pool_.take()); }
  std::string describe() const override { return "sqlite:" + path_; }

 protected:
  void release(std::unique_ptr<Connection> connection) override {
    // A connection must come back outside any transaction; one abandoned by
    // an exception outside transact() is rolled back here.
    auto& sqlite = static_cast<SqliteConnection&>(*connection);
    try {
      sqlite.rollback();
    } catch (...) {
    }
    if (sqlite.in_transaction()) {
      pool_.discard();
      return;
    }
    pool_.give_back(std::move(connection));
  }

 private:
  const std::string path_;
  ConnectionPool pool_;
};

}  // namespace

std::string rewrite_parameters(std::string_view sql) {
  std::string out;
  out.reserve(sql.size());
  std::size_t i = 0;
  const std::size_t n = sql.size();
  auto copy_until = [&](std::size_t end) {
    end = std::min(end, n);
    out.append(sql.substr(i, end - i));
    i = end;
  };
  while (i < n) {
    const char c = sql[i];
    const char next = i + 1 < n ? sql[i + 1] : '\0';
    if (c == '\'' || c == '"' || c == '`') {
      // A doubled quote inside is an escape; treating it as "close, then
      // open again" copies the same characters.
      const std::size_t close = sql.find(c, i + 1);
      copy_until(close == std::string_view::npos ? n : close + 1);
    } else if (c == '-' && next == '-') {
      const std::size_t end = sql.find('\n', i);
      copy_until(end == std::string_view::npos ? n : end + 1);
    } else if (c == '/' && next == '*') {
      const std::size_t end = sql.find("*/", i + 2);
      copy_until(end == std::string_view::npos ? n : end + 2);
    } else if (c == '$' && std::isdigit(static_cast<unsigned char>(next)) && (i == 0 || !is_identifier_char(sql[i - 1]))) {
      out.push_back('?');
      ++i;
    } else {
      out.push_back(c);
      ++i;
    }
  }
  return out;
}

std::optional<InsertReturningId> parse_insert_returning_id(std::string_view sql) {
  constexpr std::string_view kPrefix = "INSERT INTO ";
  constexpr std::string_view kSuffix = " RETURNING id";
  if (!sql.starts_with(kPrefix) || !sql.ends_with(kSuffix)) return std::nullopt;
  const std::string_view body = sql.substr(0, sql.size() - kSuffix.size());
  std::size_t i = kPrefix.size();
  while (i < body.size() && (std::isalnum(static_cast<unsigned char>(body[i])) || body[i] == '_')) ++i;
  if (i == kPrefix.size() || i == body.size() || (body[i] != ' ' && body[i] != '(')) return std::nullopt;
  const std::string table(body.substr(kPrefix.size(), i - kPrefix.size()));
  std::size_t values = body.find(" VALUES", i);
  if (values == std::string_view::npos) return std::nullopt;
  std::size_t open = values + 7;
  while (open < body.size() && body[open] == ' ') ++open;
  if (open == body.size() || body[open] != '(') return std::nullopt;
  // The end of the one row: its closing parenthesis, skipping quoted text
  // and nested parentheses.
  int depth = 0;
  std::size_t close = open;
  for (; close < body.size(); ++close) {
    const char c = body[close];
    if (c == '\'' || c == '"') {
      close = body.find(c, close + 1);
      if (close == std::string_view::npos) return std::nullopt;
    } else if (c == '(') {
      ++depth;
    } else if (c == ')' && --depth == 0) {
      break;
    }
  }
  if (close == body.size()) return std::nullopt;
  std::string_view rest = body.substr(close + 1);
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  if (!rest.empty() && !(rest.starts_with("ON CONFLICT ") && rest.ends_with(" DO NOTHING") &&
                         rest.find("DO UPDATE") == std::string_view::npos)) {
    return std::nullopt;  // an upsert's DO UPDATE returns the updated row's id
  }
  return InsertReturningId{std::string(body), table};
}

std::unique_ptr<Database> open(const std::string& path, int pool_size) {
  // SQLite counts every allocation in process-wide statistics under one
  // mutex, which every connection of every thread takes on each malloc;
  // fairlabel never reads those statistics. This must precede SQLite's
  // initialisation, which the first sqlite3_open does; if something else
  // opened a database first, the call fails harmlessly (SQLITE_MISUSE).
  static std::once_flag memory_statistics_off;
  std::call_once(memory_statistics_off, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
  return std::make_unique<SqliteDatabase>(path, pool_size);
}

}  // namespace fairlabel::store::sqlite
