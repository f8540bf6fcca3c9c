// SQLite specifics: the $N → ?N rewrite and the in-memory database.
#include "store/sqlite/sqlite_database.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

namespace fairlabel::store::sqlite {
namespace {

TEST(SqliteParameters, DollarNumbersBecomeQuestionNumbers) {
  EXPECT_EQ(rewrite_parameters("SELECT $2 || $1 FROM t WHERE a = $10"), "SELECT ?2 || ?1 FROM t WHERE a = ?10");
}

TEST(SqliteParameters, LiteralsIdentifiersAndCommentsAreLeftAlone) {
  EXPECT_EQ(rewrite_parameters("SELECT '$1', 'it''s $2', \"col$3\", $4 -- $5\n, $6 /* $7 */ , $8"),
            "SELECT '$1', 'it''s $2', \"col$3\", ?4 -- $5\n, ?6 /* $7 */ , ?8");
  EXPECT_EQ(rewrite_parameters("SELECT a$1 FROM t"), "SELECT a$1 FROM t");
  EXPECT_EQ(rewrite_parameters("SELECT 'unterminated $1"), "SELECT 'unterminated $1");
  EXPECT_EQ(rewrite_parameters("SELECT $"), "SELECT $");
}

TEST(SqliteMemory, IsOneSharedConnection) {
  auto db = open(":memory:", 8);
  EXPECT_EQ(db->describe(), "sqlite::memory:");
  db->acquire()->execute_script("CREATE TABLE t (n INTEGER NOT NULL) STRICT");
  // Every lease sees the same data, including from other threads.
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&] {
      for (int j = 0; j < 25; ++j) {
        transact(*db, TxMode::write, [](Connection& c) { c.execute("INSERT INTO t (n) VALUES (1)"); });
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(db->acquire()->execute("SELECT COUNT(*) FROM t").single().integer(0), 100);
}

TEST(SqliteMemory, ForeignKeysAreOn) {
  auto db = open(":memory:", 1);
  auto c = db->acquire();
  EXPECT_EQ(c->execute("PRAGMA foreign_keys").single().integer(0), 1);
}

TEST(SqliteFile, UsesWalAndFullSync) {
  char folder[] = "/tmp/fl-sqlite-XXXXXX";
  ASSERT_NE(mkdtemp(folder), nullptr);
  const std::string path = std::string(folder) + "/x.db";
  {
    auto db = open(path, 2);
    auto c = db->acquire();
    EXPECT_EQ(c->execute("PRAGMA journal_mode").single().text(0), "wal");
    EXPECT_EQ(c->execute("PRAGMA synchronous").single().integer(0), 2);  // FULL
    EXPECT_EQ(c->execute("PRAGMA foreign_keys").single().integer(0), 1);
  }
  std::filesystem::remove_all(folder);
}

//! Bytes this process has passed to write(2) and friends so far.
std::int64_t bytes_written_by_process() {
  std::ifstream io("/proc/self/io");
  for (std::string field; io >> field;) {
    std::int64_t value = 0;
    io >> value;
    if (field == "wchar:") return value;
  }
  return -1;
}

//! 20,000 rows whose unique keys fall all over the index.
constexpr const char* kInsertRandomKeys =
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000) "
    "INSERT INTO t (n, k) SELECT i, hex(randomblob(16)) FROM n";

// A statement inside a transaction keeps its undo (the statement journal;
// savepoints use the same) in memory: before COMMIT nothing goes to disk.
// With SQLite's default, a journal above 64 KiB spills to a temporary file,
// which made bulk ledger posting write 8× more than its WAL.
TEST(SqliteFile, StatementJournalsStayInMemory) {
  char folder[] = "/tmp/fl-sqlite-XXXXXX";
  ASSERT_NE(mkdtemp(folder), nullptr);
  {
    auto db = open(std::string(folder) + "/x.db", 2);
    {
      auto c = db->acquire();
      EXPECT_EQ(c->execute("PRAGMA temp_store").single().integer(0), 2);  // MEMORY
      c->execute_script("CREATE TABLE t (n INTEGER NOT NULL, k TEXT NOT NULL UNIQUE) STRICT");
      // Committed rows first: only pages that existed before a statement
      // are journaled, and the keys below land among these.
      c->execute(kInsertRandomKeys);
    }
    transact(*db, TxMode::write, [&](Connection& tx) {
      tx.execute("INSERT INTO t (n, k) VALUES (0, 'first')");  // earlier change: the next statement needs a journal
      tx.execute("SAVEPOINT s");
      const std::int64_t before = bytes_written_by_process();
      ASSERT_GE(before, 0) << "/proc/self/io unreadable";
      // One statement changing most index pages of the table.
      tx.execute(kInsertRandomKeys);
      tx.execute("RELEASE s");
      EXPECT_LT(bytes_written_by_process() - before, 64 * 1024);
    });
    EXPECT_EQ(db->acquire()->execute("SELECT COUNT(*) FROM t").single().integer(0), 40001);
  }
  std::filesystem::remove_all(folder);
}

TEST(SqliteFile, UnopenablePathIsAConnectionError) {
  try {
    open("/nonexistent-folder/for/sure/x.db", 1);
    FAIL() << "opened a file in a missing folder";
  } catch (const StoreError& e) {
    EXPECT_EQ(e.kind(), StoreErrorKind::connection);
  }
}

TEST(SqliteStatements, ExecuteTakesOneStatement) {
  auto db = open(":memory:", 1);
  EXPECT_THROW(db->acquire()->execute("SELECT 1; SELECT 2"), StoreError);
  EXPECT_EQ(db->acquire()->execute("SELECT 1;").single().integer(0), 1);
}

TEST(SqliteInsertReturningId, RecognisesOneRowInsertsOnly) {
  auto plain = parse_insert_returning_id("INSERT INTO t (a, b) VALUES ($1, '(x)') RETURNING id");
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->table, "t");
  EXPECT_EQ(plain->without_returning, "INSERT INTO t (a, b) VALUES ($1, '(x)')");
  auto skipped = parse_insert_returning_id("INSERT INTO t_2 (a) VALUES (lower($1)) ON CONFLICT (a) DO NOTHING RETURNING id");
  ASSERT_TRUE(skipped);
  EXPECT_EQ(skipped->table, "t_2");
  EXPECT_EQ(skipped->without_returning, "INSERT INTO t_2 (a) VALUES (lower($1)) ON CONFLICT (a) DO NOTHING");

  EXPECT_FALSE(parse_insert_returning_id("INSERT INTO t (a) VALUES ($1), ($2) RETURNING id"));
  EXPECT_FALSE(parse_insert_returning_id("INSERT INTO t (a) SELECT a FROM u RETURNING id"));
  EXPECT_FALSE(parse_insert_returning_id("INSERT INTO t (a) VALUES ($1) ON CONFLICT (a) DO UPDATE SET a = 1 RETURNING id"));
  EXPECT_FALSE(parse_insert_returning_id("INSERT INTO t (a) VALUES ($1) RETURNING id, a"));
  EXPECT_FALSE(parse_insert_returning_id(
      "INSERT INTO t (a) VALUES ($1) ON CONFLICT (a) DO UPDATE SET a = 1 ON CONFLICT DO NOTHING RETURNING id"));
  EXPECT_FALSE(parse_insert_returning_id("INSERT INTO t (a) VALUES ($1) RETURNING a"));
  EXPECT_FALSE(parse_insert_returning_id("UPDATE t SET a = 1 RETURNING id"));
  EXPECT_FALSE(parse_insert_returning_id("INSERT INTO t (a) VALUES ('unterminated) RETURNING id"));
}

//! Whether or not the clause is dropped, the result is what RETURNING id
//! returns: the new id, no row when ON CONFLICT skipped the insert, the
//! statement's own id when a trigger inserted elsewhere, and the id column
//! itself when it is not the rowid.
TEST(SqliteInsertReturningId, ReturnsWhatReturningWould) {
  auto db = open(":memory:", 1);
  auto c = db->acquire();
  c->execute_script(
      "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT NOT NULL UNIQUE) STRICT;"
      "CREATE TABLE log (id INTEGER PRIMARY KEY, what TEXT NOT NULL) STRICT;"
      "INSERT INTO log (id, what) VALUES (100, 'start');"
      "CREATE TRIGGER t_logged AFTER INSERT ON t BEGIN INSERT INTO log (what) VALUES (NEW.a); END;"
      "CREATE TABLE named (id TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;"
      "CREATE TABLE descending (id INTEGER PRIMARY KEY DESC, n INTEGER NOT NULL);"
      "INSERT INTO descending (id, n) VALUES (50, 0);");
  EXPECT_EQ(c->execute("INSERT INTO t (a) VALUES ($1) RETURNING id", {std::string("x")}).single().integer(0), 1);
  EXPECT_EQ(c->execute("INSERT INTO t (a) VALUES ($1) RETURNING id", {std::string("y")}).single().integer(0), 2);
  EXPECT_EQ(c->execute("SELECT MAX(id) FROM log").single().integer(0), 102);  // the trigger's rows
  auto again = c->execute("INSERT INTO t (a) VALUES ($1) ON CONFLICT (a) DO NOTHING RETURNING id", {std::string("x")});
  EXPECT_TRUE(again.empty());
  EXPECT_EQ(again.affected_rows, 0);
  EXPECT_EQ(
      c->execute("INSERT INTO t (a) VALUES ($1) ON CONFLICT (a) DO NOTHING RETURNING id", {std::string("z")})
          .single()
          .integer(0),
      3);
  EXPECT_THROW(c->execute("INSERT INTO t (a) VALUES ($1) RETURNING id", {std::string("x")}), StoreError);
  EXPECT_EQ(c->execute("INSERT INTO named (id, n) VALUES ($1, 1) RETURNING id", {std::string("k")}).single().text(0),
            "k");
  // An INTEGER PRIMARY KEY DESC is not the rowid: the id inserted, not the rowid, comes back.
  EXPECT_EQ(c->execute("INSERT INTO descending (id, n) VALUES (7, 1) RETURNING id").single().integer(0), 7);
  auto two = c->execute("INSERT INTO t (a) VALUES ('p'), ('q') RETURNING id");
  ASSERT_EQ(two.rows.size(), 2u);
  EXPECT_EQ(two.rows[1].integer(0), 5);
}

}  // namespace
}  // namespace fairlabel::store::sqlite
