// https delivery against a REAL TLS server on 127.0.0.1 (Beast, with a
// test certificate for "localhost" in testdata/, valid until 2126): the
// certificate must chain to a trusted CA and name the host.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <mutex>
#include <thread>

#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include "webhooks/http_post.h"
#include "webhooks/target_url.h"

namespace fairlabel::webhooks {
namespace {

namespace net = boost::asio;
namespace ssl = boost::asio::ssl;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = net::ip::tcp;

std::string testdata(const std::string& name) {
  const char* root = std::getenv("FAIRLABEL_SOURCE_DIR");
  return std::string(root ? root : ".") + "/src/webhooks/testdata/" + name;
}

//! Serves one connection at a time: TLS handshake, one request, 200.
class TlsReceiver {
 public:
  TlsReceiver() : context_(ssl::context::tls_server), acceptor_(io_, {net::ip::address_v4::loopback(), 0}) {
    context_.use_certificate_chain_file(testdata("localhost-cert.pem"));
    context_.use_private_key_file(testdata("localhost-key.pem"), ssl::context::pem);
    thread_ = std::thread([this] { serve(); });
  }
  ~TlsReceiver() {
    stopping_ = true;
    boost::system::error_code ignored;
    tcp::socket wake(io_);
    wake.connect({net::ip::address_v4::loopback(), port()}, ignored);
    thread_.join();
  }
  unsigned short port() const { return acceptor_.local_endpoint().port(); }
  std::vector<std::string> bodies() const {
    std::lock_guard lock(mutex_);
    return bodies_;
  }

 private:
  void serve() {
    while (!stopping_) {
      boost::system::error_code ec;
      tcp::socket socket(io_);
      acceptor_.accept(socket, ec);
      if (ec || stopping_) continue;
      beast::ssl_stream<tcp::socket> stream(std::move(socket), context_);
      stream.handshake(ssl::stream_base::server, ec);
      if (ec) continue;  // the client refused our certificate
      beast::flat_buffer buffer;
      bhttp::request<bhttp::string_body> request;
      bhttp::read(stream, buffer, request, ec);
      if (ec) continue;
      {
        std::lock_guard lock(mutex_);
        bodies_.push_back(request.body());
      }
      bhttp::response<bhttp::string_body> response{bhttp::status::ok, 11};
      response.body() = "ok";
      response.prepare_payload();
      bhttp::write(stream, response, ec);
      stream.shutdown(ec);
    }
  }

  net::io_context io_;
  ssl::context context_;
  tcp::acceptor acceptor_;
  std::atomic<bool> stopping_{false};
  mutable std::mutex mutex_;
  std::vector<std::string> bodies_;
  std::thread thread_;
};

PostResult post(const std::string& url, const std::string& ca_file) {
  std::string why;
  auto target = parse_target_url(url, why);
  EXPECT_TRUE(target) << why;
  return post_json(*target, resolve_target(*target, true), {{"Fairlabel-Event", "webhook.test"}}, R"({"id":"evt_tls"})",
                   std::chrono::milliseconds(5000), ca_file);
}

TEST(HttpsPost, DeliversToAServerWhoseCertificateChainsToATrustedCaAndNamesTheHost) {
  TlsReceiver receiver;
  auto result = post("https://localhost:" + std::to_string(receiver.port()) + "/hook", testdata("localhost-cert.pem"));
  EXPECT_TRUE(result.delivered()) << result.error;
  EXPECT_EQ(result.status, 200);
  EXPECT_EQ(receiver.bodies(), std::vector<std::string>{R"({"id":"evt_tls"})"});
}

TEST(HttpsPost, RefusesACertificateNoTrustedCaVouchesFor) {
  TlsReceiver receiver;
  auto result = post("https://localhost:" + std::to_string(receiver.port()) + "/hook", "");
  EXPECT_FALSE(result.status);
  EXPECT_NE(result.error.find("certificate verify failed"), std::string::npos) << result.error;
  EXPECT_TRUE(receiver.bodies().empty());
}

TEST(HttpsPost, RefusesACertificateForAnotherHost) {
  TlsReceiver receiver;  // its certificate names "localhost" only
  auto result = post("https://127.0.0.1:" + std::to_string(receiver.port()) + "/hook", testdata("localhost-cert.pem"));
  EXPECT_FALSE(result.status);
  EXPECT_NE(result.error.find("TLS handshake"), std::string::npos) << result.error;
  EXPECT_TRUE(receiver.bodies().empty());
}

}  // namespace
}  // namespace fairlabel::webhooks
