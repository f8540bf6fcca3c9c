#pragma once
//! Password hashing (argon2id via libsodium) and password rules.
//!
//! Hashes are libsodium's self-describing strings ("$argon2id$v=19$m=…"),
//! so the cost can be raised later without invalidating stored hashes.
//! The default cost is the OWASP minimum for argon2id (t=2, 19 MiB: about
//! 23 ms here). Hashing is memory-hard on purpose, so at most
//! `kMaxConcurrentHashes` run at once process-wide: otherwise a burst of
//! logins would be a denial-of-service lever.

#include <optional>
#include <string>
#include <string_view>

namespace fairlabel::accounts {

struct PasswordCost {
  unsigned long long opslimit;
  std::size_t memlimit_bytes;
  static PasswordCost owasp_minimum() { return {2, 19u << 20}; }
  //! libsodium's minimum: only for tests, where hashing speed matters.
  static PasswordCost test_only_fast();
};

constexpr int kMaxConcurrentHashes = 2;
constexpr std::size_t kMinPasswordLength = 10;
constexpr std::size_t kMaxPasswordLength = 256;

//! Why a password is not acceptable, or nullopt if it is. Rules: 10 to 256
//! characters, not the same as the email, not a well-known password.
std::optional<std::string> password_problem(std::string_view password, std::string_view email);

std::string hash_password(std::string_view password, const PasswordCost& cost);
bool verify_password(std::string_view password, const std::string& stored_hash);

}  // namespace fairlabel::accounts
