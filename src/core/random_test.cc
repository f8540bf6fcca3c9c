#include "core/random.h"

#include <gtest/gtest.h>

namespace fairlabel {

TEST(Random, SecureBytesAreFreshEachTime) {
  EXPECT_EQ(secure_random_bytes(32).size(), 32u);
  EXPECT_NE(secure_random_bytes(32), secure_random_bytes(32));
}

TEST(Random, EncodingsMatchKnownVectors) {
  EXPECT_EQ(base64url_encode("\xfb\xff"), "-_8");
  EXPECT_EQ(hex_encode("\x01\xab"), "01ab");
  EXPECT_EQ(hex_encode(sha256("abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Random, SeededGeneratorIsReproducible) {
  Random a(42), b(42);
  for (int i = 0; i < 10; ++i) EXPECT_EQ(a.next(), b.next());
}

}  // namespace fairlabel
