#include "webhooks/signature.h"

#include <charconv>
#include <optional>
#include <stdexcept>
#include <vector>

#include <sodium.h>

#include "core/random.h"

namespace fairlabel::webhooks {

std::string signature_v1(std::string_view secret, std::int64_t unix_seconds, std::string_view body) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
  const std::string prefix = std::to_string(unix_seconds) + ".";
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(secret.data()), secret.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(prefix.data()), prefix.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(body.data()), body.size());
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_final(&state, mac);
  return hex_encode(std::string_view(reinterpret_cast<const char*>(mac), sizeof mac));
}

std::string signature_header(std::string_view secret, std::int64_t unix_seconds, std::string_view body,
                             std::string_view previous_secret) {
  std::string header = "t=" + std::to_string(unix_seconds) + ",v1=" + signature_v1(secret, unix_seconds, body);
  if (!previous_secret.empty()) header += ",v1=" + signature_v1(previous_secret, unix_seconds, body);
  return header;
}

bool verify_signature_header(std::string_view header, std::string_view secret, std::string_view body,
                             std::int64_t now_unix_seconds, std::int64_t tolerance_seconds) {
  std::optional<std::int64_t> t;
  std::vector<std::string_view> v1;
  while (!header.empty()) {
    auto comma = header.find(',');
    auto part = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
    auto eq = part.find('=');
    if (eq == std::string_view::npos) continue;
    auto key = part.substr(0, eq);
    auto value = part.substr(eq + 1);
    if (key == "t") {
      std::int64_t parsed = 0;
      auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), parsed);
      if (ec == std::errc() && ptr == value.data() + value.size()) t = parsed;
    } else if (key == "v1") {
      v1.push_back(value);
    }
  }
  if (!t || v1.empty()) return false;
  const std::int64_t skew = now_unix_seconds - *t;
  if (skew > tolerance_seconds || skew < -tolerance_seconds) return false;
  const std::string expected = signature_v1(secret, *t, body);
  for (auto candidate : v1) {
    if (candidate.size() == expected.size() && sodium_memcmp(candidate.data(), expected.data(), expected.size()) == 0) {
      return true;
    }
  }
  return false;
}

std::string new_secret() {
  return "whsec_" + base64url_encode(secure_random_bytes(32));
}

}  // namespace fairlabel::webhooks
