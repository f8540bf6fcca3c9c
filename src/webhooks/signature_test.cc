// Signatures checked against an independent HMAC-SHA256 (OpenSSL's, not
// libsodium's), as a receiver in another language would compute it.
#include "webhooks/signature.h"

#include <gtest/gtest.h>

#include "core/random.h"
#include "webhooks/test_hmac.h"

namespace fairlabel::webhooks {
namespace {

using testing::openssl_hmac_hex;

TEST(Signature, IsTheHmacSha256OfTimestampDotBodyUnderTheWholeSecret) {
  const std::string secret = new_secret();
  const std::string body = R"({"id":"evt_1","type":"task.completed","data":{"task_id":3}})";
  const std::int64_t t = 1'800'000'000;
  const std::string header = signature_header(secret, t, body);
  EXPECT_EQ(header, "t=1800000000,v1=" + openssl_hmac_hex(secret, "1800000000." + body));
  EXPECT_EQ(signature_v1(secret, t, body).size(), 64u);
}

TEST(Signature, MatchesAKnownVector) {
  // Computed independently: printf '1700000000.{}' | openssl dgst -sha256 -hmac whsec_test
  EXPECT_EQ(signature_v1("whsec_test", 1'700'000'000, "{}"),
            "35495024f4ef3f94e5a93e22221544c4b75e9a42300cd965ab81cb85cd994e91");
  // RFC 4231 test case 2 shows the key and message handling is plain HMAC.
  EXPECT_EQ(openssl_hmac_hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(Signature, SecretsAreFreshAndPrefixed) {
  auto a = new_secret();
  auto b = new_secret();
  EXPECT_NE(a, b);
  EXPECT_EQ(a.rfind("whsec_", 0), 0u);
  EXPECT_EQ(a.size(), 6u + 43u);  // 32 bytes in unpadded base64url
}

TEST(Signature, VerificationRefusesATamperedBodyAnotherSecretAndAnOldTimestamp) {
  const std::string secret = new_secret();
  const std::string body = R"({"id":"evt_2"})";
  const std::int64_t t = 1'800'000'000;
  const auto header = signature_header(secret, t, body);
  EXPECT_TRUE(verify_signature_header(header, secret, body, t + 10));
  EXPECT_FALSE(verify_signature_header(header, secret, body + " ", t));
  EXPECT_FALSE(verify_signature_header(header, new_secret(), body, t));
  EXPECT_FALSE(verify_signature_header(header, secret, body, t + 301));
  EXPECT_FALSE(verify_signature_header("t=1800000000", secret, body, t));
  EXPECT_FALSE(verify_signature_header("", secret, body, t));
  // Unknown schemes are ignored; a second v1 (secret rotation) may match.
  EXPECT_TRUE(verify_signature_header("t=1800000000,v0=abc,v1=00,v1=" + signature_v1(secret, t, body), secret, body, t));
}

}  // namespace
}  // namespace fairlabel::webhooks
