// The audit chain on both backends: appends link up, and any edited,
// removed or reordered entry is found and named by verify().
#include "audit/audit_log.h"

#include <gtest/gtest.h>

#include "core/error.h"
#include "store/migrations.h"
#include "support/test_databases.h"

namespace fairlabel::audit {
namespace {

class AuditLogTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    database_ = std::make_unique<testing::TestDatabase>(testing::TestDatabase::create(GetParam()));
    store::migrate(database_->db(), clock_);
    store::transact(database_->db(), store::TxMode::write, [&](store::Connection& c) {
      for (int i = 1; i <= 5; ++i) {
        log_.append(c, {i % 2 ? std::optional<std::int64_t>(7) : std::nullopt,
                        "verdict.reject",
                        "assignment:" + std::to_string(i),
                        "clause 3 broken",
                        {{"n", i}}});
        clock_.advance(kMicrosPerSecond);
      }
    });
  }
  //! Tampering as someone with database access would: triggers dropped first.
  void tamper(const std::string& sql) {
    store::transact(database_->db(), store::TxMode::write, [&](store::Connection& c) {
      if (c.dialect() == store::Dialect::sqlite) {
        c.execute_script("DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;");
      } else {
        c.execute_script("DROP TRIGGER audit_log_no_change ON audit_log;");
      }
      c.execute_script(sql);
    });
  }
  std::optional<ChainBreak> verify() {
    return store::transact(database_->db(), store::TxMode::read,
                           [](store::Connection& c) { return AuditLog::verify(c); });
  }

  ManualClock clock_{1'795'888'680LL * kMicrosPerSecond};
  AuditLog log_{clock_};
  std::unique_ptr<testing::TestDatabase> database_;
};

TEST_P(AuditLogTest, AppendsFormOneVerifiableChain) {
  EXPECT_FALSE(verify().has_value());
  auto entries = store::transact(database_->db(), store::TxMode::read,
                                 [](store::Connection& c) { return AuditLog::entries(c, 0, 100); });
  ASSERT_EQ(entries.size(), 5u);
  EXPECT_EQ(entries[0].prev_hash, kGenesisHash);
  for (std::size_t i = 1; i < entries.size(); ++i) EXPECT_EQ(entries[i].prev_hash, entries[i - 1].hash);
  EXPECT_EQ(entries[1].actor_id, std::nullopt);
  EXPECT_EQ(entries[2].detail, R"({"n":3})");
  EXPECT_EQ(entries[0].hash.size(), 64u);
}

TEST_P(AuditLogTest, TheDatabaseRefusesChangesThroughTheTriggers) {
  EXPECT_THROW(
      store::transact(database_->db(), store::TxMode::write,
                      [](store::Connection& c) { c.execute("UPDATE audit_log SET reason = 'x' WHERE seq = 1"); }),
      store::StoreError);
  EXPECT_THROW(store::transact(database_->db(), store::TxMode::write,
                               [](store::Connection& c) { c.execute("DELETE FROM audit_log WHERE seq = 1"); }),
               store::StoreError);
}

TEST_P(AuditLogTest, AnEditedEntryIsNamed) {
  tamper("UPDATE audit_log SET reason = 'no reason' WHERE seq = 3");
  auto broken = verify();
  ASSERT_TRUE(broken.has_value());
  EXPECT_EQ(broken->seq, 3);
  EXPECT_EQ(broken->problem, "edited");
  EXPECT_NE(broken->message.find("audit entry 3"), std::string::npos) << broken->message;
}

TEST_P(AuditLogTest, AnEditedEntryWithARecomputedHashBreaksTheNextLink) {
  // Someone who edits a row and fixes its own hash still breaks entry 4.
  AuditEntry forged = store::transact(database_->db(), store::TxMode::read,
                                      [](store::Connection& c) { return AuditLog::entries(c, 2, 1).at(0); });
  forged.reason = "forged";
  forged.hash = entry_hash(forged);
  tamper("UPDATE audit_log SET reason = 'forged', hash = '" + forged.hash + "' WHERE seq = 3");
  auto broken = verify();
  ASSERT_TRUE(broken.has_value());
  EXPECT_EQ(broken->seq, 4);
  EXPECT_EQ(broken->problem, "reordered");
}

TEST_P(AuditLogTest, ARemovedEntryIsNamed) {
  tamper("DELETE FROM audit_log WHERE seq = 2");
  auto broken = verify();
  ASSERT_TRUE(broken.has_value());
  EXPECT_EQ(broken->seq, 2);
  EXPECT_EQ(broken->problem, "removed");
}

TEST_P(AuditLogTest, RemovingTheNewestEntryIsNoticedAgainstTheHead) {
  tamper("DELETE FROM audit_log WHERE seq = 5");
  auto broken = verify();
  ASSERT_TRUE(broken.has_value());
  EXPECT_EQ(broken->seq, 5);
  EXPECT_EQ(broken->problem, "removed");
}

TEST_P(AuditLogTest, SwappedEntriesAreFound) {
  tamper(
      "UPDATE audit_log SET seq = 100 WHERE seq = 2; UPDATE audit_log SET seq = 2 WHERE seq = 3; "
      "UPDATE audit_log SET seq = 3 WHERE seq = 100;");
  auto broken = verify();
  ASSERT_TRUE(broken.has_value());
  EXPECT_EQ(broken->seq, 2);
}

TEST_P(AuditLogTest, AnEventNeedsAnActionAndASubject) {
  EXPECT_THROW(store::transact(database_->db(), store::TxMode::write,
                               [&](store::Connection& c) {
                                 log_.append(c, {std::nullopt, "", "x:1", "", {}});
                               }),
               Error);
}

INSTANTIATE_TEST_SUITE_P(Backends, AuditLogTest, ::testing::ValuesIn(testing::test_backends()), testing::backend_name);

}  // namespace
}  // namespace fairlabel::audit
