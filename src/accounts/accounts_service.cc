#include "accounts/accounts_service.h"

#include <algorithm>
#include <cctype>
#include <regex>

#include "core/error.h"
#include "core/random.h"

namespace fairlabel::accounts {
namespace {

using store::Connection;
using store::Row;
using store::TxMode;
using store::Value;

constexpr std::string_view kSessionPrefix = "fls_";
constexpr std::string_view kApiKeyPrefix = "flk_";
constexpr std::size_t kApiKeyShownPrefix = 12;  // "flk_" + 8 characters

std::string token_hash(const std::string& token) { return hex_encode(sha256(token)); }

Value optional_value(const std::optional<std::string>& s) {
  return s ? Value(*s) : Value(nullptr);
}

bool valid_email(const std::string& email) {
  if (email.size() > 254) return false;
  static const std::regex pattern(R"(^[^@\s]+@[^@\s]+\.[^@\s]+$)");
  return std::regex_match(email, pattern);
}

bool valid_country(const std::string& c) {
  return c.size() == 2 && std::isupper(static_cast<unsigned char>(c[0])) &&
         std::isupper(static_cast<unsigned char>(c[1]));
}

bool valid_region(const std::string& r) {
  static const std::regex pattern(R"(^[A-Z]{2}-[A-Z0-9]{1,3}$)");
  return std::regex_match(r, pattern);
}

bool valid_language(const std::string& l) {
  static const std::regex pattern(R"(^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$)");
  return std::regex_match(l, pattern);
}

void validate_profile_fields(Validation& v, const std::optional<std::string>& country,
                             const std::optional<std::string>& region, const std::optional<std::string>& language) {
  if (country && !valid_country(*country)) v.fail("/country", "must be an ISO 3166-1 alpha-2 code such as \"PH\"");
  if (region && !valid_region(*region)) v.fail("/region", "must be an ISO 3166-2 code such as \"PH-00\"");
  if (region && country && valid_region(*region) && region->substr(0, 2) != *country) {
    v.fail("/region", "must be a subdivision of the country " + *country);
  }
  if (language && !valid_language(*language)) v.fail("/language", "must be a BCP 47 language tag such as \"en\"");
}

constexpr const char* kUserColumns =
    "id, email, display_name, country, region, language, payout_method, status, created_at, updated_at";

User user_from_row(const Row& row) {
  User u;
  u.id = row.integer(0);
  u.email = row.text(1);
  u.display_name = row.text(2);
  u.country = row.optional_text(3);
  u.region = row.optional_text(4);
  u.language = row.text(5);
  u.payout_method = row.optional_text(6);
  u.status = row.text(7);
  u.created_at = row.integer(8);
  u.updated_at = row.integer(9);
  return u;
}

std::set<Role> load_roles(Connection& c, std::int64_t user_id) {
  std::set<Role> roles;
  auto result = c.execute("SELECT role FROM user_roles WHERE user_id = $1", {user_id});
  for (const auto& row : result.rows) {
    if (auto role = parse_role(row.text(0))) roles.insert(*role);
  }
  return roles;
}

std::optional<User> load_user(Connection& c, std::int64_t user_id) {
  auto result = c.execute(std::string("SELECT ") + kUserColumns + " FROM users WHERE id = $1", {user_id});
  if (result.empty()) return std::nullopt;
  User u = user_from_row(result.rows.front());
  u.roles = load_roles(c, u.id);
  return u;
}

Principal principal_from(const User& user) {
  Principal p;
  p.user_id = user.id;
  p.email = user.email;
  p.display_name = user.display_name;
  p.roles = user.roles;
  return p;
}

Error invalid_credentials() {
  return Error(ErrorKind::unauthenticated, "invalid_credentials", "the email or password is not correct");
}

}  // namespace

std::string normalize_email(const std::string& email) {
  auto begin = std::find_if_not(email.begin(), email.end(), [](unsigned char c) { return std::isspace(c); });
  auto end = std::find_if_not(email.rbegin(), email.rend(), [](unsigned char c) { return std::isspace(c); }).base();
  std::string out = begin < end ? std::string(begin, end) : std::string();
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

AccountsService::AccountsService(store::Database& db, const Clock& clock, PasswordCost cost, SessionPolicy policy)
    : db_(db), clock_(clock), cost_(cost), policy_(policy) {}

User AccountsService::create_user(const NewUser& input) {
  const std::string email = normalize_email(input.email);
  Validation v;
  if (!valid_email(email)) v.fail("/email", "must be an email address such as \"ana@example.org\"");
  if (auto problem = password_problem(input.password, email)) v.fail("/password", *problem);
  if (input.display_name.empty() || input.display_name.size() > 100) {
    v.fail("/display_name", "must be 1 to 100 characters");
  }
  validate_profile_fields(v, input.country, input.region, input.language);
  if (input.roles.count(Role::worker) && !input.country) {
    v.fail("/country", "is required for workers: it decides the minimum wage that applies");
  }
  if (input.roles.empty()) v.fail("/roles", "must name at least one role");
  v.throw_if_failed();

  // Hash outside the transaction: it takes tens of milliseconds on purpose.
  const std::string hash = hash_password(input.password, cost_);
  const Timestamp now = clock_.now();
  std::int64_t id = 0;
  try {
    id = store::transact(db_, TxMode::write, [&](Connection& c) {
      auto row = c.execute(
                      "INSERT INTO users (email, password_hash, display_name, country, region, language, "
                      "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id",
                      {email, hash, input.display_name, optional_value(input.country), optional_value(input.region),
                       input.language, now})
                     .single()
                     .integer(0);
      for (Role role : input.roles) {
        c.execute("INSERT INTO user_roles (user_id, role, granted_at) VALUES ($1, $2, $3)",
                  {row, std::string(role_name(role)), now});
      }
      return row;
    });
  } catch (const store::StoreError& e) {
    if (e.kind() == store::StoreErrorKind::unique_violation) {
      throw Error(ErrorKind::conflict, "email_taken", "an account with this email address exists already",
                  {{"/email", "is already registered"}});
    }
    throw;
  }
  return get_user(id);
}

User AccountsService::sign_up(const NewUser& input) {
  for (Role role : input.roles) {
    if (role != Role::worker && role != Role::requester) {
      throw Error::invalid("validation_failed",
                           "only the roles worker and requester can be chosen at sign-up; an admin grants the others",
                           {{"/roles", "may contain only \"worker\" and \"requester\""}});
    }
  }
  return create_user(input);
}

IssuedSession AccountsService::login(const std::string& email_input, const std::string& password) {
  const std::string email = normalize_email(email_input);
  const Timestamp now = clock_.now();
  struct Candidate {
    std::int64_t id;
    std::string hash;
    std::string status;
    std::optional<Timestamp> locked_until;
  };
  auto candidate = store::transact(db_, TxMode::read, [&](Connection& c) -> std::optional<Candidate> {
    auto r = c.execute("SELECT id, password_hash, status, locked_until FROM users WHERE email = $1", {email});
    if (r.empty()) return std::nullopt;
    const Row& row = r.rows.front();
    return Candidate{row.integer(0), row.text(1), row.text(2), row.optional_integer(3)};
  });
  if (!candidate) {
    // Spend the same work as a real check, so timing does not reveal which
    // emails have accounts.
    static const std::string dummy = hash_password("not-a-real-password", cost_);
    verify_password(password, dummy);
    throw invalid_credentials();
  }
  if (candidate->locked_until && *candidate->locked_until > now) {
    throw Error(ErrorKind::rate_limited, "account_locked",
                "too many failed logins; try again after " + format_rfc3339(*candidate->locked_until));
  }
  if (!verify_password(password, candidate->hash)) {
    store::transact(db_, TxMode::write, [&](Connection& c) {
      auto failures = c.execute("UPDATE users SET failed_logins = failed_logins + 1 WHERE id = $1 "
                                "RETURNING failed_logins",
                                {candidate->id})
                          .single()
                          .integer(0);
      if (failures >= policy_.max_failed_logins) {
        c.execute("UPDATE users SET locked_until = $2, failed_logins = 0 WHERE id = $1",
                  {candidate->id, now + policy_.lockout});
      }
    });
    throw invalid_credentials();
  }
  if (candidate->status == "deactivated") {
    throw Error(ErrorKind::forbidden, "account_deactivated",
                "this account is deactivated; its balance is still paid out on the normal schedule");
  }
  IssuedSession issued;
  issued.token = std::string(kSessionPrefix) + base64url_encode(secure_random_bytes(32));
  issued.expires_at = now + policy_.absolute_ttl;
  store::transact(db_, TxMode::write, [&](Connection& c) {
    c.execute("UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = $1", {candidate->id});
    c.execute("INSERT INTO sessions (token_hash, user_id, created_at, expires_at, last_seen_at) "
              "VALUES ($1, $2, $3, $4, $3)",
              {token_hash(issued.token), candidate->id, now, issued.expires_at});
  });
  issued.user = get_user(candidate->id);
  return issued;
}

void AccountsService::logout(const std::string& token) {
  const Timestamp now = clock_.now();
  store::transact(db_, TxMode::write, [&](Connection& c) {
    c.execute("UPDATE sessions SET revoked_at = $2 WHERE token_hash = $1 AND revoked_at IS NULL",
              {token_hash(token), now});
  });
}

Principal AccountsService::authenticate(const std::string& bearer) {
  const Timestamp now = clock_.now();
  const bool is_api_key = bearer.rfind(kApiKeyPrefix, 0) == 0;
  const bool is_session = bearer.rfind(kSessionPrefix, 0) == 0;
  if (!is_api_key && !is_session) {
    throw Error(ErrorKind::unauthenticated, "invalid_token", "the bearer credential is not a fairlabel token");
  }
  const std::string hash = token_hash(bearer);

  // The credential and its user are read in one transaction (every
  // authenticated request does this; a second transaction cost a BEGIN and
  // a COMMIT more per request).
  struct Found {
    std::int64_t credential_id;
    std::int64_t user_id;
    bool needs_touch;
    std::optional<User> user;
  };
  auto found = store::transact(db_, TxMode::read, [&](Connection& c) -> Found {
    if (is_api_key) {
      auto r = c.execute("SELECT id, user_id, revoked_at, last_used_at FROM api_keys WHERE key_hash = $1", {hash});
      if (r.empty()) throw Error(ErrorKind::unauthenticated, "invalid_token", "this API key is not known");
      const Row& row = r.rows.front();
      if (!row.is_null(2)) throw Error(ErrorKind::unauthenticated, "api_key_revoked", "this API key was revoked");
      auto last = row.optional_integer(3);
      return {row.integer(0), row.integer(1), !last || now - *last > policy_.touch_interval,
              load_user(c, row.integer(1))};
    }
    auto r = c.execute("SELECT id, user_id, expires_at, last_seen_at, revoked_at FROM sessions WHERE token_hash = $1",
                       {hash});
    if (r.empty()) throw Error(ErrorKind::unauthenticated, "invalid_token", "this session token is not known");
    const Row& row = r.rows.front();
    if (!row.is_null(4)) {
      throw Error(ErrorKind::unauthenticated, "session_expired", "this session was logged out; log in again");
    }
    if (row.integer(2) <= now || row.integer(3) + policy_.idle_ttl <= now) {
      throw Error(ErrorKind::unauthenticated, "session_expired", "this session has expired; log in again");
    }
    return {row.integer(0), row.integer(1), now - row.integer(3) > policy_.touch_interval,
            load_user(c, row.integer(1))};
  });

  if (found.needs_touch) {
    store::transact(db_, TxMode::write, [&](Connection& c) {
      if (is_api_key) {
        c.execute("UPDATE api_keys SET last_used_at = $2 WHERE id = $1", {found.credential_id, now});
      } else {
        c.execute("UPDATE sessions SET last_seen_at = $2 WHERE id = $1", {found.credential_id, now});
      }
    });
  }
  if (!found.user) throw Error::not_found("user " + std::to_string(found.user_id));
  const User& user = *found.user;
  if (user.status == "deactivated") {
    throw Error(ErrorKind::unauthenticated, "account_deactivated", "this account is deactivated");
  }
  Principal p = principal_from(user);
  if (is_api_key) p.api_key_id = found.credential_id;
  return p;
}

User AccountsService::get_user(std::int64_t user_id) {
  auto user = store::transact(db_, TxMode::read, [&](Connection& c) { return load_user(c, user_id); });
  if (!user) throw Error::not_found("user " + std::to_string(user_id));
  return *user;
}

std::optional<User> AccountsService::find_by_email(const std::string& email) {
  return store::transact(db_, TxMode::read, [&](Connection& c) -> std::optional<User> {
    auto r = c.execute("SELECT id FROM users WHERE email = $1", {normalize_email(email)});
    if (r.empty()) return std::nullopt;
    return load_user(c, r.rows.front().integer(0));
  });
}

User AccountsService::update_profile(std::int64_t user_id, const ProfileUpdate& update) {
  User current = get_user(user_id);
  std::optional<std::string> country = update.country ? *update.country : current.country;
  std::optional<std::string> region = update.region ? *update.region : current.region;
  std::string language = update.language.value_or(current.language);
  std::string display_name = update.display_name.value_or(current.display_name);
  std::optional<std::string> payout = update.payout_method ? *update.payout_method : current.payout_method;

  Validation v;
  if (display_name.empty() || display_name.size() > 100) v.fail("/display_name", "must be 1 to 100 characters");
  validate_profile_fields(v, country, region, language);
  if (current.roles.count(Role::worker) && !country) {
    v.fail("/country", "is required for workers: it decides the minimum wage that applies");
  }
  v.throw_if_failed();

  const Timestamp now = clock_.now();
  store::transact(db_, TxMode::write, [&](Connection& c) {
    c.execute("UPDATE users SET display_name = $2, country = $3, region = $4, language = $5, payout_method = $6, "
              "updated_at = $7 WHERE id = $1",
              {user_id, display_name, optional_value(country), optional_value(region), language,
               optional_value(payout), now});
  });
  return get_user(user_id);
}

void AccountsService::grant_role(std::int64_t user_id, Role role) {
  get_user(user_id);  // not_found for an unknown user
  store::transact(db_, TxMode::write, [&](Connection& c) {
    c.execute("INSERT INTO user_roles (user_id, role, granted_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
              {user_id, std::string(role_name(role)), clock_.now()});
  });
}

IssuedApiKey AccountsService::create_api_key(std::int64_t user_id, const std::string& name) {
  Validation v;
  if (name.empty() || name.size() > 100) v.fail("/name", "must be 1 to 100 characters");
  v.throw_if_failed();
  IssuedApiKey issued;
  issued.key = std::string(kApiKeyPrefix) + base64url_encode(secure_random_bytes(32));
  issued.info.name = name;
  issued.info.prefix = issued.key.substr(0, kApiKeyShownPrefix);
  issued.info.created_at = clock_.now();
  issued.info.id = store::transact(db_, TxMode::write, [&](Connection& c) {
    return c
        .execute("INSERT INTO api_keys (user_id, name, prefix, key_hash, created_at) VALUES ($1, $2, $3, $4, $5) "
                 "RETURNING id",
                 {user_id, name, issued.info.prefix, token_hash(issued.key), issued.info.created_at})
        .single()
        .integer(0);
  });
  return issued;
}

std::vector<ApiKey> AccountsService::list_api_keys(std::int64_t user_id) {
  return store::transact(db_, TxMode::read, [&](Connection& c) {
    std::vector<ApiKey> keys;
    auto r = c.execute("SELECT id, name, prefix, created_at, last_used_at, revoked_at FROM api_keys "
                       "WHERE user_id = $1 ORDER BY id",
                       {user_id});
    for (const auto& row : r.rows) {
      keys.push_back({row.integer(0), row.text(1), row.text(2), row.integer(3), row.optional_integer(4),
                      row.optional_integer(5)});
    }
    return keys;
  });
}

void AccountsService::revoke_api_key(std::int64_t user_id, std::int64_t key_id) {
  store::transact(db_, TxMode::write, [&](Connection& c) {
    auto r = c.execute("SELECT revoked_at FROM api_keys WHERE id = $1 AND user_id = $2", {key_id, user_id});
    if (r.empty()) throw Error::not_found("API key " + std::to_string(key_id));
    c.execute("UPDATE api_keys SET revoked_at = $3 WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL",
              {key_id, user_id, clock_.now()});
  });
}

}  // namespace fairlabel::accounts
