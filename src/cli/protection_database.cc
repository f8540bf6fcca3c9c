#include "cli/protection_database.h"

#include <filesystem>

#include "core/error.h"
#include "store/migrations.h"

namespace fairlabel::cli {

std::unique_ptr<store::Database> open_protection_database(const DatabaseOptions& options) {
  const std::string url = options.app_config().database_url;
  if (url.rfind("sqlite:", 0) == 0 && url != "sqlite::memory:" && !std::filesystem::exists(url.substr(7))) {
    throw fairlabel::Error(ErrorKind::not_found, "not_found",
                           "there is no database at " + url.substr(7) + " (check --data or --db)");
  }
  auto db = store::open_database(url, 2);
  auto version = store::current_schema_version(*db);
  if (version < 6) {
    throw fairlabel::Error(ErrorKind::precondition, "schema_too_old",
                           "the database has no audit log yet (schema version " + std::to_string(version) +
                               "); run `fairlabel migrate` first");
  }
  return db;
}

}  // namespace fairlabel::cli
