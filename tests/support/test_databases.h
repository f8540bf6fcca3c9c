#pragma once
//! Fresh databases for tests, on every storage backend.
//!
//! A suite that touches storage runs once per backend:
//!
//!   class MyTest : public ::testing::TestWithParam<std::string> {
//!    protected:
//!     void SetUp() override {
//!       database_ = std::make_unique<testing::TestDatabase>(testing::TestDatabase::create(GetParam()));
//!       store::migrate(database_->db(), clock_);   // create() returns an EMPTY database
//!     }
//!     std::unique_ptr<testing::TestDatabase> database_;
//!   };
//!   INSTANTIATE_TEST_SUITE_P(Backends, MyTest, ::testing::ValuesIn(testing::test_backends()),
//!                            testing::backend_name);
//!
//! Backends:
//!  - "sqlite": a database file in a new temporary folder (under $TMPDIR or
//!    /tmp), removed with the folder afterwards. A file rather than
//!    ":memory:" so that concurrency and reopening behave as in production.
//!  - "postgres": a new database named fl_test_<pid>_<n>_<random> on the
//!    server at $FAIRLABEL_TEST_POSTGRES_URL (scripts/test.sh starts one;
//!    scripts/postgres-test-server.sh starts one by hand), dropped afterwards.
//!    If the variable is not set, create() throws, so the test FAILS rather
//!    than being skipped: a suite that silently ran on one backend only
//!    would prove nothing about the other.
//!
//! Each test gets its own database, so tests may run in parallel processes
//! (ctest -j) and may create whatever extra tables they need.

#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "store/database.h"

namespace fairlabel::testing {

//! The backends every storage-touching suite runs on: {"sqlite", "postgres"}.
std::vector<std::string> test_backends();

//! Names parameterised tests after their backend (".../sqlite", ".../postgres").
std::string backend_name(const ::testing::TestParamInfo<std::string>& info);

//! One fresh, empty database that is deleted when this object is destroyed.
//! Movable, not copyable. Destroy it only after every Lease of db() is returned.
class TestDatabase {
 public:
  //! A fresh empty database on `backend` ("sqlite" or "postgres"), with a
  //! pool of `pool_size` connections. Throws std::runtime_error if the
  //! backend is unknown or unavailable (with the reason and what to do).
  static TestDatabase create(const std::string& backend, int pool_size = 8);

  TestDatabase(TestDatabase&&) noexcept;
  TestDatabase& operator=(TestDatabase&&) noexcept;
  ~TestDatabase();

  store::Database& db();
  const std::string& backend() const;

  //! The URL of this database, for store::open_database (e.g. to open a
  //! second, independent pool on the same data).
  const std::string& url() const;

  //! Closes the pool and opens a new one on the same data, as a restart
  //! would. Every Lease must have been returned.
  void reopen();

 private:
  struct State;
  explicit TestDatabase(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace fairlabel::testing
