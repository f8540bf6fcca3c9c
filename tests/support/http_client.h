#pragma once
//! A small synchronous HTTP/1.1 client for tests.
//!
//! It keeps one keep-alive connection to host:port and reconnects
//! transparently when the server has closed it (a request that fails on a
//! reused connection before any byte of the reply arrived is sent once more
//! on a fresh one). Every operation is bounded by `timeout` (one that keeps
//! receiving bytes slowly, by twice that), so a test never
//! hangs on a server that stops answering: a timeout throws
//! std::runtime_error, as do connection failures.
//!
//! Besides the request helpers it offers raw access for transport tests:
//! send arbitrary bytes, read one reply, wait for the server to close.
//!
//! Not thread-safe: one client per thread. Beast stays in http_client.cc.
//!
//!   testing::HttpClient client("127.0.0.1", server.port());
//!   auto reply = client.post("/api/v1/orgs", {{"name", "Lab"}}, {{"Authorization", "Bearer " + token}});
//!   EXPECT_EQ(reply.status, 201);
//!   EXPECT_EQ(reply.json()["name"], "Lab");

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

namespace fairlabel::testing {

class HttpClient {
 public:
  using Headers = std::map<std::string, std::string>;

  struct Reply {
    int status = 0;
    Headers headers;  //!< names lowercased; a repeated header keeps its last value
    std::string body;
    //! The body parsed as JSON; throws nlohmann::json::parse_error if it is not.
    nlohmann::json json() const;
    //! A header by lowercase name, "" when absent.
    std::string header(const std::string& lowercase_name) const;
  };

  HttpClient(std::string host, unsigned short port, std::chrono::milliseconds timeout = std::chrono::seconds(30));
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  //! Sends one request and reads its reply. `headers` are sent as given
  //! (Host and Content-Length are added). A non-empty body without a
  //! Content-Type header goes out as-is with no Content-Type.
  Reply request(std::string method, std::string target, std::string body = "", Headers headers = {});

  Reply get(std::string target, Headers headers = {});
  Reply head(std::string target, Headers headers = {});
  Reply del(std::string target, Headers headers = {});
  //! JSON bodies are sent with Content-Type: application/json (unless given).
  Reply post(std::string target, const nlohmann::json& body, Headers headers = {});
  Reply post(std::string target, std::string body, Headers headers = {});
  Reply post(std::string target, const char* body, Headers headers = {});
  Reply put(std::string target, const nlohmann::json& body, Headers headers = {});
  Reply patch(std::string target, const nlohmann::json& body, Headers headers = {});

  //! Raw access: writes `bytes` on the current connection (connecting first
  //! if there is none). No reconnect-and-retry.
  void send_raw(std::string_view bytes);
  //! Reads one reply on the current connection.
  Reply read_reply();
  //! Reads (and discards) until the server closes the connection. True if
  //! it closed within the timeout, false if it was still open.
  bool wait_for_close();
  //! Closes the current connection; the next request opens a new one.
  void disconnect();

  //! How many TCP connections this client has opened so far.
  int connections_opened() const;

  //! Whether a TCP connection to host:port is accepted right now.
  static bool can_connect(const std::string& host, unsigned short port);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace fairlabel::testing
