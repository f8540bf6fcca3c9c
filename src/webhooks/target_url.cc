#include "webhooks/target_url.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include <boost/asio/io_context.hpp>
#include <boost/system/system_error.hpp>

#include "core/error.h"

namespace fairlabel::webhooks {
namespace {

namespace net = boost::asio;

std::string lowercase(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

bool host_name_ok(const std::string& host) {
  if (host.empty() || host.size() > 253) return false;
  return std::all_of(host.begin(), host.end(), [](unsigned char c) { return std::isalnum(c) || c == '-' || c == '.'; });
}

bool in_v4(std::uint32_t a, std::uint32_t net, int prefix) {
  const std::uint32_t mask = prefix == 0 ? 0 : ~std::uint32_t{0} << (32 - prefix);
  return (a & mask) == (net & mask);
}

constexpr std::uint32_t v4(unsigned a, unsigned b, unsigned c, unsigned d) {
  return (a << 24) | (b << 16) | (c << 8) | d;
}

bool is_public_v4(const net::ip::address_v4& address) {
  const std::uint32_t a = address.to_uint();
  struct Block {
    std::uint32_t net;
    int prefix;
  };
  static constexpr Block kNotPublic[] = {
      {v4(0, 0, 0, 0), 8},        // "this network", unspecified
      {v4(10, 0, 0, 0), 8},       // private
      {v4(100, 64, 0, 0), 10},    // carrier-grade NAT
      {v4(127, 0, 0, 0), 8},      // loopback
      {v4(169, 254, 0, 0), 16},   // link-local (cloud metadata)
      {v4(172, 16, 0, 0), 12},    // private
      {v4(192, 0, 0, 0), 24},     // IETF protocol assignments
      {v4(192, 0, 2, 0), 24},     // documentation
      {v4(192, 168, 0, 0), 16},   // private
      {v4(198, 18, 0, 0), 15},    // benchmarking
      {v4(198, 51, 100, 0), 24},  // documentation
      {v4(203, 0, 113, 0), 24},   // documentation
      {v4(224, 0, 0, 0), 4},      // multicast
      {v4(240, 0, 0, 0), 4},      // reserved, broadcast
  };
  return std::none_of(std::begin(kNotPublic), std::end(kNotPublic),
                      [&](const Block& b) { return in_v4(a, b.net, b.prefix); });
}

}  // namespace

std::string TargetUrl::host_header() const {
  const bool v6 = host.find(':') != std::string::npos;
  std::string h = v6 ? "[" + host + "]" : host;
  const std::uint16_t default_port = tls() ? 443 : 80;
  if (port != default_port) h += ":" + std::to_string(port);
  return h;
}

std::optional<TargetUrl> parse_target_url(const std::string& url, std::string& why) {
  if (url.size() > 2000) {
    why = "must be at most 2000 characters";
    return std::nullopt;
  }
  for (unsigned char c : url) {
    if (c <= 0x20 || c >= 0x7f) {
      why = "must not contain spaces or control or non-ASCII characters (percent-encode them)";
      return std::nullopt;
    }
  }
  TargetUrl out;
  auto scheme_end = url.find("://");
  if (scheme_end == std::string::npos) {
    why = "must be an absolute http:// or https:// URL";
    return std::nullopt;
  }
  out.scheme = lowercase(url.substr(0, scheme_end));
  if (out.scheme != "http" && out.scheme != "https") {
    why = "must use http or https, not " + out.scheme;
    return std::nullopt;
  }
  std::string rest = url.substr(scheme_end + 3);
  if (rest.find('#') != std::string::npos) {
    why = "must not have a fragment (#…)";
    return std::nullopt;
  }
  auto path_start = rest.find_first_of("/?");
  std::string authority = rest.substr(0, path_start);
  out.target = path_start == std::string::npos ? "/" : rest.substr(path_start);
  if (out.target[0] == '?') out.target = "/" + out.target;
  if (authority.find('@') != std::string::npos) {
    why = "must not contain user info (user:password@)";
    return std::nullopt;
  }
  std::string port_text;
  bool has_port = false;
  if (!authority.empty() && authority[0] == '[') {
    auto close = authority.find(']');
    if (close == std::string::npos) {
      why = "has an unclosed [ in its host";
      return std::nullopt;
    }
    out.host = authority.substr(1, close - 1);
    std::string after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after[0] != ':') {
        why = "has something after the IPv6 address that is not a port";
        return std::nullopt;
      }
      port_text = after.substr(1);
      has_port = true;
    }
    boost::system::error_code ec;
    net::ip::make_address_v6(out.host, ec);
    if (ec) {
      why = "has an invalid IPv6 address";
      return std::nullopt;
    }
  } else {
    auto colon = authority.rfind(':');
    out.host = lowercase(authority.substr(0, colon));
    if (colon != std::string::npos) {
      port_text = authority.substr(colon + 1);
      has_port = true;
    }
    if (!host_name_ok(out.host)) {
      why = "must have a host name or address";
      return std::nullopt;
    }
  }
  out.port = out.tls() ? 443 : 80;
  if (has_port) {
    unsigned port = 0;
    auto [ptr, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (port_text.empty() || ec != std::errc() || ptr != port_text.data() + port_text.size() || port == 0 ||
        port > 65535) {
      why = "has an invalid port";
      return std::nullopt;
    }
    out.port = static_cast<std::uint16_t>(port);
  }
  return out;
}

bool is_public_address(const net::ip::address& address) {
  if (address.is_unspecified() || address.is_loopback() || address.is_multicast()) return false;
  if (address.is_v4()) return is_public_v4(address.to_v4());
  const auto a6 = address.to_v6();
  if (a6.is_v4_mapped()) return is_public_v4(net::ip::make_address_v4(net::ip::v4_mapped, a6));
  if (a6.is_link_local() || a6.is_site_local()) return false;
  const auto bytes = a6.to_bytes();
  if ((bytes[0] & 0xfe) == 0xfc) return false;  // fc00::/7 unique local
  if (bytes[0] == 0x20 && bytes[1] == 0x01 && bytes[2] == 0x0d && bytes[3] == 0xb8) return false;  // documentation
  // NAT64 (64:ff9b::/96) and 6to4 (2002::/16) embed IPv4 addresses: judge those.
  if (bytes[0] == 0x00 && bytes[1] == 0x64 && bytes[2] == 0xff && bytes[3] == 0x9b) {
    return is_public_v4(net::ip::address_v4({bytes[12], bytes[13], bytes[14], bytes[15]}));
  }
  if (bytes[0] == 0x20 && bytes[1] == 0x02) {
    return is_public_v4(net::ip::address_v4({bytes[2], bytes[3], bytes[4], bytes[5]}));
  }
  return true;
}

std::vector<net::ip::tcp::endpoint> resolve_target(const TargetUrl& url, bool allow_private) {
  net::io_context io;
  net::ip::tcp::resolver resolver(io);
  boost::system::error_code ec;
  auto results = resolver.resolve(url.host, std::to_string(url.port), ec);
  if (ec || results.empty()) {
    std::string message = "the host " + url.host + " does not resolve" + (ec ? ": " + ec.message() : "");
    throw Error::invalid("webhook_target_unresolvable", message, {{"/url", message}});
  }
  std::vector<net::ip::tcp::endpoint> endpoints;
  for (const auto& entry : results) {
    const auto address = entry.endpoint().address();
    if (!allow_private && !is_public_address(address)) {
      std::string message = "the host " + url.host + " resolves to " + address.to_string() +
                            ", an address inside a private network (loopback, private, link-local or reserved); "
                            "webhooks go to public addresses only";
      throw Error::invalid("webhook_target_not_allowed", message, {{"/url", message}});
    }
    endpoints.push_back(entry.endpoint());
  }
  return endpoints;
}

}  // namespace fairlabel::webhooks
