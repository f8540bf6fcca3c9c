#include "store/postgres/postgres_database.h"

#include <libpq-fe.h>

#include <charconv>
#include <cstring>
#include <unordered_map>

#include "store/connection_pool.h"

namespace fairlabel::store::postgres {

namespace {

// Type OIDs (src/include/catalog/pg_type.dat); stable across versions.
constexpr Oid kBoolOid = 16;
constexpr Oid kInt8Oid = 20;
constexpr Oid kInt2Oid = 21;
constexpr Oid kInt4Oid = 23;
constexpr Oid kTextOid = 25;
constexpr Oid kOidOid = 26;
constexpr Oid kFloat4Oid = 700;
constexpr Oid kFloat8Oid = 701;
constexpr Oid kNumericOid = 1700;

constexpr std::size_t kStatementCacheLimit = 512;

struct ResultDeleter {
  void operator()(PGresult* result) const { PQclear(result); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

std::string trimmed(const char* text) {
  std::string out = text ? text : "";
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

StoreErrorKind kind_of(std::string_view state) {
  if (state == "40001" || state == "40P01") return StoreErrorKind::retryable;
  if (state == "23505") return StoreErrorKind::unique_violation;
  if (state.starts_with("23")) return StoreErrorKind::constraint;
  // 08P01 (protocol violation) is also what a wrong argument count gives;
  // the connection itself is fine then.
  if ((state.starts_with("08") && state != "08P01") || state.starts_with("57P0")) return StoreErrorKind::connection;
  return StoreErrorKind::other;
}

std::int64_t parse_integer(const char* text, std::size_t length, std::string_view sql) {
  std::int64_t number = 0;
  auto [end, error] = std::from_chars(text, text + length, number);
  if (error != std::errc() || end != text + length) {
    throw StoreError(StoreErrorKind::other, "postgres: not a 64-bit integer in a result of: " + std::string(sql));
  }
  return number;
}

//! The part of a command tag that counts rows, for the commands that change rows.
std::int64_t affected_rows(PGresult* result) {
  const std::string_view tag = PQcmdStatus(result);
  for (std::string_view command : {"INSERT", "UPDATE", "DELETE", "MERGE"}) {
    if (tag.starts_with(command)) return std::atoll(PQcmdTuples(result));
  }
  return 0;
}

class PgConnection final : public Connection {
 public:
  explicit PgConnection(const std::string& url) {
    const char* keywords[] = {"dbname", "fallback_application_name", nullptr};
    const char* values[] = {url.c_str(), "fairlabel", nullptr};
    conn_ = PQconnectdbParams(keywords, values, /*expand_dbname=*/1);
    if (conn_ == nullptr || PQstatus(conn_) != CONNECTION_OK) {
      std::string message = conn_ ? trimmed(PQerrorMessage(conn_)) : "out of memory";
      PQfinish(conn_);
      throw StoreError(StoreErrorKind::connection, "postgres: cannot connect to " + describe_url(url) + ": " + message);
    }
    // NOTICEs ("relation already exists, skipping") are noise in our logs.
    try {
      simple("SET client_min_messages TO warning");
    } catch (...) {
      PQfinish(conn_);  // the destructor does not run for a throwing constructor
      throw;
    }
  }

  ~PgConnection() override { PQfinish(conn_); }

  Dialect dialect() const override { return Dialect::postgres; }

  Result execute(std::string_view sql, std::span<const Value> params) override {
    std::string signature;
    std::vector<Oid> types;
    std::vector<std::string> numbers;  // text forms of the integer arguments
    std::vector<const char*> values;
    numbers.reserve(params.size());
    for (const Value& param : params) {
      if (const auto* number = std::get_if<std::int64_t>(&param)) {
        signature += 'i';
        types.push_back(kInt8Oid);
        values.push_back(numbers.emplace_back(std::to_string(*number)).c_str());
      } else if (const auto* text = std::get_if<std::string>(&param)) {
        signature += 't';
        types.push_back(kTextOid);
        values.push_back(text->c_str());
      } else {
        signature += 'n';
        types.push_back(0);
        values.push_back(nullptr);
      }
    }
    const std::string& name = prepare(sql, signature, types);
    ResultPtr result(PQexecPrepared(conn_, name.c_str(), static_cast<int>(values.size()), values.data(), nullptr,
                                    nullptr, /*resultFormat=*/0));
    return convert(result.get(), sql);
  }

  void execute_script(std::string_view sql) override {
    ResultPtr result(PQexec(conn_, std::string(sql).c_str()));
    check(result.get(), "script");
  }

  void begin(TxMode mode) override {
    switch (mode) {
      case TxMode::read:
        simple("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
        break;
      case TxMode::write:
        simple("BEGIN");
        break;
      case TxMode::serializable:
        simple("BEGIN ISOLATION LEVEL SERIALIZABLE");
        break;
    }
  }

  void commit() override {
    ResultPtr result(PQexec(conn_, "COMMIT"));
    check(result.get(), "COMMIT");
    // COMMIT of a transaction in which a statement failed "succeeds" by
    // rolling back; the caller must not believe its writes were kept.
    if (std::strcmp(PQcmdStatus(result.get()), "ROLLBACK") == 0) {
      throw StoreError(StoreErrorKind::other, "postgres: COMMIT rolled back a transaction in which a statement failed");
    }
  }

  void rollback() override {
    if (PQtransactionStatus(conn_) == PQTRANS_IDLE) return;  // nothing to undo
    simple("ROLLBACK");
  }

  //! Usable for another lease: connected, not in a transaction, never failed.
  bool reusable() const {
    return !broken_ && PQstatus(conn_) == CONNECTION_OK && PQtransactionStatus(conn_) == PQTRANS_IDLE;
  }

 private:
  struct Prepared {
    std::string name;
    int parameter_count;
  };

  const std::string& prepare(std::string_view sql, const std::string& signature, const std::vector<Oid>& types) {
    std::string key = signature;
    key += '\n';
    key += sql;
    auto found = statements_.find(key);
    if (found == statements_.end()) {
      if (statements_.size() >= kStatementCacheLimit) {
        simple("DEALLOCATE ALL");
        statements_.clear();
      }
      std::string name = "fl_" + std::to_string(++statement_counter_);
      const std::string text(sql);
      ResultPtr prepared(PQprepare(conn_, name.c_str(), text.c_str(), static_cast<int>(types.size()), types.data()));
      check(prepared.get(), sql);
      ResultPtr described(PQdescribePrepared(conn_, name.c_str()));
      check(described.get(), sql);
      const int count = PQnparams(described.get());
      found = statements_.emplace(std::move(key), Prepared{std::move(name), count}).first;
    }
    if (static_cast<std::size_t>(found->second.parameter_count) != types.size()) {
      throw StoreError(StoreErrorKind::other, "postgres: statement takes " +
                                                  std::to_string(found->second.parameter_count) + " parameters, got " +
                                                  std::to_string(types.size()) + " in: " + std::string(sql));
    }
    return found->second.name;
  }

  Result convert(PGresult* pg, std::string_view sql) {
    check(pg, sql);
    Result result;
    result.affected_rows = affected_rows(pg);
    const int rows = PQntuples(pg);
    const int columns = PQnfields(pg);
    result.rows.reserve(rows);
    for (int row = 0; row < rows; ++row) {
      std::vector<Value> cells;
      cells.reserve(columns);
      for (int column = 0; column < columns; ++column) {
        if (PQgetisnull(pg, row, column)) {
          cells.emplace_back(nullptr);
          continue;
        }
        const char* text = PQgetvalue(pg, row, column);
        const auto length = static_cast<std::size_t>(PQgetlength(pg, row, column));
        switch (PQftype(pg, column)) {
          case kInt2Oid:
          case kInt4Oid:
          case kInt8Oid:
          case kOidOid:
          case kNumericOid:  // parse_integer rejects a fraction
            cells.emplace_back(parse_integer(text, length, sql));
            break;
          case kBoolOid:
            cells.emplace_back(std::int64_t{text[0] == 't' ? 1 : 0});
            break;
          case kFloat4Oid:
          case kFloat8Oid:
            throw StoreError(StoreErrorKind::other, std::string("postgres: column ") + PQfname(pg, column) +
                                                        " is a floating point number, which fairlabel never stores; in: " +
                                                        std::string(sql));
          default:
            cells.emplace_back(std::string(text, length));
        }
      }
      result.rows.emplace_back(std::move(cells));
    }
    return result;
  }

  void simple(const char* sql) {
    ResultPtr result(PQexec(conn_, sql));
    check(result.get(), sql);
  }

  //! Throws the StoreError for a failed result; `result` may be null (the
  //! connection failed before a result existed).
  void check(PGresult* result, std::string_view context) {
    const auto status = result ? PQresultStatus(result) : PGRES_FATAL_ERROR;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY) return;
    const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    const char* primary = result ? PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
    std::string message = primary ? primary : trimmed(PQerrorMessage(conn_));
    StoreErrorKind kind = kind_of(state ? state : "");
    if (PQstatus(conn_) != CONNECTION_OK || (state == nullptr && status == PGRES_FATAL_ERROR)) {
      kind = StoreErrorKind::connection;
    }
    if (kind == StoreErrorKind::connection) broken_ = true;
    throw StoreError(kind, "postgres: " + message + (state ? " (SQLSTATE " + std::string(state) + ")" : std::string()) +
                               " in: " + std::string(context));
  }

  PGconn* conn_ = nullptr;
  bool broken_ = false;
  std::uint64_t statement_counter_ = 0;
  std::unordered_map<std::string, Prepared> statements_;
};

class PgDatabase final : public Database {
 public:
  PgDatabase(const std::string& url, int pool_size)
      : url_(url), description_(describe_url(url)), pool_(pool_size, [this] {
          return std::make_unique<PgConnection>(url_);
        }) {
    pool_.give_back(pool_.take());  // fail now if the server cannot be reached
  }

  Dialect dialect() const override { return Dialect::postgres; }
  Lease acquire() override { return Lease(this, pool_.take()); }
  std::string describe() const override { return description_; }

 protected:
  void release(std::unique_ptr<Connection> connection) override {
    auto& pg = static_cast<PgConnection&>(*connection);
    try {
      pg.rollback();  // a lease abandoned mid-transaction by an exception
    } catch (...) {
    }
    if (!pg.reusable()) {
      pool_.discard();
      return;  // `connection` closes as it goes out of scope
    }
    pool_.give_back(std::move(connection));
  }

 private:
  const std::string url_;  // may hold a password: never logged
  const std::string description_;
  ConnectionPool pool_;
};

}  // namespace

std::string describe_url(const std::string& url) {
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(url.c_str(), &error);
  if (options == nullptr) {
    PQfreemem(error);
    return "postgresql://(unparseable URL)";
  }
  std::string host, port, dbname;
  for (PQconninfoOption* option = options; option->keyword != nullptr; ++option) {
    if (option->val == nullptr) continue;
    const std::string_view keyword = option->keyword;
    if (keyword == "host") host = option->val;
    if (keyword == "hostaddr" && host.empty()) host = option->val;
    if (keyword == "port") port = option->val;
    if (keyword == "dbname") dbname = option->val;
  }
  PQconninfoFree(options);
  std::string description = "postgresql://" + (host.empty() ? std::string("localhost") : host);
  if (!port.empty()) description += ":" + port;
  return description + "/" + dbname;
}

std::unique_ptr<Database> open(const std::string& url, int pool_size) {
  return std::make_unique<PgDatabase>(url, pool_size);
}

}  // namespace fairlabel::store::postgres
