#include "accounts/password.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <semaphore>
#include <stdexcept>

namespace fairlabel::accounts {
namespace {

std::counting_semaphore<kMaxConcurrentHashes>& hash_slots() {
  static std::counting_semaphore<kMaxConcurrentHashes> slots(kMaxConcurrentHashes);
  return slots;
}

struct HashSlot {
  HashSlot() { hash_slots().acquire(); }
  ~HashSlot() { hash_slots().release(); }
};

std::string lowercase(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

// A few of the most common leaked passwords of the allowed length; a full
// breached-password list is a later improvement.
constexpr std::array<std::string_view, 8> kCommonPasswords = {
    "1234567890", "qwertyuiop", "password123", "password1234", "iloveyou12", "1q2w3e4r5t", "qwerty1234", "abcdefghij"};

}  // namespace

PasswordCost PasswordCost::test_only_fast() {
  return {crypto_pwhash_argon2id_OPSLIMIT_MIN, crypto_pwhash_argon2id_MEMLIMIT_MIN};
}

std::optional<std::string> password_problem(std::string_view password, std::string_view email) {
  if (password.size() < kMinPasswordLength) {
    return "must be at least " + std::to_string(kMinPasswordLength) + " characters long";
  }
  if (password.size() > kMaxPasswordLength) {
    return "must be at most " + std::to_string(kMaxPasswordLength) + " characters long";
  }
  std::string lowered = lowercase(password);
  if (!email.empty() && lowered == lowercase(email)) return "must not be the same as the email address";
  for (auto common : kCommonPasswords) {
    if (lowered == common) return "is one of the most commonly used passwords";
  }
  return std::nullopt;
}

std::string hash_password(std::string_view password, const PasswordCost& cost) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  char out[crypto_pwhash_STRBYTES];
  HashSlot slot;
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), cost.opslimit, cost.memlimit_bytes,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    throw std::runtime_error("argon2id hashing failed (out of memory)");
  }
  return out;
}

bool verify_password(std::string_view password, const std::string& stored_hash) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  HashSlot slot;
  return crypto_pwhash_str_verify(stored_hash.c_str(), password.data(), password.size()) == 0;
}

}  // namespace fairlabel::accounts
