#include "webhooks/target_url.h"

#include <gtest/gtest.h>

#include "core/error.h"

namespace fairlabel::webhooks {
namespace {

namespace ip = boost::asio::ip;

std::optional<TargetUrl> parse(const std::string& url) {
  std::string why;
  return parse_target_url(url, why);
}

std::string why_not(const std::string& url) {
  std::string why;
  EXPECT_FALSE(parse_target_url(url, why)) << url;
  return why;
}

TEST(TargetUrl, ParsesSchemeHostPortAndTarget) {
  auto u = parse("https://Hooks.Example.org/fairlabel?x=1");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->scheme, "https");
  EXPECT_EQ(u->host, "hooks.example.org");
  EXPECT_EQ(u->port, 443);
  EXPECT_EQ(u->target, "/fairlabel?x=1");
  EXPECT_EQ(u->host_header(), "hooks.example.org");
  auto v = parse("http://127.0.0.1:8081");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->port, 8081);
  EXPECT_EQ(v->target, "/");
  EXPECT_EQ(v->host_header(), "127.0.0.1:8081");
  auto w = parse("http://[2001:db8::1]:9000/h");
  ASSERT_TRUE(w);
  EXPECT_EQ(w->host, "2001:db8::1");
  EXPECT_EQ(w->host_header(), "[2001:db8::1]:9000");
}

TEST(TargetUrl, RefusesWhatIsNotAReceiverUrl) {
  EXPECT_NE(why_not("ftp://example.org/x").find("http or https"), std::string::npos);
  EXPECT_NE(why_not("example.org/hook").find("absolute"), std::string::npos);
  EXPECT_NE(why_not("https://user:pw@example.org/").find("user info"), std::string::npos);
  EXPECT_NE(why_not("https://example.org/#frag").find("fragment"), std::string::npos);
  EXPECT_NE(why_not("https://example.org:99999/").find("port"), std::string::npos);
  EXPECT_NE(why_not("https://example.org:/").find("port"), std::string::npos);
  EXPECT_NE(why_not("https:///path").find("host"), std::string::npos);
  EXPECT_NE(why_not("https://exa mple.org/").find("spaces"), std::string::npos);
  EXPECT_NE(why_not("https://[::1/").find("unclosed"), std::string::npos);
}

TEST(TargetUrl, OnlyOrdinaryPublicAddressesArePublic) {
  for (const char* a : {"127.0.0.1", "127.1.2.3", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1",
                        "169.254.169.254", "100.64.0.1", "0.0.0.0", "224.0.0.1", "255.255.255.255", "::1", "::",
                        "fe80::1", "fc00::1", "fd12:3456::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "64:ff9b::a00:1",
                        "2002:c0a8:101::1", "198.18.0.1"}) {
    EXPECT_FALSE(is_public_address(ip::make_address(a))) << a;
  }
  for (const char* a : {"93.184.215.14", "8.8.8.8", "172.32.0.1", "1.1.1.1", "2606:4700::1111", "::ffff:8.8.8.8"}) {
    EXPECT_TRUE(is_public_address(ip::make_address(a))) << a;
  }
}

TEST(TargetUrl, ResolvingRefusesLoopbackUnlessAllowed) {
  std::string why;
  for (const char* url : {"http://127.0.0.1:9/hook", "http://localhost:9/hook", "http://[::1]:9/"}) {
    auto u = parse_target_url(url, why);
    ASSERT_TRUE(u) << url;
    try {
      resolve_target(*u, false);
      ADD_FAILURE() << url << " was not refused";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), "webhook_target_not_allowed") << url;
      ASSERT_EQ(e.field_errors().size(), 1u);
      EXPECT_EQ(e.field_errors()[0].pointer, "/url");
    }
  }
  auto u = parse_target_url("http://127.0.0.1:9/hook", why);
  auto endpoints = resolve_target(*u, true);
  ASSERT_EQ(endpoints.size(), 1u);
  EXPECT_EQ(endpoints[0].port(), 9);
  // A public literal needs no DNS and passes.
  auto pub = parse_target_url("http://93.184.215.14/hook", why);
  EXPECT_EQ(resolve_target(*pub, false).size(), 1u);
}

}  // namespace
}  // namespace fairlabel::webhooks
