// PostgreSQL specifics the shared suite cannot express: broken connections
// leave the pool, and an aborted transaction cannot be committed.
#include "store/postgres/postgres_database.h"

#include <gtest/gtest.h>

#include "support/test_databases.h"

namespace fairlabel::store::postgres {
namespace {

class PostgresTest : public ::testing::Test {
 protected:
  void SetUp() override {
    database_ = std::make_unique<testing::TestDatabase>(testing::TestDatabase::create("postgres", /*pool_size=*/1));
  }
  Database& db() { return database_->db(); }
  std::int64_t backend_pid() { return db().acquire()->execute("SELECT pg_backend_pid()").single().integer(0); }

  std::unique_ptr<testing::TestDatabase> database_;
};

TEST_F(PostgresTest, BrokenConnectionIsReplacedOnTheNextAcquire) {
  const auto before = backend_pid();
  try {
    db().acquire()->execute("SELECT pg_terminate_backend(pg_backend_pid())");
    FAIL() << "the server did not drop the connection";
  } catch (const StoreError& e) {
    EXPECT_EQ(e.kind(), StoreErrorKind::connection) << e.what();
  }
  // Pool size 1: had the dead connection gone back, this would fail.
  const auto after = backend_pid();
  EXPECT_NE(after, before);
}

TEST_F(PostgresTest, ConnectionKilledFromOutsideIsReportedAndReplaced) {
  const auto victim = backend_pid();
  auto other = open_database(database_->url(), 1);
  EXPECT_EQ(other->acquire()->execute("SELECT pg_terminate_backend(CAST($1 AS INTEGER))", {victim}).single().integer(0), 1);
  try {
    db().acquire()->execute("SELECT 1");
    FAIL() << "a dead connection answered";
  } catch (const StoreError& e) {
    EXPECT_EQ(e.kind(), StoreErrorKind::connection) << e.what();
  }
  EXPECT_EQ(db().acquire()->execute("SELECT 1").single().integer(0), 1);
}

TEST_F(PostgresTest, CommittingAFailedTransactionIsAnError) {
  db().acquire()->execute_script("CREATE TABLE t (k TEXT PRIMARY KEY)");
  auto c = db().acquire();
  c->begin(TxMode::write);
  c->execute("INSERT INTO t (k) VALUES ('a')");
  EXPECT_THROW(c->execute("INSERT INTO t (k) VALUES ('a')"), StoreError);
  EXPECT_THROW(c->commit(), StoreError);
  EXPECT_EQ(c->execute("SELECT COUNT(*) FROM t").single().integer(0), 0);
}

TEST_F(PostgresTest, ReadTransactionsAreReadOnly) {
  db().acquire()->execute_script("CREATE TABLE t (k TEXT PRIMARY KEY)");
  EXPECT_THROW(transact(db(), TxMode::read, [](Connection& c) { c.execute("INSERT INTO t (k) VALUES ('a')"); }),
               StoreError);
}

TEST_F(PostgresTest, SerializationFailureIsRetryable) {
  db().acquire()->execute_script("CREATE TABLE t (id BIGINT PRIMARY KEY, n BIGINT NOT NULL); INSERT INTO t VALUES (1, 0)");
  auto second = open_database(database_->url(), 1);
  auto a = db().acquire();
  auto b = second->acquire();
  a->begin(TxMode::serializable);
  b->begin(TxMode::serializable);
  a->execute("SELECT n FROM t WHERE id = 1");
  b->execute("SELECT n FROM t WHERE id = 1");
  a->execute("UPDATE t SET n = 1 WHERE id = 1");
  a->commit();
  try {
    b->execute("UPDATE t SET n = 2 WHERE id = 1");
    b->commit();
    FAIL() << "a lost update was allowed";
  } catch (const StoreError& e) {
    EXPECT_EQ(e.kind(), StoreErrorKind::retryable) << e.what();
  }
  b->rollback();
}

TEST(PostgresDescribeUrl, KeepsHostPortAndDatabaseOnly) {
  EXPECT_EQ(describe_url("postgresql://u:p@h:1/d"), "postgresql://h:1/d");
}

}  // namespace
}  // namespace fairlabel::store::postgres
