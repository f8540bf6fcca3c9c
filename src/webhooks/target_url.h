#pragma once
//! Where a webhook is sent: parsing its URL, and refusing addresses inside
//! the server's own network (SSRF).
//!
//! A receiver URL is http:// or https://, with a host (a name, an IPv4
//! address or a bracketed IPv6 address), an optional port and an optional
//! path and query; no user info, no fragment, at most 2,000 characters.
//!
//! Private addresses: a webhook makes the server send a request wherever a
//! requester says, so without a check a requester could reach services
//! only the server can (cloud metadata at 169.254.169.254, a database on
//! 10.0.0.5, the server's own admin ports on 127.0.0.1). Unless the
//! operator allows it (`serve --webhooks-allow-private`), a target is
//! refused when ANY address its host resolves to is loopback, private
//! (RFC 1918, IPv6 unique local), link-local, carrier-grade NAT, unspecified,
//! multicast, reserved or benchmarking — checked when the subscription is
//! created or changed and again before every delivery, and the delivery
//! connects to exactly the addresses that were checked (a name that
//! resolves differently the second time cannot slip through).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>

namespace fairlabel::webhooks {

struct TargetUrl {
  std::string scheme;  //!< "http" or "https"
  std::string host;    //!< without brackets for IPv6
  std::uint16_t port = 0;
  std::string target;  //!< path and query, "/" at least
  bool tls() const { return scheme == "https"; }
  //! The Host header's value ("example.org", "example.org:8080", "[::1]:81").
  std::string host_header() const;
};

//! Parses a receiver URL; nullopt with `why` set when it is not one.
std::optional<TargetUrl> parse_target_url(const std::string& url, std::string& why);

//! Whether an address is an ordinary public Internet address (see above).
bool is_public_address(const boost::asio::ip::address& address);

//! Resolves the URL's host (getaddrinfo) and checks every address unless
//! `allow_private`. Throws fairlabel::Error{invalid_input,
//! "webhook_target_not_allowed"} naming the address, or
//! Error{invalid_input, "webhook_target_unresolvable"}.
std::vector<boost::asio::ip::tcp::endpoint> resolve_target(const TargetUrl& url, bool allow_private);

}  // namespace fairlabel::webhooks
