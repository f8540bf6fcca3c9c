#pragma once
//! The SQLite backend of store::Database (see store/database.h).
//!
//! A file database gets a pool of connections, each in WAL mode with
//! synchronous=FULL (a committed transaction survives a power cut),
//! foreign_keys=ON and a 5 s busy timeout. Readers never block the writer in
//! WAL mode; writers queue on BEGIN IMMEDIATE, so a write transaction holds
//! the write lock from its first statement and cannot deadlock half-way.
//!
//! ":memory:" is a private database per SQLite connection, so it gets exactly
//! one connection (pool size 1): every lease shares it, one at a time, and a
//! thread must not hold two leases at once.
//!
//! Statements are prepared once per connection (SQLITE_PREPARE_PERSISTENT)
//! and cached by their SQL text. A one-row "INSERT … RETURNING id" into a
//! table whose id is its rowid is run without the RETURNING clause, and the
//! id it returns is read from sqlite3_last_insert_rowid: same result, and
//! SQLite's RETURNING (a temporary trigger and table per statement) cost
//! more than the insert itself. Error mapping: SQLITE_BUSY/LOCKED →
//! retryable; UNIQUE/PRIMARY KEY → unique_violation; other constraints →
//! constraint; failing to open → connection; the rest → other. Messages carry
//! sqlite3_errmsg and the SQL text, never the bound values (they may be
//! secrets such as token hashes).
//!
//! Cells: INTEGER → int64, TEXT and BLOB → string, NULL → null. A REAL cell
//! is an error: fairlabel never stores floating point numbers.

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "store/database.h"

namespace fairlabel::store::sqlite {

//! Opens (creating if missing) the database file at `path`, or a private
//! in-memory database when `path` is ":memory:". Opens one connection right
//! away, so a bad path fails here with StoreError{connection}.
std::unique_ptr<Database> open(const std::string& path, int pool_size);

//! Rewrites PostgreSQL-style `$N` parameters to SQLite's `?N`, leaving
//! string literals, quoted identifiers and comments alone. SQLite also
//! accepts `$N`, but numbers such parameters by first appearance, so
//! `SELECT $2, $1` would silently bind the arguments the wrong way round.
std::string rewrite_parameters(std::string_view sql);

//! A one-row INSERT that returns the new row's id, split for running it
//! without RETURNING: the statement without " RETURNING id", and its table.
struct InsertReturningId {
  std::string without_returning;
  std::string table;
};

//! Recognises "INSERT INTO <table> (…) VALUES (<one row>) RETURNING id",
//! optionally with "ON CONFLICT … DO NOTHING" before RETURNING (no row
//! comes back when the insert was skipped). Anything else — several rows,
//! INSERT … SELECT, DO UPDATE, other RETURNING lists — is not (nullopt).
std::optional<InsertReturningId> parse_insert_returning_id(std::string_view sql);

}  // namespace fairlabel::store::sqlite
