// The HTTP/1.1 transport: the only translation unit that includes Beast.
//
// Threads and ownership:
// - `io_threads` threads run the io_context. Each connection (Session) has
//   its own strand, so a session's state is only touched by one thread at a
//   time; the acceptor, the grace timer and stop() share the control strand.
// - The handler runs on `workers` (an asio::thread_pool); its Response is
//   posted back to the session's strand and written there. While a handler
//   runs, a work guard keeps the io_context from running out of work.
// - A Session keeps itself alive through the shared_ptr captured by its
//   pending operation; when the chain ends it is destroyed and unregisters.
//
// On the I/O path errors are error codes with an early return; nothing here
// throws except start() (bind failure, documented in server.h).
#include "http/server.h"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cctype>
#include <cmath>
#include <ctime>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>
#include <utility>  // before Asio, see STACK-NOTES.md
#include <vector>

#include "core/clock.h"
#include "core/random.h"
#include "http/body_source.h"
#include "http/problem.h"

namespace fairlabel::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using SteadyTime = std::chrono::steady_clock::time_point;

constexpr std::uint32_t kHeaderLimitBytes = 16 * 1024;
//! Piece size of a streamed body (Response::stream): one piece per session
//! is in memory at a time.
constexpr std::size_t kStreamChunkBytes = 64 * 1024;
//! After a response with Connection: close, how long we keep reading (and
//! discarding) what the client still sends before closing. Closing a socket
//! with unread input makes the kernel send RST, which can destroy the
//! response in flight (an over-limit upload is the usual case).
constexpr std::chrono::seconds kLingerTimeout{2};
constexpr std::size_t kLingerMaxBytes = 1 << 20;

bool is_sane_request_id(std::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
           c == '-';
  });
}

std::string http_date() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[64];
  const std::size_t n = std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S GMT", &utc);
  return std::string(text, n);
}

//! Appends `text` as a JSON string, exactly as nlohmann::json's dump with
//! error_handler_t::replace writes it (the access log's format), without
//! building a document: plain printable ASCII is copied as is, anything
//! else goes through nlohmann (escapes, invalid UTF-8 replaced by U+FFFD).
void append_access_log_string(std::string& out, std::string_view text) {
  const bool plain =
      std::all_of(text.begin(), text.end(), [](char c) { return c >= 0x20 && c < 0x7f && c != '"' && c != '\\'; });
  if (plain) {
    out += '"';
    out += text;
    out += '"';
  } else {
    out += nlohmann::json(std::string(text)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }
}

std::string_view sv(beast::string_view s) {
  return {s.data(), s.size()};
}

std::string lowercase(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool status_has_no_body(int status) {
  return (status >= 100 && status < 200) || status == 204 || status == 304;
}

std::shared_ptr<spdlog::logger> access_logger() {
  if (auto existing = spdlog::get("access")) return existing;
  auto logger = std::make_shared<spdlog::logger>("access", std::make_shared<spdlog::sinks::stdout_sink_mt>());
  logger->set_pattern("%v");
  logger->flush_on(spdlog::level::info);
  try {
    spdlog::register_logger(logger);
  } catch (const spdlog::spdlog_ex&) {
    // Another server registered one concurrently; use that.
    if (auto existing = spdlog::get("access")) return existing;
  }
  return logger;
}

}  // namespace

namespace detail {

class Session;

//! Everything the server shares with its sessions. (Server::Impl is private
//! to Server, so sessions see this base instead.)
struct ServerState {
  ServerState(ServerConfig c, Handler h, Metrics* m)
      : config(std::move(c)),
        handler(std::move(h)),
        metrics(m),
        access_log(access_logger()),
        ioc(std::max(1, config.io_threads)),
        control(asio::make_strand(ioc)),
        acceptor(control),
        accept_retry(control),
        grace_timer(control),
        workers(static_cast<std::size_t>(std::max(1, config.worker_threads))) {}

  ~ServerState() {
    destroying = true;
    // Handlers still running (only after a grace timeout) finish first; what
    // they post to the stopped io_context is then destroyed with it.
    workers.join();
  }

  void do_accept();
  void on_accept(beast::error_code ec, tcp::socket socket);
  void begin_stop();
  void session_ended(std::uint64_t id);
  Response invoke_handler(Request& request);

  const ServerConfig config;
  const Handler handler;
  Metrics* const metrics;
  const std::shared_ptr<spdlog::logger> access_log;
  std::atomic<bool> destroying{false};
  std::atomic<unsigned short> bound_port{0};

  std::mutex sessions_mutex;
  std::map<std::uint64_t, std::weak_ptr<Session>> sessions;  // GUARDED_BY(sessions_mutex)
  std::uint64_t next_session_id = 0;                         // GUARDED_BY(sessions_mutex)
  bool stopping = false;                                     // GUARDED_BY(sessions_mutex)

  // Declared after the members that sessions touch in their destructors, so
  // that destroying the io_context (and the sessions its queued handlers
  // own) happens while those members still exist.
  asio::io_context ioc;
  asio::strand<asio::io_context::executor_type> control;
  tcp::acceptor acceptor;           // on `control`
  asio::steady_timer accept_retry;  // on `control`
  asio::steady_timer grace_timer;   // on `control`
  asio::thread_pool workers;
};

}  // namespace detail

using detail::Session;

struct Server::Impl : detail::ServerState {
  using ServerState::ServerState;
};

namespace detail {

//! One client connection: read a request, run the handler on the worker
//! pool, write the response, and again while keep-alive holds.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(ServerState& server, tcp::socket socket, std::uint64_t id)
      : server_(server), id_(id), stream_(std::move(socket)) {
    beast::error_code ec;
    auto endpoint = stream_.socket().remote_endpoint(ec);
    if (!ec) remote_ = endpoint.address().to_string();
  }

  ~Session() { server_.session_ended(id_); }

  asio::any_io_executor executor() { return stream_.get_executor(); }

  void start() {
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->wait_for_request(); });
  }

  //! On the session's strand: the server is stopping. An idle connection (or
  //! one still receiving a request) is closed; a request being handled or
  //! written completes, and its response carries Connection: close.
  void on_server_stop() {
    stopping_ = true;
    // Cancel rather than close: a read that already completed (its handler
    // queued behind this one) still gets its request answered.
    if (state_ == State::reading) stream_.cancel();
  }

 private:
  enum class State { reading, handling, writing, closing };

  //! What the access log and metrics need to know about the current request.
  struct Exchange {
    SteadyTime started;
    std::string method = "-";
    Method parsed_method = Method::other;
    std::string path = "-";
    std::string request_id;
    bool keep_alive = false;
  };

  void wait_for_request() {
    state_ = State::reading;
    if (stopping_) return close_now();
    if (buffer_.size() > 0) return read_request();  // pipelined bytes already here
    // Waiting for the first byte is the idle phase; on a new connection the
    // client is expected to speak at once, so the read timeout applies.
    stream_.expires_after(first_request_ ? server_.config.read_timeout : server_.config.idle_timeout);
    stream_.async_read_some(buffer_.prepare(4096), [self = shared_from_this()](beast::error_code ec, std::size_t n) {
      self->on_first_bytes(ec, n);
    });
  }

  void on_first_bytes(beast::error_code ec, std::size_t n) {
    // EOF, timeout, reset, or stopping before a request arrived whole:
    // nothing was acknowledged, so closing loses nothing.
    if (ec || stopping_) return close_now();
    buffer_.commit(n);
    read_request();
  }

  //! Upload routes take larger bodies than the JSON API; decided on the
  //! target alone, before the body is read. (The header is read under the
  //! upload limit, because Beast checks Content-Length against the limit
  //! as the header completes; other routes get the normal limit here.)
  bool choose_body_limit() {
    auto beast_target = parser_->get().target();
    std::string_view target(beast_target.data(), beast_target.size());
    target = target.substr(0, target.find('?'));
    for (const auto& suffix : server_.config.upload_path_suffixes) {
      if (target.size() >= suffix.size() && target.substr(target.size() - suffix.size()) == suffix) {
        return true;
      }
    }
    // Beast compares Content-Length with the limit only as the header
    // completes, so a declared length is checked here; a chunked body is
    // checked chunk by chunk against the limit set now.
    auto length = parser_->content_length();
    if (length && *length > server_.config.body_limit_bytes) return false;
    parser_->body_limit(server_.config.body_limit_bytes);
    return true;
  }

  void read_request() {
    parser_.emplace();
    parser_->body_limit(std::max(server_.config.body_limit_bytes, server_.config.upload_limit_bytes));
    parser_->header_limit(kHeaderLimitBytes);
    stream_.expires_after(server_.config.read_timeout);
    bhttp::async_read_header(stream_, buffer_, *parser_,
                             [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_header(ec); });
  }

  void on_header(beast::error_code ec) {
    if (ec || parser_->is_done()) return on_read(ec);
    if (!choose_body_limit()) return on_read(bhttp::error::body_limit);
    // A client that asks before sending its body (curl does for uploads)
    // is told to go ahead; an over-limit body never gets here.
    auto expect = parser_->get().find(bhttp::field::expect);
    if (expect != parser_->get().end() && beast::iequals(expect->value(), "100-continue")) {
      static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      asio::async_write(stream_, asio::buffer(kContinue.data(), kContinue.size()),
                        [self = shared_from_this()](beast::error_code write_error, std::size_t) {
                          if (write_error) return self->on_read(write_error);
                          self->read_body();
                        });
      return;
    }
    read_body();
  }

  void read_body() {
    bhttp::async_read(stream_, buffer_, *parser_,
                      [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
  }

  void on_read(beast::error_code ec) {
    exchange_ = Exchange{};
    exchange_.started = std::chrono::steady_clock::now();
    if (ec) return on_read_error(ec);

    auto& message = parser_->get();
    exchange_.method = std::string(message.method_string());
    exchange_.parsed_method = parse_method(exchange_.method);
    exchange_.keep_alive = message.keep_alive();

    Request request;
    request.method = exchange_.parsed_method;
    request.target = std::string(message.target());
    request.remote_address = remote_;
    for (const auto& field : message) request.headers[lowercase(sv(field.name_string()))] = std::string(field.value());
    auto client_id = request.header("x-request-id");
    request.request_id = client_id && is_sane_request_id(*client_id) ? *client_id : hex_encode(secure_random_bytes(16));
    exchange_.request_id = request.request_id;

    const auto question = request.target.find('?');
    const std::string_view raw_path = std::string_view(request.target).substr(0, question);
    if (question != std::string::npos) request.query = request.target.substr(question + 1);
    exchange_.path = std::string(raw_path);
    if (raw_path.empty() || raw_path.front() != '/') {
      return respond(problem_response(400, "bad_request", "the request target must be an absolute path", &request),
                     false);
    }
    auto decoded = percent_decode(raw_path, false);
    if (!decoded || decoded->find('\0') != std::string::npos) {
      request.path = exchange_.path;
      return respond(problem_response(400, "bad_path", "the request path is not validly percent-encoded", &request),
                     false);
    }
    request.path = std::move(*decoded);
    exchange_.path = request.path;
    request.body = std::move(message.body());
    parser_.reset();

    state_ = State::handling;
    // The work guard keeps run() from returning while the handler runs: no
    // I/O is pending on this connection meanwhile.
    asio::post(server_.workers, [self = shared_from_this(), request = std::move(request),
                                 guard = asio::make_work_guard(server_.ioc)]() mutable {
      Response response = self->server_.invoke_handler(request);
      auto executor = self->stream_.get_executor();
      asio::post(executor, [self = std::move(self), response = std::move(response)]() mutable {
        self->respond(std::move(response), false);
      });
    });
  }

  //! A request that could not be read: answer the ones that deserve an
  //! answer (malformed, too large) and close; drop the rest silently.
  void on_read_error(beast::error_code ec) {
    if (ec.category() != bhttp::make_error_code(bhttp::error::bad_method).category() ||
        ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message) {
      return close_now();  // timeout, reset, stop, or the client went away mid-request
    }
    Request request;
    request.path = "-";
    // An over-limit Content-Length is rejected while the header is being
    // finished: its fields are all there even though is_header_done() is not.
    if (parser_ && (parser_->is_header_done() || ec == bhttp::error::body_limit)) {
      const auto& message = parser_->get();
      exchange_.method = std::string(message.method_string());
      exchange_.parsed_method = parse_method(exchange_.method);
      const std::string_view target = sv(message.target());
      request.path = exchange_.path = std::string(target.substr(0, target.find('?')));
      auto client_id = message.find("X-Request-Id");
      if (client_id != message.end() && is_sane_request_id(sv(client_id->value()))) {
        request.request_id = std::string(client_id->value());
      }
    }
    if (request.request_id.empty()) request.request_id = hex_encode(secure_random_bytes(16));
    exchange_.request_id = request.request_id;
    parser_.reset();

    if (ec == bhttp::error::body_limit) {
      return respond(problem_response(413, "payload_too_large",
                                      "the request body exceeds the limit of " +
                                          std::to_string(server_.config.body_limit_bytes) + " bytes",
                                      &request),
                     true);
    }
    if (ec == bhttp::error::header_limit || ec == bhttp::error::buffer_overflow) {
      return respond(
          problem_response(431, "headers_too_large",
                           "the request headers exceed " + std::to_string(kHeaderLimitBytes) + " bytes", &request),
          true);
    }
    respond(problem_response(400, "bad_request", "the request is not valid HTTP/1.1: " + ec.message(), &request), true);
  }

  void respond(Response response, bool must_close) {
    state_ = State::writing;
    if (response.status < 100 || response.status > 599) {
      spdlog::error("request {}: handler returned invalid status {}", exchange_.request_id, response.status);
      Request request;
      request.path = exchange_.path;
      request.request_id = exchange_.request_id;
      response = problem_response(500, "internal", "an unexpected error occurred", &request);
    }
    const bool no_body = status_has_no_body(response.status);
    const bool keep_alive = exchange_.keep_alive && !must_close && !stopping_;
    route_ = response.route;
    actor_ = response.actor;
    status_ = response.status;
    if (response.stream && !no_body && exchange_.parsed_method != Method::head) {
      return respond_streamed(std::move(response), keep_alive);
    }
    auto message = std::make_shared<bhttp::response<bhttp::string_body>>();
    set_headers(*message, response, keep_alive);
    if (!no_body) {
      message->content_length(response.stream ? response.stream->size() : response.body.size());
      // HEAD: the same headers as GET, Content-Length included, no body.
      if (exchange_.parsed_method != Method::head) message->body() = std::move(response.body);
    }
    response_ = message;
    bytes_sent_ = message->body().size();
    stream_.expires_after(server_.config.read_timeout);
    bhttp::async_write(stream_, *message, [self = shared_from_this(), keep_alive](beast::error_code ec, std::size_t) {
      self->on_write(ec, keep_alive);
    });
  }

  //! Status line and headers shared by in-memory and streamed bodies.
  template <class Body>
  void set_headers(bhttp::response<Body>& message, const Response& response, bool keep_alive) {
    message.version(11);
    message.result(static_cast<unsigned>(response.status));
    message.set(bhttp::field::server, "fairlabel");
    message.set(bhttp::field::date, http_date());
    bool has_cache_control = false;
    for (const auto& [name, value] : response.headers) {
      if (beast::iequals(name, "connection") || beast::iequals(name, "content-length")) continue;
      if (name.empty() || name.find_first_of("\r\n:") != std::string::npos ||
          value.find_first_of("\r\n") != std::string::npos) {
        continue;  // would split the header block: never echo it
      }
      if (beast::iequals(name, "cache-control")) has_cache_control = true;
      message.insert(name, value);
    }
    if (!has_cache_control) message.set(bhttp::field::cache_control, "no-store");
    message.set("X-Request-Id", exchange_.request_id);
    if (!status_has_no_body(response.status) && !response.content_type.empty()) {
      message.set(bhttp::field::content_type, response.content_type);
    }
    message.keep_alive(keep_alive);
  }

  //! A body too large for memory (Response::stream): the header, then one
  //! kStreamChunkBytes piece at a time, each read from the source just
  //! before it is written, with the timeout renewed per piece.
  struct StreamedResponse {
    bhttp::response<bhttp::buffer_body> message;
    std::optional<bhttp::response_serializer<bhttp::buffer_body>> serializer;
    std::shared_ptr<BodySource> source;
    std::vector<char> chunk;
  };

  void respond_streamed(Response response, bool keep_alive) {
    auto streamed = std::make_shared<StreamedResponse>();
    set_headers(streamed->message, response, keep_alive);
    streamed->source = std::move(response.stream);
    streamed->message.content_length(streamed->source->size());
    streamed->message.body().data = nullptr;
    streamed->message.body().more = true;
    streamed->serializer.emplace(streamed->message);
    streamed->chunk.resize(kStreamChunkBytes);
    streamed_ = streamed;
    bytes_sent_ = 0;
    stream_.expires_after(server_.config.read_timeout);
    bhttp::async_write_header(stream_, *streamed->serializer,
                              [self = shared_from_this(), keep_alive](beast::error_code ec, std::size_t) {
                                if (ec) return self->on_write(ec, keep_alive);
                                self->write_next_piece(keep_alive);
                              });
  }

  void write_next_piece(bool keep_alive) {
    StreamedResponse& streamed = *streamed_;
    std::size_t n = 0;
    try {
      n = streamed.source->read(streamed.chunk.data(), streamed.chunk.size());
    } catch (const std::exception& e) {
      // The header is out: the only honest signal left is a short body.
      spdlog::error("request {}: streaming the response body failed: {}", exchange_.request_id, e.what());
      return on_write(asio::error::broken_pipe, false);
    }
    bytes_sent_ += n;
    auto& body = streamed.message.body();
    body.data = n > 0 ? streamed.chunk.data() : nullptr;
    body.size = n;
    body.more = n > 0 && bytes_sent_ < streamed.source->size();
    stream_.expires_after(server_.config.read_timeout);
    bhttp::async_write(stream_, *streamed.serializer,
                       [self = shared_from_this(), keep_alive](beast::error_code ec, std::size_t) {
                         if (ec == bhttp::error::need_buffer) ec = {};  // this piece is out; read the next
                         if (ec || self->streamed_->serializer->is_done()) return self->on_write(ec, keep_alive);
                         self->write_next_piece(keep_alive);
                       });
  }

  void on_write(beast::error_code ec, bool keep_alive) {
    log_and_count(ec);
    response_.reset();
    streamed_.reset();
    if (ec) return close_now();
    if (!keep_alive) return linger_close();
    first_request_ = false;
    wait_for_request();
  }

  void log_and_count(beast::error_code write_error) {
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - exchange_.started).count();
    if (server_.metrics) {
      server_.metrics->observe_request(std::string(method_name(exchange_.parsed_method)),
                                       route_.empty() ? "unmatched" : route_, status_, seconds);
    }
    // One JSON object per line, its keys in this order. Written directly: a
    // document built and dumped per request cost about twice as much.
    std::string line;
    line.reserve(256 + exchange_.path.size());
    line += "{\"ts\":";
    append_access_log_string(line, format_rfc3339(SystemClock().now()));
    line += ",\"request_id\":";
    append_access_log_string(line, exchange_.request_id);
    line += ",\"remote\":";
    append_access_log_string(line, remote_);
    line += ",\"method\":";
    append_access_log_string(line, exchange_.method);
    line += ",\"route\":";
    append_access_log_string(line, route_.empty() ? "-" : route_);
    line += ",\"path\":";
    append_access_log_string(line, exchange_.path);
    line += ",\"status\":";
    line += std::to_string(status_);
    line += ",\"bytes\":";
    line += std::to_string(bytes_sent_);
    line += ",\"duration_ms\":";
    line += nlohmann::json(std::round(seconds * 1e6) / 1e3).dump();
    line += ",\"actor\":";
    append_access_log_string(line, actor_);
    if (write_error) {
      line += ",\"write_error\":";
      append_access_log_string(line, write_error.message());
    }
    line += '}';
    server_.access_log->info("{}", line);
  }

  //! Half-close, then read and discard what the client still sends until it
  //! closes too (or a short timeout), so our close does not reset the
  //! connection under the response we just wrote.
  void linger_close() {
    state_ = State::closing;
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    if (ec) return close_now();
    stream_.expires_after(std::min<std::chrono::steady_clock::duration>(kLingerTimeout, server_.config.read_timeout));
    buffer_.clear();
    linger_read(0);
  }

  void linger_read(std::size_t drained) {
    stream_.async_read_some(buffer_.prepare(4096),
                            [self = shared_from_this(), drained](beast::error_code ec, std::size_t n) {
                              if (ec || drained + n > kLingerMaxBytes) return self->close_now();
                              self->linger_read(drained + n);
                            });
  }

  void close_now() {
    state_ = State::closing;
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream_.close();
  }

  ServerState& server_;
  const std::uint64_t id_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::string remote_;
  State state_ = State::reading;
  bool stopping_ = false;
  bool first_request_ = true;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  Exchange exchange_;
  std::shared_ptr<bhttp::response<bhttp::string_body>> response_;
  std::shared_ptr<StreamedResponse> streamed_;
  std::uint64_t bytes_sent_ = 0;
  std::string route_, actor_;
  int status_ = 0;
};

}  // namespace detail

void detail::ServerState::do_accept() {
  acceptor.async_accept(asio::make_strand(ioc),
                        [this](beast::error_code ec, tcp::socket socket) { on_accept(ec, std::move(socket)); });
}

void detail::ServerState::on_accept(beast::error_code ec, tcp::socket socket) {
  if (ec == asio::error::operation_aborted || !acceptor.is_open()) return;
  if (ec) {
    // Typically EMFILE: back off briefly instead of spinning.
    spdlog::warn("http accept failed: {}", ec.message());
    accept_retry.expires_after(std::chrono::milliseconds(100));
    accept_retry.async_wait([this](beast::error_code wait_error) {
      if (!wait_error && acceptor.is_open()) do_accept();
    });
    return;
  }
  socket.set_option(tcp::no_delay(true), ec);
  std::shared_ptr<Session> session;
  {
    std::lock_guard lock(sessions_mutex);
    if (stopping) return;  // `socket` closes as it goes out of scope
    const std::uint64_t id = next_session_id++;
    session = std::make_shared<Session>(*this, std::move(socket), id);
    sessions.emplace(id, session);
  }
  session->start();
  do_accept();
}

void detail::ServerState::begin_stop() {
  std::vector<std::shared_ptr<Session>> live;
  {
    std::lock_guard lock(sessions_mutex);
    if (stopping) return;
    stopping = true;
    for (auto& [id, weak] : sessions) {
      if (auto session = weak.lock()) live.push_back(std::move(session));
    }
  }
  beast::error_code ec;
  acceptor.close(ec);
  accept_retry.cancel();
  if (live.empty()) return;  // nothing left to drain: run() returns
  for (auto& session : live) {
    asio::post(session->executor(), [session] { session->on_server_stop(); });
  }
  // Cancelled by session_ended() when the last connection is done.
  grace_timer.expires_after(config.shutdown_grace);
  grace_timer.async_wait([this](beast::error_code wait_error) {
    if (wait_error) return;
    spdlog::warn("http shutdown grace of {}s elapsed with requests still in flight; stopping anyway",
                 config.shutdown_grace.count());
    ioc.stop();
  });
}

void detail::ServerState::session_ended(std::uint64_t id) {
  bool last_while_stopping = false;
  {
    std::lock_guard lock(sessions_mutex);
    sessions.erase(id);
    last_while_stopping = stopping && sessions.empty();
  }
  if (last_while_stopping && !destroying) {
    asio::post(control, [this] { grace_timer.cancel(); });
  }
}

Response detail::ServerState::invoke_handler(Request& request) {
  try {
    return handler(request);
  } catch (const std::exception& e) {
    spdlog::error("request {}: exception escaped the handler: {}", request.request_id, e.what());
  } catch (...) {
    spdlog::error("request {}: unknown exception escaped the handler", request.request_id);
  }
  return problem_response(500, "internal", "an unexpected error occurred", &request);
}

Server::Server(ServerConfig config, Handler handler, Metrics* metrics)
    : impl_(std::make_unique<Impl>(std::move(config), std::move(handler), metrics)) {}

Server::~Server() = default;

void Server::start() {
  const std::string where = impl_->config.host + ":" + std::to_string(impl_->config.port);
  beast::error_code ec;
  tcp::resolver resolver(impl_->ioc);
  auto endpoints = resolver.resolve(impl_->config.host, std::to_string(impl_->config.port),
                                    tcp::resolver::passive | tcp::resolver::numeric_service, ec);
  if (ec || endpoints.empty()) {
    throw std::runtime_error("cannot resolve " + where + ": " + (ec ? ec.message() : "no address"));
  }
  const tcp::endpoint endpoint = endpoints.begin()->endpoint();
  auto& acceptor = impl_->acceptor;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (!ec) impl_->bound_port = acceptor.local_endpoint(ec).port();
  if (ec) {
    beast::error_code ignored;
    acceptor.close(ignored);
    throw std::runtime_error("cannot listen on " + where + ": " + ec.message());
  }
  impl_->do_accept();
}

unsigned short Server::port() const {
  return impl_->bound_port;
}

void Server::run() {
  std::vector<std::thread> extra;
  for (int i = 1; i < impl_->config.io_threads; ++i) extra.emplace_back([this] { impl_->ioc.run(); });
  impl_->ioc.run();
  for (auto& thread : extra) thread.join();
}

void Server::stop() {
  asio::post(impl_->control, [impl = impl_.get()] { impl->begin_stop(); });
}

}  // namespace fairlabel::http
