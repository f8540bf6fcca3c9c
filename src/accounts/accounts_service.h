#pragma once
//! Accounts: sign-up, login and logout, sessions, API keys, profiles, roles.
//!
//! Credentials:
//!  - A session token is "fls_" + 32 random bytes (base64url). Only its
//!    SHA-256 is stored. A session ends at the earliest of: logout, its
//!    absolute lifetime (`SessionPolicy::absolute_ttl` after login), or
//!    `idle_ttl` without use.
//!  - An API key is "flk_" + 32 random bytes (base64url), for requesters'
//!    scripts; only its SHA-256 is stored; it acts as its owner until revoked.
//!  - Both travel as `Authorization: Bearer <credential>`.
//!
//! Login lockout: after `max_failed_logins` consecutive failures the account
//! refuses logins for `lockout` (counted from the last failure); a success
//! resets the count. Unknown emails and wrong passwords answer the same.
//!
//! All times come from the injected Clock. Thread-safe (stateless apart from
//! the database).

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "accounts/password.h"
#include "accounts/roles.h"
#include "core/clock.h"
#include "store/database.h"

namespace fairlabel::accounts {

struct SessionPolicy {
  std::int64_t absolute_ttl = 7 * kMicrosPerDay;
  std::int64_t idle_ttl = 24 * kMicrosPerHour;
  //! last_seen_at is only written when older than this, so that an
  //! authenticated read is not a database write.
  std::int64_t touch_interval = 5 * kMicrosPerMinute;
  int max_failed_logins = 5;
  std::int64_t lockout = 15 * kMicrosPerMinute;
};

struct User {
  std::int64_t id = 0;
  std::string email;
  std::string display_name;
  std::optional<std::string> country;  //!< ISO 3166-1 alpha-2
  std::optional<std::string> region;   //!< ISO 3166-2 code
  std::string language;                //!< BCP 47
  std::optional<std::string> payout_method;  //!< JSON document
  std::string status;                  //!< active | suspended | deactivated
  std::set<Role> roles;
  Timestamp created_at = 0;
  Timestamp updated_at = 0;
};

struct NewUser {
  std::string email;
  std::string password;
  std::string display_name;
  std::set<Role> roles;
  std::optional<std::string> country;
  std::optional<std::string> region;
  std::string language = "en";
};

struct ProfileUpdate {
  std::optional<std::string> display_name;
  std::optional<std::optional<std::string>> country;  //!< set, or clear with nullopt inside
  std::optional<std::optional<std::string>> region;
  std::optional<std::string> language;
  std::optional<std::optional<std::string>> payout_method;
};

struct IssuedSession {
  std::string token;  //!< shown once; only its hash is kept
  Timestamp expires_at;
  User user;
};

struct ApiKey {
  std::int64_t id = 0;
  std::string name;
  std::string prefix;  //!< first characters of the key, to recognise it
  Timestamp created_at = 0;
  std::optional<Timestamp> last_used_at;
  std::optional<Timestamp> revoked_at;
};

struct IssuedApiKey {
  std::string key;  //!< shown once
  ApiKey info;
};

class AccountsService {
 public:
  AccountsService(store::Database& db, const Clock& clock, PasswordCost cost, SessionPolicy policy = {});

  //! Validates and creates a user. Errors: validation_failed (with fields),
  //! email_taken (conflict).
  User create_user(const NewUser& input);

  //! Self-service sign-up: like create_user, but only the roles `worker`
  //! and `requester` may be chosen (one of them is required).
  User sign_up(const NewUser& input);

  //! Errors: invalid_credentials (unauthenticated), account_locked
  //! (rate_limited), account_deactivated (forbidden).
  IssuedSession login(const std::string& email, const std::string& password);

  //! Ends the session the token belongs to. Idempotent.
  void logout(const std::string& token);

  //! The caller behind a bearer credential. Errors (all unauthenticated):
  //! invalid_token, session_expired, api_key_revoked, account_deactivated.
  Principal authenticate(const std::string& bearer);

  User get_user(std::int64_t user_id);
  User update_profile(std::int64_t user_id, const ProfileUpdate& update);
  void grant_role(std::int64_t user_id, Role role);
  std::optional<User> find_by_email(const std::string& email);

  IssuedApiKey create_api_key(std::int64_t user_id, const std::string& name);
  std::vector<ApiKey> list_api_keys(std::int64_t user_id);
  void revoke_api_key(std::int64_t user_id, std::int64_t key_id);

 private:
  store::Database& db_;
  const Clock& clock_;
  PasswordCost cost_;
  SessionPolicy policy_;
};

//! Lowercases and trims an email address for storage and lookup.
std::string normalize_email(const std::string& email);

}  // namespace fairlabel::accounts
