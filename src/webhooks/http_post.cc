#include "webhooks/http_post.h"

#include <map>
#include <memory>
#include <mutex>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

namespace fairlabel::webhooks {
namespace {

namespace net = boost::asio;
namespace ssl = boost::asio::ssl;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = net::ip::tcp;

constexpr std::size_t kMaxAnswerBytes = 64 * 1024;
constexpr std::size_t kExcerptBytes = 300;

//! One client context per set of trusted CAs, made once: loading the CA
//! store is slow, and an SSL_CTX is safe to share between threads once set
//! up. Throws boost::system::system_error if `extra_ca_file` cannot be read.
ssl::context& tls_context(const std::string& extra_ca_file) {
  static std::mutex mutex;
  static std::map<std::string, std::unique_ptr<ssl::context>> contexts;
  std::lock_guard lock(mutex);
  auto& slot = contexts[extra_ca_file];
  if (!slot) {
    auto c = std::make_unique<ssl::context>(ssl::context::tls_client);
    c->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                   ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
    c->set_default_verify_paths();
    if (!extra_ca_file.empty()) c->load_verify_file(extra_ca_file);
    c->set_verify_mode(ssl::verify_peer);
    slot = std::move(c);
  }
  return *slot;
}

struct Exchange {
  bhttp::request<bhttp::string_body> request;
  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::string_body> parser;
  beast::error_code error;
  std::string stage = "connect";
};

template <typename Stream>
void write_then_read(Stream& stream, Exchange& x) {
  x.stage = "send";
  bhttp::async_write(stream, x.request, [&stream, &x](beast::error_code ec, std::size_t) {
    if (ec) {
      x.error = ec;
      return;
    }
    x.stage = "read the answer";
    bhttp::async_read(stream, x.buffer, x.parser, [&x](beast::error_code ec2, std::size_t) { x.error = ec2; });
  });
}

PostResult finish(Exchange& x) {
  PostResult out;
  const bool header = x.parser.is_header_done();
  if (header && (!x.error || x.error == bhttp::error::body_limit || x.error == beast::error::timeout)) {
    out.status = static_cast<int>(x.parser.get().result_int());
    out.body_excerpt = x.parser.get().body().substr(0, kExcerptBytes);
    return out;
  }
  if (x.error == beast::error::timeout) {
    out.error = "timed out (" + x.stage + ")";
  } else {
    out.error = x.stage + ": " + x.error.message();
  }
  return out;
}

}  // namespace

PostResult post_json(const TargetUrl& url, const std::vector<tcp::endpoint>& endpoints,
                     const std::vector<std::pair<std::string, std::string>>& headers, const std::string& body,
                     std::chrono::milliseconds timeout, const std::string& extra_ca_file) {
  net::io_context io;
  Exchange x;
  x.request = {bhttp::verb::post, url.target, 11};
  x.request.set(bhttp::field::host, url.host_header());
  x.request.set(bhttp::field::user_agent, "fairlabel-webhooks/1");
  x.request.set(bhttp::field::content_type, "application/json");
  x.request.set(bhttp::field::connection, "close");
  for (const auto& [name, value] : headers) x.request.set(name, value);
  x.request.body() = body;
  x.request.prepare_payload();
  x.parser.body_limit(kMaxAnswerBytes);

  if (!url.tls()) {
    beast::tcp_stream stream(io);
    stream.expires_after(timeout);  // one deadline for every step below
    stream.async_connect(endpoints, [&](beast::error_code ec, const tcp::endpoint&) {
      if (ec) {
        x.error = ec;
        return;
      }
      write_then_read(stream, x);
    });
    io.run();
    return finish(x);
  }

  beast::ssl_stream<beast::tcp_stream> stream(io, tls_context(extra_ca_file));
  boost::system::error_code parse_error;
  net::ip::make_address(url.host, parse_error);
  if (parse_error) {  // a name, not an address literal: send it for SNI
    if (!SSL_set_tlsext_host_name(stream.native_handle(), url.host.c_str())) {
      PostResult out;
      out.error = "TLS: could not set the server name";
      return out;
    }
  }
  stream.set_verify_callback(ssl::host_name_verification(url.host));
  beast::get_lowest_layer(stream).expires_after(timeout);
  beast::get_lowest_layer(stream).async_connect(endpoints, [&](beast::error_code ec, const tcp::endpoint&) {
    if (ec) {
      x.error = ec;
      return;
    }
    x.stage = "TLS handshake";
    stream.async_handshake(ssl::stream_base::client, [&](beast::error_code ec2) {
      if (ec2) {
        x.error = ec2;
        return;
      }
      write_then_read(stream, x);
    });
  });
  io.run();
  return finish(x);
}

}  // namespace fairlabel::webhooks
