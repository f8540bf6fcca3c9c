// `fairlabel ledger verify` on both backends: exit 0 on a sound ledger; exit
// 1 listing every violation with its rows on a tampered one; a clear error
// before migrations.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

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

int run_cli(std::vector<std::string> args, std::string* out, std::string* err) {
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  ::testing::internal::CaptureStdout();
  ::testing::internal::CaptureStderr();
  int code = run(static_cast<int>(argv.size()), argv.data());
  *out = ::testing::internal::GetCapturedStdout();
  *err = ::testing::internal::GetCapturedStderr();
  return code;
}

TEST_P(LedgerVerifyCommand, PayoutWritesProviderFilesAndRecordsResults) {
  store::migrate(database_->db(), clock_);
  money::Ledger ledger(clock_);
  const auto usd = money::Currency::of("USD");
  store::transact(database_->db(), store::TxMode::write, [&](store::Connection& c) {
    auto user = [&](std::int64_t id, const char* status, const char* method) {
      c.execute(
          "INSERT INTO users (id, email, password_hash, display_name, status, payout_method, created_at, "
          "updated_at) VALUES ($1, $2, 'x', $3, $4, $5, 0, 0)",
          {id, "u" + std::to_string(id) + "@example.org", "User " + std::to_string(id), std::string(status),
           method ? store::Value(std::string(method)) : store::Value(nullptr)});
    };
    user(1, "active", R"({"provider":"paypal","receiver":"one@example.org"})");
    user(2, "deactivated", R"({"provider":"paypal","recipient_type":"PAYPAL_ID","receiver":"ABCD1234"})");
    user(3, "active", nullptr);
    auto source = ledger.ensure_account(c, {money::OwnerKind::org, 1, money::Purpose::funding_source, usd});
    for (std::int64_t w : {1, 2, 3}) {
      auto payable = ledger.ensure_account(c, {money::OwnerKind::worker, w, money::Purpose::payable, usd});
      ledger.post(c, {"earn:" + std::to_string(w), source, payable, 5'000 * w, usd, "piece_rate",
                      money::Cause{"assignment", w}, "{}"});
    }
  });
  std::string out_dir = ::testing::TempDir() + "/payout-" + std::to_string(::getpid()) + "-" + GetParam();
  std::filesystem::create_directories(out_dir);
  std::string out, err;
  ASSERT_EQ(run_cli({"fairlabel", "ledger", "payout", "--provider", "paypal", "--currency", "USD", "--minimum", "1.00",
                     "--out", out_dir, "--db", database_->url()},
                    &out, &err),
            0)
      << out << err;
  EXPECT_NE(out.find("2 item(s), 150.00 USD"), std::string::npos) << out;
  EXPECT_NE(out.find("deferred worker 3 (150.00 USD): no payout method for paypal"), std::string::npos) << out;
  std::ifstream file(out_dir + "/payout-batch-1.json");
  ASSERT_TRUE(file) << out;
  auto body = nlohmann::json::parse(file);
  ASSERT_EQ(body["items"].size(), 2u);
  EXPECT_EQ(body["items"][1]["recipient_type"], "PAYPAL_ID");  // the deactivated worker is paid
  EXPECT_EQ(body["items"][1]["amount"]["value"], "100.00");
  std::string item = body["items"][0]["sender_item_id"].get<std::string>().substr(8);

  std::vector<std::string> failed{
      "fairlabel", "ledger",        "payout-result", "--item", item, "--failed", "RECEIVER_UNREGISTERED",
      "--db",      database_->url()};
  EXPECT_EQ(run_cli(failed, &out, &err), 0) << out << err;
  EXPECT_NE(out.find("50.00 USD): failed"), std::string::npos) << out;
  EXPECT_EQ(run_cli(failed, &out, &err), 0) << err;  // a retry changes nothing
  EXPECT_EQ(run_cli({"fairlabel", "ledger", "payout-result", "--item", item, "--paid", "X", "--db", database_->url()},
                    &out, &err),
            1);
  EXPECT_NE(err.find("already recorded as failed"), std::string::npos) << err;
  EXPECT_EQ(run_cli({"fairlabel", "ledger", "payout-result", "--item", item, "--db", database_->url()}, &out, &err), 1);
  EXPECT_EQ(store::transact(
                database_->db(), store::TxMode::read,
                [&](store::Connection& c) {
                  return ledger.find_account(c, {money::OwnerKind::worker, 1, money::Purpose::payable, usd})->balance;
                }),
            5'000);
  EXPECT_EQ(run_cli({"fairlabel", "ledger", "verify", "--db", database_->url()}, &out, &err), 0) << out;
  std::filesystem::remove_all(out_dir);
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
