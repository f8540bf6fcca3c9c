#pragma once
//! The PostgreSQL backend of store::Database (see store/database.h), on libpq.
//!
//! Connections are opened lazily up to the pool size (one right away, so an
//! unreachable server fails in open_database). Statements are prepared once
//! per connection under generated names and cached by SQL text plus the
//! types of the arguments (int64 → int8, text → text, NULL → inferred by the
//! server); arguments and results travel in text format.
//!
//! Cells are converted by column type: int2/int4/int8/oid → int64; bool →
//! 0/1; numeric holding a whole number (what SUM(bigint) returns) → int64;
//! NULL → null; floating point → StoreError{other} (never stored, and SQLite
//! rejects it too); everything else → its text.
//!
//! Transactions: read = REPEATABLE READ READ ONLY (one snapshot), write =
//! READ COMMITTED, serializable = SERIALIZABLE. Error mapping by SQLSTATE:
//! 40001/40P01 → retryable; 23505 → unique_violation; other 23xxx →
//! constraint; 08xxx, 57P0x or a dead socket → connection, and such a
//! connection is dropped from the pool rather than returned (the next
//! acquire opens a fresh one). Unlike SQLite, any error inside a
//! PostgreSQL transaction aborts the whole transaction: catching a
//! StoreError and carrying on in the same transaction is not portable.
//!
//! Messages carry the server's primary message and the SQL text, never the
//! bound values nor the DETAIL field (which quotes the offending values).

#include <memory>
#include <string>

#include "store/database.h"

namespace fairlabel::store::postgres {

//! Connects to the server named by a libpq URI ("postgresql://user@host:port/db?…").
//! Throws StoreError{connection} if the first connection cannot be made.
std::unique_ptr<Database> open(const std::string& url, int pool_size);

//! "postgresql://host:port/dbname" for `url`: no user name, no password, no options.
std::string describe_url(const std::string& url);

}  // namespace fairlabel::store::postgres
