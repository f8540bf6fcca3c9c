#include "store/migrations.h"

#include <algorithm>

namespace fairlabel::store {

// Generated from src/store/migrations/<dialect>/*.sql by cmake/embed_migrations.cmake.
const std::vector<Migration>& builtin_migrations_sqlite();
const std::vector<Migration>& builtin_migrations_postgres();

namespace {

//! The key of the PostgreSQL advisory lock serialising migrations across
//! processes (any constant; "fairlabe" in ASCII).
constexpr std::int64_t kMigrationLockKey = 0x666169726c616265;

const char* schema_migrations_ddl(Dialect dialect) {
  return dialect == Dialect::sqlite ? "CREATE TABLE IF NOT EXISTS schema_migrations (\n"
                                      "  version    INTEGER PRIMARY KEY,\n"
                                      "  name       TEXT NOT NULL,\n"
                                      "  applied_at INTEGER NOT NULL\n"
                                      ") STRICT"
                                    : "CREATE TABLE IF NOT EXISTS schema_migrations (\n"
                                      "  version    BIGINT PRIMARY KEY,\n"
                                      "  name       TEXT NOT NULL,\n"
                                      "  applied_at BIGINT NOT NULL\n"
                                      ")";
}

bool has_migrations_table(Connection& c) {
  const char* sql = c.dialect() == Dialect::sqlite
                        ? "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
                        : "SELECT count(*) FROM pg_catalog.pg_tables "
                          "WHERE schemaname = current_schema() AND tablename = 'schema_migrations'";
  return c.execute(sql).single().integer(0) > 0;
}

int recorded_version(Connection& c) {
  return static_cast<int>(c.execute("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").single().integer(0));
}

void refuse_if_newer(int current, Dialect dialect) {
  const int latest = latest_schema_version(dialect);
  if (current > latest) {
    throw StoreError(StoreErrorKind::other, "the database schema is at version " + std::to_string(current) +
                                                " but this fairlabel knows only up to version " +
                                                std::to_string(latest) + "; run a newer fairlabel");
  }
}

}  // namespace

const std::vector<Migration>& builtin_migrations(Dialect dialect) {
  return dialect == Dialect::sqlite ? builtin_migrations_sqlite() : builtin_migrations_postgres();
}

int latest_schema_version(Dialect dialect) {
  const auto& migrations = builtin_migrations(dialect);
  return migrations.empty() ? 0 : migrations.back().version;
}

int current_schema_version(Database& db) {
  return transact(db, TxMode::read, [](Connection& c) { return has_migrations_table(c) ? recorded_version(c) : 0; });
}

int migrate(Database& db, const Clock& clock) {
  const auto& migrations = builtin_migrations(db.dialect());
  int applied = 0;
  // One transaction per migration. Each re-reads the version once it holds
  // the lock (PostgreSQL: the advisory lock; SQLite: BEGIN IMMEDIATE's write
  // lock), so a concurrent migrator's work is seen and never repeated.
  for (;;) {
    const bool applied_one = transact(db, TxMode::write, [&](Connection& c) {
      if (c.dialect() == Dialect::postgres) c.execute("SELECT pg_advisory_xact_lock($1)", {kMigrationLockKey});
      c.execute_script(schema_migrations_ddl(c.dialect()));
      const int current = recorded_version(c);
      refuse_if_newer(current, c.dialect());
      const auto next = std::find_if(migrations.begin(), migrations.end(),
                                     [&](const Migration& m) { return m.version > current; });
      if (next == migrations.end()) return false;
      c.execute_script(next->sql);
      c.execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
                {std::int64_t{next->version}, next->name, clock.now()});
      return true;
    });
    if (!applied_one) return applied;
    ++applied;
  }
}

}  // namespace fairlabel::store
