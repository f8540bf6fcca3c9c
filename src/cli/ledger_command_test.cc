// `fairlabel ledger verify` on both backends: exit 0 on a sound ledger; exit
// 1 listing every violation with its rows on a tampered one; a clear error
// before migrations.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "cli/commands.h"
#include "money/ledger.h"
#include "store/migrations.h"
#include "support/test_databases.h"

namespace fairlabel::cli {
namespace {

class LedgerVerifyCommand : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    database_ = std::make_unique<testing::TestDatabase>(testing::TestDatabase::create(GetParam()));
  }
  int run_verify(std::string* out, std::string* err) {
    std::string url = database_->url();
    std::vector<std::string> args{"fairlabel", "ledger", "verify", "--db", url};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    ::testing::internal::CaptureStdout();
    ::testing::internal::CaptureStderr();
    int code = run(static_cast<int>(argv.size()), argv.data());
    *out = ::testing::internal::GetCapturedStdout();
    *err = ::testing::internal::GetCapturedStderr();
    return code;
  }
  ManualClock clock_{1'795'888'680LL * kMicrosPerSecond};
  std::unique_ptr<testing::TestDatabase> database_;
};

TEST_P(LedgerVerifyCommand, CleanTamperedAndUnmigrated) {
  std::string out, err;
  EXPECT_EQ(run_verify(&out, &err), 1);
  EXPECT_NE(err.find("run `fairlabel migrate` first"), std::string::npos) << err;

  store::migrate(database_->db(), clock_);
  money::Ledger ledger(clock_);
  const auto usd = money::Currency::of("USD");
  store::transact(database_->db(), store::TxMode::write, [&](store::Connection& c) {
    auto source = ledger.ensure_account(c, {money::OwnerKind::org, 1, money::Purpose::funding_source, usd});
    auto escrow = ledger.ensure_account(c, {money::OwnerKind::project, 2, money::Purpose::escrow, usd});
    ledger.post(c, {"deposit:1", source, escrow, 5'000, usd, "deposit", money::Cause{"deposit", 1}, "{}"});
  });
  EXPECT_EQ(run_verify(&out, &err), 0) << out << err;
  EXPECT_NE(out.find("ledger verify: OK"), std::string::npos) << out;

  store::transact(database_->db(), store::TxMode::write, [&](store::Connection& c) {
    c.execute("UPDATE ledger_accounts SET balance = balance + 1 WHERE purpose = 'escrow'");
  });
  EXPECT_EQ(run_verify(&out, &err), 1);
  EXPECT_NE(out.find("VIOLATION currency_sum_zero"), std::string::npos) << out;
  EXPECT_NE(out.find("VIOLATION balance_matches_transfers"), std::string::npos) << out;
  EXPECT_NE(out.find("account 2 (project 2 escrow USD): stored balance 5001"), std::string::npos) << out;
  EXPECT_NE(out.find("2 invariant(s) violated, 2 offending row(s)"), std::string::npos) << out;
}

TEST(LedgerVerifyCommandFiles, MissingSqliteFileIsAnErrorAndIsNotCreated) {
  std::string missing = ::testing::TempDir() + "/no-such-fairlabel-dir-" + std::to_string(::getpid());
  std::filesystem::create_directories(missing);
  std::vector<std::string> args{"fairlabel", "ledger", "verify", "--data", missing};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  ::testing::internal::CaptureStderr();
  EXPECT_EQ(run(static_cast<int>(argv.size()), argv.data()), 1);
  EXPECT_NE(::testing::internal::GetCapturedStderr().find("there is no database at"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(missing + "/fairlabel.db"));
  std::filesystem::remove_all(missing);
}

INSTANTIATE_TEST_SUITE_P(Backends, LedgerVerifyCommand, ::testing::ValuesIn(testing::test_backends()),
                         testing::backend_name);

}  // namespace
}  // namespace fairlabel::cli
