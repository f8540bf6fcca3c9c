// open_database URL dispatch, and PostgreSQL descriptions without secrets.
#include <gtest/gtest.h>

#include "store/database.h"
#include "store/postgres/postgres_database.h"

namespace fairlabel::store {
namespace {

StoreError open_error(const std::string& url) {
  try {
    open_database(url, 1);
  } catch (const StoreError& e) {
    return e;
  }
  ADD_FAILURE() << "opened " << url;
  return StoreError(StoreErrorKind::other, "");
}

TEST(OpenDatabase, UnknownSchemeIsAConnectionErrorThatQuotesOnlyTheScheme) {
  const auto error = open_error("mysql://root:hunter2@db/fairlabel");
  EXPECT_EQ(error.kind(), StoreErrorKind::connection);
  EXPECT_NE(std::string(error.what()).find("mysql"), std::string::npos) << error.what();
  EXPECT_EQ(std::string(error.what()).find("hunter2"), std::string::npos) << error.what();
  EXPECT_EQ(open_error("fairlabel.db").kind(), StoreErrorKind::connection);
  EXPECT_EQ(open_error("sqlite:").kind(), StoreErrorKind::connection);
}

TEST(OpenDatabase, SqliteMemory) {
  auto db = open_database("sqlite::memory:");
  EXPECT_EQ(db->dialect(), Dialect::sqlite);
  EXPECT_EQ(db->acquire()->execute("SELECT 40 + 2").single().integer(0), 42);
}

TEST(OpenDatabase, UnreachablePostgresIsAConnectionErrorWithoutThePassword) {
  // Port 1 on loopback: nothing listens there, so the refusal is immediate.
  const auto error = open_error("postgresql://fl:hunter2@127.0.0.1:1/fairlabel?connect_timeout=2");
  EXPECT_EQ(error.kind(), StoreErrorKind::connection);
  EXPECT_EQ(std::string(error.what()).find("hunter2"), std::string::npos) << error.what();
}

TEST(PostgresDescribe, LeavesOutUserPasswordAndOptions) {
  EXPECT_EQ(postgres::describe_url("postgresql://fl:hunter2@db.internal:5433/fairlabel?sslmode=require"),
            "postgresql://db.internal:5433/fairlabel");
  EXPECT_EQ(postgres::describe_url("postgres://fl@10.0.0.5/app"), "postgresql://10.0.0.5/app");
}

}  // namespace
}  // namespace fairlabel::store
