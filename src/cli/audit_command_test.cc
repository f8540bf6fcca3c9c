// `fairlabel audit verify` on both backends, after real activity over HTTP:
// exit 0 on an intact chain; after one audit row is edited by hand (as
// someone with database access would, dropping the append-only trigger
// first) exit 1 naming that entry; a clear error before migrations.
#include <gtest/gtest.h>

#include "app/app_http_fixture.h"
#include "cli/commands.h"

namespace fairlabel::cli {
namespace {

class AuditVerifyCommand : public app::AppHttpFixture {
 protected:
  int run_verify(std::string* out, std::string* err) {
    std::string url = database_->url();
    std::vector<std::string> args{"fairlabel", "audit", "verify", "--db", url};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    ::testing::internal::CaptureStdout();
    ::testing::internal::CaptureStderr();
    int code = run(static_cast<int>(argv.size()), argv.data());
    *out = ::testing::internal::GetCapturedStdout();
    *err = ::testing::internal::GetCapturedStderr();
    return code;
  }
};

TEST_P(AuditVerifyCommand, EditingOneAuditRowByHandMakesVerifyFailAndNameIt) {
  auto admin = create_and_login("admin@example.org", {accounts::Role::admin});
  auto worker = create_and_login("maria@example.org", {accounts::Role::worker}, "PH");
  // Activity that the audit log records: three disputes, a message, a decision.
  std::int64_t first = 0;
  for (int i = 0; i < 3; ++i) {
    auto opened =
        post("/api/v1/disputes", {{"category", "other"}, {"summary", "complaint " + std::to_string(i)}}, worker);
    ASSERT_EQ(opened.status, 201) << opened.body;
    if (i == 0) first = opened.json()["id"];
  }
  ASSERT_EQ(post("/api/v1/disputes/" + std::to_string(first) + "/messages", {{"body", "on it"}}, admin).status, 201);
  ASSERT_EQ(post("/api/v1/disputes/" + std::to_string(first) + "/decision",
                 {{"outcome", "denied"}, {"rule", "terms 2.1"}, {"reason", "no rule was broken"}}, admin)
                .status,
            200);

  std::string out, err;
  EXPECT_EQ(run_verify(&out, &err), 0) << out << err;
  EXPECT_NE(out.find("audit verify: OK, 5 entries"), std::string::npos) << out;

  // Entry 3 (the third dispute's opening) is edited by hand.
  store::transact(database_->db(), store::TxMode::write, [&](store::Connection& c) {
    if (c.dialect() == store::Dialect::sqlite) {
      c.execute_script("DROP TRIGGER audit_log_no_update");
    } else {
      c.execute_script("DROP TRIGGER audit_log_no_change ON audit_log");
    }
    c.execute("UPDATE audit_log SET reason = 'nothing happened' WHERE seq = 3");
  });
  EXPECT_EQ(run_verify(&out, &err), 1);
  EXPECT_NE(out.find("FAILED at entry 3 (edited)"), std::string::npos) << out;
  EXPECT_NE(out.find("dispute.opened"), std::string::npos) << out;
  auto over_http = get("/api/v1/audit/verify", admin).json();
  EXPECT_EQ(over_http["intact"], false);
  EXPECT_EQ(over_http["first_bad_entry"], 3);
}

INSTANTIATE_TEST_SUITE_P(Backends, AuditVerifyCommand, ::testing::ValuesIn(testing::test_backends()),
                         testing::backend_name);

class AuditVerifyBeforeMigrations : public ::testing::Test {};

TEST_F(AuditVerifyBeforeMigrations, SaysToMigrateFirst) {
  auto database = testing::TestDatabase::create("sqlite");
  std::string url = database.url();
  std::vector<std::string> args{"fairlabel", "audit", "verify", "--db", url};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  ::testing::internal::CaptureStdout();
  ::testing::internal::CaptureStderr();
  int code = run(static_cast<int>(argv.size()), argv.data());
  ::testing::internal::GetCapturedStdout();
  auto err = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(code, 1);
  EXPECT_NE(err.find("run `fairlabel migrate` first"), std::string::npos) << err;
}

}  // namespace
}  // namespace fairlabel::cli
