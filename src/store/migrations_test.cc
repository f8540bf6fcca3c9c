// Schema migrations on both backends: from empty, idempotent, concurrent,
// and refusing a database newer than the binary.
#include <gtest/gtest.h>

#include <thread>

#include "store/migrations.h"
#include "support/test_databases.h"

namespace fairlabel::store {
namespace {

constexpr Timestamp kNow = 1'790'000'000'000'000;

class MigrationsTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override { database_ = std::make_unique<testing::TestDatabase>(testing::TestDatabase::create(GetParam())); }
  Database& db() { return database_->db(); }

  ManualClock clock_{kNow};
  std::unique_ptr<testing::TestDatabase> database_;
};

TEST_P(MigrationsTest, BothDialectsHaveTheSameVersions) {
  const auto& sqlite = builtin_migrations(Dialect::sqlite);
  const auto& postgres = builtin_migrations(Dialect::postgres);
  ASSERT_EQ(sqlite.size(), postgres.size());
  ASSERT_FALSE(sqlite.empty());
  for (std::size_t i = 0; i < sqlite.size(); ++i) {
    EXPECT_EQ(sqlite[i].version, postgres[i].version);
    EXPECT_EQ(sqlite[i].name, postgres[i].name);
    if (i > 0) {
      EXPECT_GT(sqlite[i].version, sqlite[i - 1].version);
    }
  }
  EXPECT_EQ(latest_schema_version(Dialect::sqlite), sqlite.back().version);
}

TEST_P(MigrationsTest, MigratesFromEmptyThenDoesNothing) {
  const int latest = latest_schema_version(db().dialect());
  EXPECT_EQ(current_schema_version(db()), 0);
  EXPECT_EQ(migrate(db(), clock_), static_cast<int>(builtin_migrations(db().dialect()).size()));
  EXPECT_EQ(current_schema_version(db()), latest);
  EXPECT_EQ(migrate(db(), clock_), 0);
  EXPECT_EQ(current_schema_version(db()), latest);
}

TEST_P(MigrationsTest, RecordsVersionNameAndTime) {
  migrate(db(), clock_);
  const auto rows = db().acquire()->execute("SELECT version, name, applied_at FROM schema_migrations ORDER BY version");
  const auto& migrations = builtin_migrations(db().dialect());
  ASSERT_EQ(rows.rows.size(), migrations.size());
  EXPECT_EQ(rows.rows[0].integer(0), migrations[0].version);
  EXPECT_EQ(rows.rows[0].text(1), migrations[0].name);
  EXPECT_EQ(rows.rows[0].integer(2), kNow);
}

TEST_P(MigrationsTest, SchemaAcceptsUsersWithReturningId) {
  migrate(db(), clock_);
  auto insert_user = [&](const std::string& email) {
    return transact(db(), TxMode::write, [&](Connection& c) {
      return c
          .execute(
              "INSERT INTO users (email, password_hash, display_name, created_at, updated_at)"
              " VALUES ($1, $2, $3, $4, $4) RETURNING id",
              {email, std::string("$argon2id$v=19$..."), std::string("Ada"), clock_.now()})
          .single()
          .integer(0);
    });
  };
  const auto first = insert_user("ada@example.org");
  const auto second = insert_user("grace@example.org");
  EXPECT_GT(first, 0);
  EXPECT_GT(second, first);
  try {
    insert_user("ada@example.org");
    FAIL() << "duplicate email accepted";
  } catch (const StoreError& e) {
    EXPECT_EQ(e.kind(), StoreErrorKind::unique_violation);
  }
  const auto row = db().acquire()->execute("SELECT status, language, failed_logins, country FROM users WHERE id = $1",
                                           {first}).single();
  EXPECT_EQ(row.text(0), "active");
  EXPECT_EQ(row.text(1), "en");
  EXPECT_EQ(row.integer(2), 0);
  EXPECT_TRUE(row.is_null(3));
}

TEST_P(MigrationsTest, RefusesADatabaseNewerThanTheBinary) {
  migrate(db(), clock_);
  const int newer = latest_schema_version(db().dialect()) + 1;
  db().acquire()->execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, 'future', 0)",
                          {std::int64_t{newer}});
  try {
    migrate(db(), clock_);
    FAIL() << "a newer schema was accepted";
  } catch (const StoreError& e) {
    EXPECT_EQ(e.kind(), StoreErrorKind::other);
    EXPECT_NE(std::string(e.what()).find(std::to_string(newer)), std::string::npos) << e.what();
  }
}

TEST_P(MigrationsTest, ConcurrentMigratorsApplyEachMigrationOnce) {
  // Two "processes": independent pools on the same database.
  constexpr int kMigrators = 3;
  std::vector<std::unique_ptr<Database>> pools;
  for (int i = 0; i < kMigrators; ++i) pools.push_back(open_database(database_->url(), 2));
  std::vector<int> applied(kMigrators, -1);
  std::vector<std::thread> threads;
  for (int i = 0; i < kMigrators; ++i) {
    threads.emplace_back([&, i] {
      try {
        applied[i] = migrate(*pools[i], clock_);
      } catch (const std::exception& e) {
        ADD_FAILURE() << e.what();
      }
    });
  }
  for (auto& thread : threads) thread.join();
  int total = 0;
  for (int count : applied) total += count;
  EXPECT_EQ(total, static_cast<int>(builtin_migrations(db().dialect()).size()));
  EXPECT_EQ(current_schema_version(db()), latest_schema_version(db().dialect()));
}

INSTANTIATE_TEST_SUITE_P(Backends, MigrationsTest, ::testing::ValuesIn(testing::test_backends()),
                         testing::backend_name);

}  // namespace
}  // namespace fairlabel::store
