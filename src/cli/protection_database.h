#pragma once
// Opening an existing database for the audit and report commands: they
// inspect, so they never create a database or migrate one.
#include <memory>

#include "cli/commands.h"
#include "store/database.h"

namespace fairlabel::cli {

//! Throws Error{not_found} when the SQLite file is missing and
//! Error{precondition, "schema_too_old"} before the protection schema (6).
std::unique_ptr<store::Database> open_protection_database(const DatabaseOptions& options);

}  // namespace fairlabel::cli
