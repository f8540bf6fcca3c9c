// Accounts on both storage backends: sign-up rules, login, lockout, session
// expiry with a moved clock, API keys, and that secrets are stored hashed.
#include "accounts/accounts_service.h"

#include <gtest/gtest.h>

#include "core/error.h"
#include "store/migrations.h"
#include "support/test_databases.h"

namespace fairlabel::accounts {
namespace {

constexpr Timestamp kStart = 1'795'888'680LL * kMicrosPerSecond;  // 2026-11-28T17:58:00Z

class AccountsTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    database_ = std::make_unique<testing::TestDatabase>(testing::TestDatabase::create(GetParam()));
    store::migrate(db(), clock_);
    service_ = std::make_unique<AccountsService>(db(), clock_, PasswordCost::test_only_fast());
  }
  store::Database& db() { return database_->db(); }

  NewUser worker(std::string email = "ana@example.org") {
    NewUser u;
    u.email = std::move(email);
    u.password = "correct horse battery";
    u.display_name = "Ana";
    u.roles = {Role::worker};
    u.country = "PH";
    u.region = "PH-00";
    return u;
  }

  ErrorKind kind_of(const std::function<void()>& f, std::string* code = nullptr) {
    try {
      f();
    } catch (const Error& e) {
      if (code) *code = e.code();
      return e.kind();
    }
    ADD_FAILURE() << "no error thrown";
    return ErrorKind::internal;
  }

  ManualClock clock_{kStart};
  std::unique_ptr<testing::TestDatabase> database_;
  std::unique_ptr<AccountsService> service_;
};

TEST_P(AccountsTest, SignUpLoginAuthenticateRoundTrip) {
  User user = service_->sign_up(worker("  Ana@Example.ORG "));
  EXPECT_EQ(user.email, "ana@example.org");
  EXPECT_EQ(user.roles, std::set<Role>{Role::worker});
  EXPECT_EQ(user.country, "PH");

  IssuedSession session = service_->login("ANA@example.org", "correct horse battery");
  EXPECT_EQ(session.token.rfind("fls_", 0), 0u);
  EXPECT_EQ(session.expires_at, kStart + SessionPolicy{}.absolute_ttl);
  Principal p = service_->authenticate(session.token);
  EXPECT_EQ(p.user_id, user.id);
  EXPECT_TRUE(p.has(Role::worker));
  EXPECT_FALSE(p.api_key_id);
}

TEST_P(AccountsTest, SignUpOffersOnlyWorkerAndRequester) {
  NewUser u = worker();
  u.roles = {Role::admin};
  EXPECT_EQ(kind_of([&] { service_->sign_up(u); }), ErrorKind::invalid_input);
  EXPECT_FALSE(service_->find_by_email("ana@example.org"));
}

TEST_P(AccountsTest, ValidationNamesEveryBadFieldAndWritesNothing) {
  NewUser u = worker();
  u.email = "not-an-email";
  u.password = "short";
  u.country = "Philippines";
  try {
    service_->sign_up(u);
    FAIL();
  } catch (const Error& e) {
    std::vector<std::string> fields;
    for (const auto& f : e.field_errors()) fields.push_back(f.pointer);
    EXPECT_EQ(fields, (std::vector<std::string>{"/email", "/password", "/country", "/region"}));
  }
  auto count = store::transact(db(), store::TxMode::read,
                               [](store::Connection& c) { return c.execute("SELECT COUNT(*) FROM users").single().integer(0); });
  EXPECT_EQ(count, 0);
}

TEST_P(AccountsTest, WorkersMustGiveACountryForTheWageFloor) {
  NewUser u = worker();
  u.country.reset();
  u.region.reset();
  EXPECT_EQ(kind_of([&] { service_->sign_up(u); }), ErrorKind::invalid_input);
}

TEST_P(AccountsTest, DuplicateEmailIsAConflictWhateverTheCase) {
  service_->sign_up(worker());
  std::string code;
  EXPECT_EQ(kind_of([&] { service_->sign_up(worker("ANA@example.org")); }, &code), ErrorKind::conflict);
  EXPECT_EQ(code, "email_taken");
}

TEST_P(AccountsTest, WrongPasswordAndUnknownEmailAnswerAlike) {
  service_->sign_up(worker());
  std::string wrong_code, unknown_code;
  EXPECT_EQ(kind_of([&] { service_->login("ana@example.org", "wrong password!"); }, &wrong_code),
            ErrorKind::unauthenticated);
  EXPECT_EQ(kind_of([&] { service_->login("nobody@example.org", "wrong password!"); }, &unknown_code),
            ErrorKind::unauthenticated);
  EXPECT_EQ(wrong_code, unknown_code);
}

TEST_P(AccountsTest, FiveFailuresLockTheAccountUntilTheLockoutPasses) {
  service_->sign_up(worker());
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(kind_of([&] { service_->login("ana@example.org", "wrong password!"); }), ErrorKind::unauthenticated);
  }
  std::string code;
  EXPECT_EQ(kind_of([&] { service_->login("ana@example.org", "correct horse battery"); }, &code),
            ErrorKind::rate_limited);
  EXPECT_EQ(code, "account_locked");
  clock_.advance(SessionPolicy{}.lockout + 1);
  EXPECT_NO_THROW(service_->login("ana@example.org", "correct horse battery"));
}

TEST_P(AccountsTest, SessionEndsAtItsAbsoluteLifetimeEvenWhenUsed) {
  service_->sign_up(worker());
  auto session = service_->login("ana@example.org", "correct horse battery");
  const SessionPolicy policy;
  for (Timestamp t = 0; t + policy.idle_ttl / 2 < policy.absolute_ttl; t += policy.idle_ttl / 2) {
    EXPECT_NO_THROW(service_->authenticate(session.token)) << "at +" << t / kMicrosPerHour << "h";
    clock_.advance(policy.idle_ttl / 2);
  }
  clock_.set(session.expires_at);
  std::string code;
  EXPECT_EQ(kind_of([&] { service_->authenticate(session.token); }, &code), ErrorKind::unauthenticated);
  EXPECT_EQ(code, "session_expired");
}

TEST_P(AccountsTest, SessionEndsAfterIdleTimeout) {
  service_->sign_up(worker());
  auto session = service_->login("ana@example.org", "correct horse battery");
  clock_.advance(SessionPolicy{}.idle_ttl - 1);
  EXPECT_NO_THROW(service_->authenticate(session.token));
  clock_.advance(SessionPolicy{}.idle_ttl + 1);
  EXPECT_EQ(kind_of([&] { service_->authenticate(session.token); }), ErrorKind::unauthenticated);
}

TEST_P(AccountsTest, LogoutEndsTheSessionAndIsIdempotent) {
  service_->sign_up(worker());
  auto session = service_->login("ana@example.org", "correct horse battery");
  service_->logout(session.token);
  service_->logout(session.token);
  std::string code;
  EXPECT_EQ(kind_of([&] { service_->authenticate(session.token); }, &code), ErrorKind::unauthenticated);
  EXPECT_EQ(code, "session_expired");
  EXPECT_EQ(kind_of([&] { service_->authenticate("fls_unknown"); }, &code), ErrorKind::unauthenticated);
  EXPECT_EQ(code, "invalid_token");
  EXPECT_EQ(kind_of([&] { service_->authenticate("Basic abc"); }), ErrorKind::unauthenticated);
}

TEST_P(AccountsTest, ApiKeysAuthenticateUntilRevoked) {
  NewUser requester = worker("lab@example.org");
  requester.roles = {Role::requester};
  User user = service_->sign_up(requester);
  IssuedApiKey key = service_->create_api_key(user.id, "training pipeline");
  EXPECT_EQ(key.key.rfind("flk_", 0), 0u);
  EXPECT_EQ(key.info.prefix, key.key.substr(0, 12));
  Principal p = service_->authenticate(key.key);
  EXPECT_EQ(p.user_id, user.id);
  EXPECT_EQ(p.api_key_id, key.info.id);
  ASSERT_EQ(service_->list_api_keys(user.id).size(), 1u);
  EXPECT_TRUE(service_->list_api_keys(user.id)[0].last_used_at);

  // Another user cannot revoke it.
  User other = service_->sign_up(worker());
  EXPECT_EQ(kind_of([&] { service_->revoke_api_key(other.id, key.info.id); }), ErrorKind::not_found);
  service_->revoke_api_key(user.id, key.info.id);
  std::string code;
  EXPECT_EQ(kind_of([&] { service_->authenticate(key.key); }, &code), ErrorKind::unauthenticated);
  EXPECT_EQ(code, "api_key_revoked");
}

TEST_P(AccountsTest, SecretsAreStoredOnlyAsHashes) {
  service_->sign_up(worker());
  auto session = service_->login("ana@example.org", "correct horse battery");
  store::transact(db(), store::TxMode::read, [&](store::Connection& c) {
    auto hash = c.execute("SELECT password_hash FROM users").single().text(0);
    EXPECT_EQ(hash.rfind("$argon2id$", 0), 0u);
    EXPECT_EQ(hash.find("correct horse"), std::string::npos);
    auto token_hash = c.execute("SELECT token_hash FROM sessions").single().text(0);
    EXPECT_EQ(token_hash.size(), 64u);
    EXPECT_EQ(token_hash.find(session.token.substr(4, 10)), std::string::npos);
  });
}

TEST_P(AccountsTest, ProfileUpdateValidatesAndKeepsWorkersCountry) {
  User user = service_->sign_up(worker());
  ProfileUpdate update;
  update.country = std::optional<std::string>("KE");
  update.region = std::optional<std::string>();
  update.language = "sw";
  update.payout_method = std::optional<std::string>(R"({"kind":"mobile_money","provider":"M-Pesa"})");
  User changed = service_->update_profile(user.id, update);
  EXPECT_EQ(changed.country, "KE");
  EXPECT_FALSE(changed.region);
  EXPECT_EQ(changed.language, "sw");
  ASSERT_TRUE(changed.payout_method);

  ProfileUpdate clear;
  clear.country = std::optional<std::string>();
  EXPECT_EQ(kind_of([&] { service_->update_profile(user.id, clear); }), ErrorKind::invalid_input);
}

TEST_P(AccountsTest, GrantRoleIsIdempotent) {
  User user = service_->sign_up(worker());
  service_->grant_role(user.id, Role::reviewer);
  service_->grant_role(user.id, Role::reviewer);
  EXPECT_EQ(service_->get_user(user.id).roles, (std::set<Role>{Role::worker, Role::reviewer}));
  EXPECT_EQ(kind_of([&] { service_->grant_role(999999, Role::admin); }), ErrorKind::not_found);
}

INSTANTIATE_TEST_SUITE_P(Backends, AccountsTest, ::testing::ValuesIn(testing::test_backends()),
                         testing::backend_name);

}  // namespace
}  // namespace fairlabel::accounts
