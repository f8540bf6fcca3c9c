#pragma once
//! Versioned schema migrations.
//!
//! Each migration is a pair of files, src/store/migrations/sqlite/NNNN_name.sql
//! and src/store/migrations/postgres/NNNN_name.sql, compiled into the binary.
//! Versions are applied in order, each in its own transaction, and recorded in
//! the table `schema_migrations(version, name, applied_at)`. Applying is
//! idempotent and safe when several processes start at once (PostgreSQL: an
//! advisory lock; SQLite: BEGIN IMMEDIATE). A database whose recorded version
//! is newer than this binary knows is refused (an old binary must not write
//! to a newer schema).

#include <string>
#include <vector>

#include "core/clock.h"
#include "store/database.h"

namespace fairlabel::store {

struct Migration {
  int version;
  std::string name;
  std::string sql;  //!< the script for one dialect
};

//! The migrations compiled into this binary for `dialect`, in version order.
const std::vector<Migration>& builtin_migrations(Dialect dialect);

//! The highest version recorded in the database, 0 for an empty one.
int current_schema_version(Database& db);

//! Applies every builtin migration newer than the database's version.
//! Returns the number applied. Throws StoreError on failure (the failing
//! migration is rolled back; earlier ones stay applied).
int migrate(Database& db, const Clock& clock);

//! The newest version this binary knows.
int latest_schema_version(Dialect dialect);

}  // namespace fairlabel::store
