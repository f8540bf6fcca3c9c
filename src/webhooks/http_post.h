#pragma once
//! The one outgoing HTTP request webhooks make: a POST of a JSON body to a
//! receiver, with a hard overall deadline (connect, TLS handshake, sending
//! and reading the answer together), over HTTP/1.1 with Boost.Beast.
//!
//! https: TLS 1.2 or later, the peer's certificate verified against the
//! system's CA store (Debian: ca-certificates; OpenSSL's SSL_CERT_FILE and
//! SSL_CERT_DIR apply) plus `extra_ca_file` if given, and against the URL's
//! host name, with SNI. Redirects are not followed: a 3xx is an answer that is not
//! 2xx, so the delivery is retried and finally fails (a receiver that moved
//! should update its URL). At most 64 KiB of the answer's body are read.
//! Connects only to the endpoints given (resolved and checked by
//! resolve_target), never resolving again.

#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <boost/asio/ip/tcp.hpp>

#include "webhooks/target_url.h"

namespace fairlabel::webhooks {

struct PostResult {
  std::optional<int> status;  //!< the receiver's HTTP status, if it answered
  std::string error;          //!< why there is no answer (timeout, refused, TLS, …), "" if it answered
  std::string body_excerpt;   //!< the first bytes of the answer's body, for the delivery log
  bool delivered() const { return status && *status >= 200 && *status < 300; }
};

PostResult post_json(const TargetUrl& url, const std::vector<boost::asio::ip::tcp::endpoint>& endpoints,
                     const std::vector<std::pair<std::string, std::string>>& headers, const std::string& body,
                     std::chrono::milliseconds timeout, const std::string& extra_ca_file = "");

}  // namespace fairlabel::webhooks
