// Group commit on both backends: concurrent writers share commits, a
// failing piece is rolled back alone, and nesting is refused.
#include "store/write_batcher.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "core/error.h"
#include "store/database.h"
#include "support/test_databases.h"

namespace fairlabel::store {
namespace {

class WriteBatcherTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    database_ = std::make_unique<testing::TestDatabase>(testing::TestDatabase::create(GetParam(), 4));
    auto lease = database_->db().acquire();
    lease->execute_script("CREATE TABLE items (id BIGINT PRIMARY KEY, owner BIGINT NOT NULL)");
  }
  std::int64_t count(const std::string& where = "1 = 1") {
    return transact(database_->db(), TxMode::read, [&](Connection& c) {
      return c.execute("SELECT COUNT(*) FROM items WHERE " + where).single().integer(0);
    });
  }
  std::unique_ptr<testing::TestDatabase> database_;
};

TEST_P(WriteBatcherTest, ConcurrentWritersShareCommitsAndAllLand) {
  auto& db = database_->db();
  WriteBatcher batcher(db);
  db.set_write_batcher(&batcher);
  constexpr int kThreads = 16, kEach = 40;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        auto id = transact(db, TxMode::write, [&](Connection& c) {
          c.execute("INSERT INTO items (id, owner) VALUES ($1, $2)", {std::int64_t{t * 1000 + i}, std::int64_t{t}});
          return std::int64_t{t * 1000 + i};
        });
        EXPECT_EQ(id, t * 1000 + i);
      }
    });
  }
  for (auto& t : threads) t.join();
  db.set_write_batcher(nullptr);
  EXPECT_EQ(count(), kThreads * kEach);
  EXPECT_EQ(batcher.pieces(), static_cast<std::size_t>(kThreads * kEach));
  EXPECT_LT(batcher.batches(), batcher.pieces()) << "16 concurrent writers never shared a commit";
}

TEST_P(WriteBatcherTest, AFailingPieceIsRolledBackAloneAndItsCallerHearsWhy) {
  auto& db = database_->db();
  WriteBatcher batcher(db);
  db.set_write_batcher(&batcher);
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      try {
        transact(db, TxMode::write, [&](Connection& c) {
          c.execute("INSERT INTO items (id, owner) VALUES ($1, 7)", {std::int64_t{t}});
          // Odd writers fail after writing: their row must not survive.
          if (t % 2) throw Error::invalid("odd", "odd writers fail");
        });
      } catch (const Error& e) {
        EXPECT_EQ(e.code(), "odd");
        ++failures;
      }
    });
  }
  for (auto& t : threads) t.join();
  // A statement error (duplicate key) inside a piece is also contained.
  EXPECT_THROW(
      transact(db, TxMode::write, [&](Connection& c) { c.execute("INSERT INTO items (id, owner) VALUES (0, 1)"); }),
      StoreError);
  transact(db, TxMode::write, [&](Connection& c) { c.execute("INSERT INTO items (id, owner) VALUES (100, 1)"); });
  db.set_write_batcher(nullptr);
  EXPECT_EQ(failures.load(), 4);
  EXPECT_EQ(count("owner = 7"), 4);
  EXPECT_EQ(count("id % 2 = 1"), 0);
  EXPECT_EQ(count("id = 100"), 1);
}

TEST_P(WriteBatcherTest, NestedTransactionsAreRefused) {
  auto& db = database_->db();
  WriteBatcher batcher(db);
  db.set_write_batcher(&batcher);
  EXPECT_THROW(transact(db, TxMode::write, [&](Connection&) { transact(db, TxMode::write, [](Connection&) {}); }),
               std::logic_error);
  db.set_write_batcher(nullptr);
}

INSTANTIATE_TEST_SUITE_P(Backends, WriteBatcherTest, ::testing::ValuesIn(testing::test_backends()),
                         testing::backend_name);

}  // namespace
}  // namespace fairlabel::store
