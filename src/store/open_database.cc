// open_database: picks the backend from the URL scheme.
#include "store/database.h"
#include "store/postgres/postgres_database.h"
#include "store/sqlite/sqlite_database.h"

namespace fairlabel::store {

std::unique_ptr<Database> open_database(const std::string& url, int pool_size) {
  const std::string_view view = url;
  if (view.starts_with("sqlite:")) {
    const std::string path = url.substr(std::string_view("sqlite:").size());
    if (path.empty()) throw StoreError(StoreErrorKind::connection, "database URL \"sqlite:\" names no file");
    return sqlite::open(path, pool_size);
  }
  if (view.starts_with("postgresql://") || view.starts_with("postgres://")) return postgres::open(url, pool_size);
  // Only the scheme is quoted back: the rest of a URL may hold a password.
  const auto colon = view.find(':');
  const std::string scheme = colon == std::string_view::npos ? std::string("(none)") : url.substr(0, colon);
  throw StoreError(StoreErrorKind::connection,
                   "unsupported database URL scheme \"" + scheme +
                       "\": use sqlite:PATH, sqlite::memory: or postgresql://user@host:port/dbname");
}

}  // namespace fairlabel::store
