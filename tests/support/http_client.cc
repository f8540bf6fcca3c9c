#include <utility>  // before Asio, see STACK-NOTES.md

#include "support/http_client.h"

#include <algorithm>
#include <cctype>
#include <limits>
#include <optional>
#include <sstream>
#include <stdexcept>

#include <sys/socket.h>
#include <sys/time.h>

#include <cerrno>

#include <boost/asio/buffer.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>

namespace fairlabel::testing {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

std::string lowercase(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool has_header(const HttpClient::Headers& headers, std::string_view lowercase_name) {
  return std::any_of(headers.begin(), headers.end(), [&](const auto& h) { return lowercase(h.first) == lowercase_name; });
}

//! Errors that mean "the server closed this connection before answering".
bool is_stale_connection(beast::error_code ec) {
  return ec == bhttp::error::end_of_stream || ec == asio::error::eof || ec == asio::error::connection_reset ||
         ec == asio::error::broken_pipe || ec == bhttp::error::partial_message;
}

//! The connected socket as a blocking Beast SyncReadStream/SyncWriteStream:
//! one send() or recv() per call, bounded by SO_SNDTIMEO/SO_RCVTIMEO, and an
//! operation that runs past its deadline fails with beast::error::timeout.
//! A request then costs the client one send and (usually) one recv, where
//! Asio's asynchronous operations with a timer cost a send, a recv that
//! would block, an epoll_wait, the recv and timer updates (work_cycle_bench
//! runs 64 such clients on the same two cores as the server it measures).
class BlockingSocket {
 public:
  BlockingSocket(int fd, std::chrono::steady_clock::time_point deadline) : fd_(fd), deadline_(deadline) {}

  template <typename MutableBuffers>
  std::size_t read_some(const MutableBuffers& buffers, beast::error_code& ec) {
    const asio::mutable_buffer first = beast::buffers_front(buffers);
    return transfer(ec, [&] { return ::recv(fd_, first.data(), first.size(), 0); });
  }
  template <typename MutableBuffers>
  std::size_t read_some(const MutableBuffers& buffers) {
    beast::error_code ec;
    const std::size_t n = read_some(buffers, ec);
    if (ec) throw beast::system_error(ec);
    return n;
  }
  template <typename ConstBuffers>
  std::size_t write_some(const ConstBuffers& buffers, beast::error_code& ec) {
    const asio::const_buffer first = beast::buffers_front(buffers);
    return transfer(ec, [&] { return ::send(fd_, first.data(), first.size(), MSG_NOSIGNAL); });
  }
  template <typename ConstBuffers>
  std::size_t write_some(const ConstBuffers& buffers) {
    beast::error_code ec;
    const std::size_t n = write_some(buffers, ec);
    if (ec) throw beast::system_error(ec);
    return n;
  }

 private:
  template <typename Call>
  std::size_t transfer(beast::error_code& ec, Call call) {
    for (;;) {
      if (std::chrono::steady_clock::now() >= deadline_) {
        ec = beast::error::timeout;
        return 0;
      }
      const ssize_t n = call();
      if (n > 0) {
        ec = {};
        return static_cast<std::size_t>(n);
      }
      if (n == 0) {
        ec = asio::error::eof;
        return 0;
      }
      if (errno == EINTR) continue;
      // SO_RCVTIMEO / SO_SNDTIMEO elapsed.
      ec = errno == EAGAIN || errno == EWOULDBLOCK ? beast::error_code(beast::error::timeout)
                                                   : beast::error_code(errno, boost::system::system_category());
      return 0;
    }
  }

  int fd_;
  std::chrono::steady_clock::time_point deadline_;
};

}  // namespace

struct HttpClient::Impl {
  std::string host;
  unsigned short port;
  std::chrono::milliseconds timeout;
  asio::io_context ioc;
  std::optional<beast::tcp_stream> stream;
  beast::flat_buffer buffer;
  int connections_opened = 0;

  //! Runs the io_context until the operation started by `start` completes;
  //! `start` receives the completion handler. Every operation carries the
  //! stream's timeout, so this returns.
  template <typename Start>
  beast::error_code run(Start start) {
    beast::error_code result;
    start([&result](beast::error_code ec, auto&&...) { result = ec; });
    ioc.restart();
    ioc.run();
    return result;
  }

  void connect() {
    disconnect();
    beast::error_code ec;
    tcp::resolver resolver(ioc);
    auto endpoints = resolver.resolve(host, std::to_string(port), ec);
    if (ec) throw std::runtime_error("HttpClient: cannot resolve " + host + ": " + ec.message());
    stream.emplace(ioc);
    stream->expires_after(timeout);
    ec = run([&](auto handler) { stream->async_connect(endpoints, handler); });
    if (ec) {
      stream.reset();
      throw std::runtime_error("HttpClient: cannot connect to " + host + ":" + std::to_string(port) + ": " +
                               ec.message());
    }
    stream->socket().set_option(tcp::no_delay(true), ec);
    // From here on the socket is used blocking (see BlockingSocket), each
    // send and recv bounded by the timeout.
    stream->socket().native_non_blocking(false, ec);
    if (!ec) ec = set_socket_timeout(SO_RCVTIMEO);
    if (!ec) ec = set_socket_timeout(SO_SNDTIMEO);
    if (ec) {
      stream.reset();
      throw std::runtime_error("HttpClient: cannot set up the connection to " + host + ":" + std::to_string(port) +
                               ": " + ec.message());
    }
    buffer.clear();
    ++connections_opened;
  }

  void disconnect() {
    if (!stream) return;
    beast::error_code ec;
    stream->socket().shutdown(tcp::socket::shutdown_both, ec);
    stream->close();
    stream.reset();
    buffer.clear();
  }

  beast::error_code set_socket_timeout(int option) {
    const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(timeout).count();
    timeval limit{static_cast<time_t>(micros / 1000000), static_cast<suseconds_t>(micros % 1000000)};
    if (::setsockopt(stream->socket().native_handle(), SOL_SOCKET, option, &limit, sizeof limit) != 0) {
      return beast::error_code(errno, boost::system::system_category());
    }
    return {};
  }

  //! The socket for one operation, which must end within the timeout.
  BlockingSocket blocking() {
    return BlockingSocket(stream->socket().native_handle(), std::chrono::steady_clock::now() + timeout);
  }

  beast::error_code write(std::string_view bytes) {
    beast::error_code ec;
    BlockingSocket socket = blocking();
    asio::write(socket, asio::buffer(bytes.data(), bytes.size()), ec);
    return ec;
  }

  //! Reads one reply; `bytes_seen` says whether any of it arrived.
  beast::error_code read(Reply& reply, bool head_request, bool& keep_alive, bool& bytes_seen) {
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(std::numeric_limits<std::uint64_t>::max());
    parser.skip(head_request);
    const std::size_t buffered_before = buffer.size();
    beast::error_code ec;
    BlockingSocket socket = blocking();
    bhttp::read(socket, buffer, parser, ec);
    bytes_seen = parser.got_some() || buffer.size() > buffered_before;
    if (ec) return ec;
    auto& message = parser.get();
    reply.status = static_cast<int>(message.result_int());
    for (const auto& field : message) reply.headers[lowercase(std::string_view(field.name_string().data(), field.name_string().size()))] = std::string(field.value());
    reply.body = std::move(message.body());
    keep_alive = message.keep_alive();
    return {};
  }

  static std::runtime_error failure(const std::string& what, beast::error_code ec) {
    return std::runtime_error("HttpClient: " + what + ": " + ec.message());
  }
};

nlohmann::json HttpClient::Reply::json() const { return nlohmann::json::parse(body); }

std::string HttpClient::Reply::header(const std::string& lowercase_name) const {
  auto it = headers.find(lowercase_name);
  return it == headers.end() ? std::string{} : it->second;
}

HttpClient::HttpClient(std::string host, unsigned short port, std::chrono::milliseconds timeout)
    : impl_(std::make_unique<Impl>()) {
  impl_->host = std::move(host);
  impl_->port = port;
  impl_->timeout = timeout;
}

HttpClient::~HttpClient() { impl_->disconnect(); }

HttpClient::Reply HttpClient::request(std::string method, std::string target, std::string body, Headers headers) {
  bhttp::request<bhttp::string_body> message;
  message.version(11);
  message.method_string(method);
  message.target(target);
  message.set(bhttp::field::host, impl_->host + ":" + std::to_string(impl_->port));
  for (const auto& [name, value] : headers) message.set(name, value);
  message.body() = std::move(body);
  if (!message.body().empty() || method == "POST" || method == "PUT" || method == "PATCH") message.prepare_payload();
  message.keep_alive(true);
  std::ostringstream serialized;
  serialized << message;
  const std::string bytes = serialized.str();
  const bool head_request = method == "HEAD";

  for (int attempt = 0;; ++attempt) {
    const bool reused = impl_->stream.has_value();
    if (!reused) impl_->connect();
    auto ec = impl_->write(bytes);
    Reply reply;
    bool keep_alive = false;
    bool bytes_seen = false;
    if (!ec) ec = impl_->read(reply, head_request, keep_alive, bytes_seen);
    if (ec) {
      impl_->disconnect();
      // The server closed a kept-alive connection before we wrote: retry once.
      if (reused && attempt == 0 && !bytes_seen && is_stale_connection(ec)) continue;
      throw Impl::failure(method + " " + target, ec);
    }
    if (!keep_alive) impl_->disconnect();
    return reply;
  }
}

HttpClient::Reply HttpClient::get(std::string target, Headers headers) {
  return request("GET", std::move(target), "", std::move(headers));
}

HttpClient::Reply HttpClient::head(std::string target, Headers headers) {
  return request("HEAD", std::move(target), "", std::move(headers));
}

HttpClient::Reply HttpClient::del(std::string target, Headers headers) {
  return request("DELETE", std::move(target), "", std::move(headers));
}

HttpClient::Reply HttpClient::post(std::string target, const nlohmann::json& body, Headers headers) {
  if (!has_header(headers, "content-type")) headers["Content-Type"] = "application/json";
  return request("POST", std::move(target), body.dump(), std::move(headers));
}

HttpClient::Reply HttpClient::post(std::string target, std::string body, Headers headers) {
  return request("POST", std::move(target), std::move(body), std::move(headers));
}

HttpClient::Reply HttpClient::post(std::string target, const char* body, Headers headers) {
  return request("POST", std::move(target), std::string(body), std::move(headers));
}

HttpClient::Reply HttpClient::put(std::string target, const nlohmann::json& body, Headers headers) {
  if (!has_header(headers, "content-type")) headers["Content-Type"] = "application/json";
  return request("PUT", std::move(target), body.dump(), std::move(headers));
}

HttpClient::Reply HttpClient::patch(std::string target, const nlohmann::json& body, Headers headers) {
  if (!has_header(headers, "content-type")) headers["Content-Type"] = "application/json";
  return request("PATCH", std::move(target), body.dump(), std::move(headers));
}

void HttpClient::send_raw(std::string_view bytes) {
  if (!impl_->stream) impl_->connect();
  auto ec = impl_->write(bytes);
  if (ec) throw Impl::failure("raw write", ec);
}

HttpClient::Reply HttpClient::read_reply() {
  if (!impl_->stream) throw std::runtime_error("HttpClient: read_reply without a connection");
  Reply reply;
  bool keep_alive = false;
  bool bytes_seen = false;
  auto ec = impl_->read(reply, false, keep_alive, bytes_seen);
  if (ec) {
    impl_->disconnect();
    throw Impl::failure("read reply", ec);
  }
  if (!keep_alive) impl_->disconnect();
  return reply;
}

bool HttpClient::wait_for_close() {
  if (!impl_->stream) return true;
  beast::error_code ec;
  BlockingSocket socket = impl_->blocking();
  do {
    char scratch[4096];
    socket.read_some(asio::buffer(scratch), ec);
  } while (!ec);
  const bool closed = ec != beast::error::timeout;
  impl_->disconnect();
  return closed;
}

void HttpClient::disconnect() { impl_->disconnect(); }

int HttpClient::connections_opened() const { return impl_->connections_opened; }

bool HttpClient::can_connect(const std::string& host, unsigned short port) {
  asio::io_context ioc;
  tcp::socket socket(ioc);
  beast::error_code ec;
  socket.connect(tcp::endpoint(asio::ip::make_address(host, ec), port), ec);
  if (ec) return false;
  socket.close(ec);
  return true;
}

}  // namespace fairlabel::testing
