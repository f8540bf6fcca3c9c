#include "support/test_databases.h"

#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <stdexcept>

namespace fairlabel::testing {

namespace {

constexpr const char* kPostgresUrlVariable = "FAIRLABEL_TEST_POSTGRES_URL";

//! Unique among concurrently running test processes on this machine (pid),
//! within this process (counter), and against leftovers of earlier crashed
//! runs that had the same pid (random).
std::string unique_suffix() {
  static std::atomic<int> counter{0};
  std::random_device random;
  char suffix[64];
  std::snprintf(suffix, sizeof suffix, "%d_%d_%08x", static_cast<int>(getpid()), ++counter, random());
  return suffix;
}

//! `server_url` with its database name replaced by `dbname`
//! ("postgresql://u@h:p/postgres?x=y" → "postgresql://u@h:p/<dbname>?x=y").
std::string with_database(const std::string& server_url, const std::string& dbname) {
  const auto authority = server_url.find("://");
  if (authority == std::string::npos) throw std::runtime_error(std::string(kPostgresUrlVariable) + " is not a URL");
  const auto query = server_url.find('?', authority + 3);
  const auto path_end = query == std::string::npos ? server_url.size() : query;
  const auto slash = server_url.find('/', authority + 3);
  if (slash == std::string::npos || slash > path_end) {
    return server_url.substr(0, path_end) + "/" + dbname + server_url.substr(path_end);
  }
  return server_url.substr(0, slash + 1) + dbname + server_url.substr(path_end);
}

void run_on_server(const std::string& server_url, const std::string& sql) {
  // CREATE/DROP DATABASE cannot run inside a transaction, hence a script.
  auto server = store::open_database(server_url, 1);
  server->acquire()->execute_script(sql);
}

}  // namespace

struct TestDatabase::State {
  std::string backend;
  std::string url;
  int pool_size = 8;
  std::unique_ptr<store::Database> db;
  std::filesystem::path temp_dir;  // sqlite
  std::string server_url;          // postgres
  std::string database_name;       // postgres

  ~State() {
    db.reset();
    try {
      if (!temp_dir.empty()) std::filesystem::remove_all(temp_dir);
      if (!database_name.empty()) run_on_server(server_url, "DROP DATABASE IF EXISTS " + database_name + " WITH (FORCE)");
    } catch (const std::exception& e) {
      std::fprintf(stderr, "warning: could not delete test database %s: %s\n", url.c_str(), e.what());
    }
  }
};

std::vector<std::string> test_backends() { return {"sqlite", "postgres"}; }

std::string backend_name(const ::testing::TestParamInfo<std::string>& info) { return info.param; }

TestDatabase TestDatabase::create(const std::string& backend, int pool_size) {
  auto state = std::make_unique<State>();
  state->backend = backend;
  state->pool_size = pool_size;
  if (backend == "sqlite") {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/fl-test-XXXXXX";
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("cannot create a temporary folder " + pattern);
    state->temp_dir = pattern;
    state->url = "sqlite:" + (state->temp_dir / "test.db").string();
  } else if (backend == "postgres") {
    const char* server_url = std::getenv(kPostgresUrlVariable);
    if (server_url == nullptr || *server_url == '\0') {
      throw std::runtime_error(std::string("the PostgreSQL backend needs a server: set ") + kPostgresUrlVariable +
                               " (e.g. postgresql://postgres@127.0.0.1:55432/postgres) or run scripts/test.sh");
    }
    state->server_url = server_url;
    const std::string name = "fl_test_" + unique_suffix();
    // template0: never connected to, so concurrent CREATEs cannot trip over
    // "source database is being accessed by other users".
    run_on_server(state->server_url, "CREATE DATABASE " + name + " TEMPLATE template0 ENCODING 'UTF8'");
    state->database_name = name;
    state->url = with_database(state->server_url, name);
  } else {
    throw std::runtime_error("unknown test backend \"" + backend + "\" (expected sqlite or postgres)");
  }
  state->db = store::open_database(state->url, pool_size);
  return TestDatabase(std::move(state));
}

TestDatabase::TestDatabase(std::unique_ptr<State> state) : state_(std::move(state)) {}
TestDatabase::TestDatabase(TestDatabase&&) noexcept = default;
TestDatabase& TestDatabase::operator=(TestDatabase&&) noexcept = default;
TestDatabase::~TestDatabase() = default;

store::Database& TestDatabase::db() { return *state_->db; }
const std::string& TestDatabase::backend() const { return state_->backend; }
const std::string& TestDatabase::url() const { return state_->url; }

void TestDatabase::reopen() {
  state_->db.reset();
  state_->db = store::open_database(state_->url, state_->pool_size);
}

}  // namespace fairlabel::testing
