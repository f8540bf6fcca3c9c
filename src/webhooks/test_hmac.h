#pragma once
// Test helper (header only, for *_test.cc files): HMAC-SHA256 computed by
// OpenSSL, independently of the libsodium code under test, as a receiver
// written in another language would compute it.
#include <string>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "core/random.h"

namespace fairlabel::webhooks::testing {

inline std::string openssl_hmac_hex(const std::string& key, const std::string& message) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(message.data()),
       message.size(), mac, &length);
  return hex_encode(std::string(reinterpret_cast<const char*>(mac), length));
}

}  // namespace fairlabel::webhooks::testing
