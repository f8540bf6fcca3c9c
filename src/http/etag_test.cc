#include "http/etag.h"

#include <gtest/gtest.h>

namespace fairlabel::http {
namespace {

TEST(Etag, FingerprintIsQuotedHexAndDependsOnTheBytesAndSuffix) {
  auto tag = quoted_fingerprint("hello");
  ASSERT_EQ(tag.size(), 18u);
  EXPECT_EQ(tag.front(), '"');
  EXPECT_EQ(tag.back(), '"');
  EXPECT_EQ(tag, quoted_fingerprint("hello"));
  EXPECT_NE(tag, quoted_fingerprint("hellp"));
  EXPECT_EQ(quoted_fingerprint("hello", "-gz"), tag.substr(0, 17) + "-gz\"");
}

TEST(Etag, IfNoneMatchNamesTheTagInAListWeaklyOrByStar) {
  const std::string tag = "\"0123456789abcdef\"";
  EXPECT_TRUE(etag_matches(tag, tag));
  EXPECT_TRUE(etag_matches("\"other\", " + tag, tag));
  EXPECT_TRUE(etag_matches(" W/" + tag + " ", tag));
  EXPECT_TRUE(etag_matches("*", tag));
  EXPECT_FALSE(etag_matches("\"other\"", tag));
  EXPECT_FALSE(etag_matches("", tag));
}

}  // namespace
}  // namespace fairlabel::http
