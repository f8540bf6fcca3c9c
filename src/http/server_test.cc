// The server over real loopback sockets (port 0), driven by the test
// HttpClient. Nothing here sleeps: tests wait on futures, or on a real
// socket timeout where that timeout is what is being tested.
#include "http/server.h"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <future>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "http/body_source.h"
#include "http/problem.h"
#include "support/http_client.h"

namespace fairlabel::http {
namespace {

using nlohmann::json;
using testing::HttpClient;
using namespace std::chrono_literals;

//! Echoes what the server handed to the handler.
Response echo(Request& request) {
  json headers = json::object();
  for (const auto& [name, value] : request.headers) headers[name] = value;
  return Response::json(200, {{"method", method_name(request.method)},
                              {"target", request.target},
                              {"path", request.path},
                              {"query", request.query},
                              {"body", request.body},
                              {"request_id", request.request_id},
                              {"remote", request.remote_address},
                              {"headers", headers}});
}

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // Capture the access log of this test's server.
    spdlog::drop("access");
    auto logger = std::make_shared<spdlog::logger>("access", std::make_shared<spdlog::sinks::ostream_sink_mt>(log_));
    logger->set_pattern("%v");
    spdlog::register_logger(logger);
  }

  void TearDown() override {
    stop_and_wait();
    spdlog::drop("access");
  }

  void start(Handler handler, ServerConfig config = {}) {
    config.host = "127.0.0.1";
    config.port = 0;
    server_ = std::make_unique<Server>(config, std::move(handler), &metrics_);
    server_->start();
    ASSERT_NE(server_->port(), 0);
    serving_ = std::thread([this] {
      server_->run();
      run_returned_.set_value();
    });
  }

  //! Stops the server and waits for run() to return; afterwards every access
  //! log line and metric of this test has been recorded.
  void stop_and_wait() {
    if (!server_) return;
    server_->stop();
    serving_.join();
    server_.reset();
  }

  std::vector<json> access_log() const {
    std::vector<json> lines;
    std::istringstream in(log_.str());
    for (std::string line; std::getline(in, line);) lines.push_back(json::parse(line));
    return lines;
  }

  HttpClient client() { return HttpClient("127.0.0.1", server_->port(), 10s); }

  void expect_problem(const HttpClient::Reply& reply, int status, const std::string& code) {
    EXPECT_EQ(reply.status, status) << reply.body;
    EXPECT_EQ(reply.header("content-type"), "application/problem+json");
    auto body = reply.json();
    EXPECT_EQ(body["status"], status);
    EXPECT_EQ(body["code"], code);
    EXPECT_EQ(body["type"], "https://fairlabel.dev/problems/" + code);
    EXPECT_TRUE(body.contains("title") && body.contains("detail")) << reply.body;
  }

  std::ostringstream log_;
  Metrics metrics_;
  std::unique_ptr<Server> server_;
  std::thread serving_;
  std::promise<void> run_returned_;
};

TEST_F(ServerTest, KeepAliveServesTwoRequestsOnOneConnection) {
  start(echo);
  HttpClient c = client();
  auto first = c.get("/items?x=1", {{"X-Custom", "Yes"}});
  ASSERT_EQ(first.status, 200) << first.body;
  auto seen = first.json();
  EXPECT_EQ(seen["method"], "GET");
  EXPECT_EQ(seen["path"], "/items");
  EXPECT_EQ(seen["query"], "x=1");
  EXPECT_EQ(seen["headers"]["x-custom"], "Yes");
  EXPECT_EQ(seen["remote"], "127.0.0.1");
  auto second = c.post("/items", json{{"a", 1}});
  ASSERT_EQ(second.status, 200);
  EXPECT_EQ(second.json()["body"], R"({"a":1})");
  EXPECT_EQ(second.json()["method"], "POST");
  EXPECT_EQ(c.connections_opened(), 1);
  EXPECT_NE(second.header("connection"), "close");
}

TEST_F(ServerTest, SetsStandardHeaders) {
  start([](Request& request) {
    if (request.path == "/cached") {
      Response r = Response::text(200, "cached");
      r.headers.emplace_back("Cache-Control", "max-age=60");
      return r;
    }
    return Response::text(200, "hello");
  });
  HttpClient c = client();
  auto reply = c.get("/");
  EXPECT_EQ(reply.body, "hello");
  EXPECT_EQ(reply.header("content-length"), "5");
  EXPECT_EQ(reply.header("content-type"), "text/plain; charset=utf-8");
  EXPECT_EQ(reply.header("server"), "fairlabel");
  EXPECT_EQ(reply.header("cache-control"), "no-store");
  EXPECT_TRUE(reply.header("date").ends_with(" GMT")) << reply.header("date");
  EXPECT_EQ(c.get("/cached").header("cache-control"), "max-age=60");
}

TEST_F(ServerTest, HeadIsAnsweredLikeGetWithoutTheBody) {
  std::atomic<int> heads{0};
  start([&heads](Request& request) {
    if (request.method == Method::head) ++heads;
    return Response::text(200, "twelve bytes");
  });
  HttpClient c = client();
  auto head = c.head("/doc");
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.header("content-length"), "12");
  EXPECT_TRUE(head.body.empty());
  EXPECT_EQ(heads.load(), 1);
  EXPECT_EQ(c.get("/doc").body, "twelve bytes");  // the connection is still in sync
  EXPECT_EQ(c.connections_opened(), 1);
}

//! A body made up on the fly: byte i is 'a' + i % 26. Counts its reads,
//! and throws at `fail_at` bytes if set.
class PatternSource final : public BodySource {
 public:
  PatternSource(std::uint64_t size, std::uint64_t fail_at = UINT64_MAX) : size_(size), fail_at_(fail_at) {}
  std::uint64_t size() const override { return size_; }
  std::size_t read(char* buffer, std::size_t capacity) override {
    if (done_ >= fail_at_) throw std::runtime_error("disk gone");
    const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(capacity, size_ - done_));
    for (std::size_t i = 0; i < n; ++i) buffer[i] = static_cast<char>('a' + (done_ + i) % 26);
    done_ += n;
    ++reads;
    return n;
  }
  std::atomic<int> reads{0};

 private:
  std::uint64_t size_, fail_at_;
  std::uint64_t done_ = 0;
};

std::string pattern(std::size_t size) {
  std::string bytes(size, '\0');
  for (std::size_t i = 0; i < size; ++i) bytes[i] = static_cast<char>('a' + i % 26);
  return bytes;
}

// Exports and videos are streamed: the handler returns a source, and the
// server reads it a piece at a time while writing (many reads, not one).
TEST_F(ServerTest, AStreamedBodyArrivesWholeWithItsLengthInPieces) {
  constexpr std::uint64_t kSize = 5 * 1024 * 1024 + 17;
  std::shared_ptr<PatternSource> last;
  start([&last](Request& request) {
    Response r;
    r.content_type = "application/octet-stream";
    r.stream = last = std::make_shared<PatternSource>(request.path == "/empty" ? 0 : kSize);
    return r;
  });
  HttpClient c = client();
  auto reply = c.get("/big");
  ASSERT_EQ(reply.status, 200);
  EXPECT_EQ(reply.header("content-length"), std::to_string(kSize));
  EXPECT_EQ(reply.header("content-type"), "application/octet-stream");
  EXPECT_TRUE(reply.body == pattern(kSize)) << "the streamed bytes differ";
  EXPECT_GT(last->reads.load(), 50);
  // HEAD gives the length without reading; an empty source is an empty body.
  auto head = c.head("/big");
  EXPECT_EQ(head.header("content-length"), std::to_string(kSize));
  EXPECT_TRUE(head.body.empty());
  EXPECT_EQ(last->reads.load(), 0);
  auto empty = c.get("/empty");
  EXPECT_EQ(empty.status, 200);
  EXPECT_EQ(empty.header("content-length"), "0");
  EXPECT_EQ(c.get("/big").body.size(), kSize);  // keep-alive stays in sync
  EXPECT_EQ(c.connections_opened(), 1);
  stop_and_wait();
  auto lines = access_log();
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0]["bytes"], kSize);
}

// A source that fails after the header is out can only cut the body short:
// the connection closes, and the server goes on serving others.
TEST_F(ServerTest, AStreamThatFailsMidwayClosesTheConnectionAndTheServerKeepsServing) {
  start([](Request& request) {
    if (request.path == "/ok") return Response::text(200, "fine");
    Response r;
    r.stream = std::make_shared<PatternSource>(1024 * 1024, 256 * 1024);
    return r;
  });
  HttpClient raw = client();
  raw.send_raw("GET /broken HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_TRUE(raw.wait_for_close());
  EXPECT_EQ(client().get("/ok").body, "fine");
}

TEST_F(ServerTest, NoContentHasNoBody) {
  start([](Request&) { return Response::no_content(); });
  HttpClient c = client();
  auto reply = c.del("/thing");
  EXPECT_EQ(reply.status, 204);
  EXPECT_TRUE(reply.body.empty());
  EXPECT_EQ(reply.header("content-type"), "");
  EXPECT_EQ(c.get("/thing").status, 204);
  EXPECT_EQ(c.connections_opened(), 1);
}

TEST_F(ServerTest, EchoesASaneRequestIdAndGeneratesOtherwise) {
  start(echo);
  HttpClient c = client();
  auto echoed = c.get("/", {{"X-Request-Id", "abc.DEF_1-2"}});
  EXPECT_EQ(echoed.header("x-request-id"), "abc.DEF_1-2");
  EXPECT_EQ(echoed.json()["request_id"], "abc.DEF_1-2");

  auto expect_generated = [&](const HttpClient::Reply& reply, const std::string& sent) {
    const std::string id = reply.header("x-request-id");
    EXPECT_EQ(id.size(), 32u) << id;
    EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos) << id;
    EXPECT_NE(id, sent);
    EXPECT_EQ(reply.json()["request_id"], id);
  };
  expect_generated(c.get("/"), "");
  expect_generated(c.get("/", {{"X-Request-Id", "has space"}}), "has space");
  expect_generated(c.get("/", {{"X-Request-Id", "<script>"}}), "<script>");
  expect_generated(c.get("/", {{"X-Request-Id", std::string(129, 'a')}}), std::string(129, 'a'));
  EXPECT_EQ(c.get("/", {{"X-Request-Id", std::string(128, 'a')}}).header("x-request-id"), std::string(128, 'a'));
  EXPECT_NE(c.get("/").header("x-request-id"), c.get("/").header("x-request-id"));
}

TEST_F(ServerTest, PathIsPercentDecodedAndBadPathsAre400) {
  std::atomic<int> calls{0};
  start([&calls](Request& request) {
    ++calls;
    return echo(request);
  });
  HttpClient c = client();
  auto decoded = c.get("/files/a%20b%2Fc?name=x%20y&q=1+2");
  ASSERT_EQ(decoded.status, 200);
  EXPECT_EQ(decoded.json()["path"], "/files/a b/c");
  EXPECT_EQ(decoded.json()["query"], "name=x%20y&q=1+2");
  EXPECT_EQ(decoded.json()["target"], "/files/a%20b%2Fc?name=x%20y&q=1+2");
  EXPECT_EQ(decoded.json()["path"], "/files/a b/c");

  expect_problem(c.get("/files/%zz"), 400, "bad_path");
  expect_problem(c.get("/files/a%00b"), 400, "bad_path");
  expect_problem(c.get("/files/%4"), 400, "bad_path");
  EXPECT_EQ(calls.load(), 1);
  EXPECT_EQ(c.get("/again").status, 200);  // the connection survives a bad path
}

TEST_F(ServerTest, UploadRoutesTakeLargerBodiesThanTheJsonApi) {
  ServerConfig config;
  config.body_limit_bytes = 1024;
  config.upload_limit_bytes = 64 * 1024;
  start(echo, config);
  HttpClient c = client();
  std::string body(10 * 1024, 'x');
  EXPECT_EQ(c.post("/api/v1/projects/1/imports", body, {{"Content-Type", "text/plain"}}).status, 200);
  EXPECT_EQ(c.post("/api/v1/projects/1/media?x=1", body, {{"Content-Type", "text/plain"}}).status, 200);
  expect_problem(
      client().post("/api/v1/projects/1/imports", std::string(100 * 1024, 'x'), {{"Content-Type", "text/plain"}}), 413,
      "payload_too_large");
  expect_problem(client().post("/api/v1/projects/1/tasks", body, {{"Content-Type", "text/plain"}}), 413,
                 "payload_too_large");
}

TEST_F(ServerTest, OverLimitBodyIs413AndTheServerKeepsServing) {
  std::atomic<int> calls{0};
  ServerConfig config;
  config.body_limit_bytes = 1024;
  start(
      [&calls](Request& request) {
        ++calls;
        return echo(request);
      },
      config);
  HttpClient c = client();
  auto within = c.post("/upload", std::string(1024, 'x'), {{"Content-Type", "text/plain"}});
  EXPECT_EQ(within.status, 200);

  auto too_large =
      c.post("/upload", std::string(10 * 1024, 'x'), {{"Content-Type", "text/plain"}, {"X-Request-Id", "big-1"}});
  expect_problem(too_large, 413, "payload_too_large");
  auto body = too_large.json();
  EXPECT_EQ(body["detail"], "the request body exceeds the limit of 1024 bytes");
  EXPECT_EQ(body["request_id"], "big-1");
  EXPECT_EQ(too_large.header("connection"), "close");
  EXPECT_EQ(too_large.header("x-request-id"), "big-1");
  EXPECT_EQ(calls.load(), 1);

  auto after = c.get("/still-there");  // reconnects: the server closed the last one
  EXPECT_EQ(after.status, 200);
  EXPECT_EQ(c.connections_opened(), 2);
}

TEST_F(ServerTest, ChunkedOverLimitBodyIs413) {
  ServerConfig config;
  config.body_limit_bytes = 1024;
  start(echo, config);
  HttpClient c = client();
  std::string chunked = "POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 4; ++i) chunked += "200\r\n" + std::string(512, 'y') + "\r\n";
  chunked += "0\r\n\r\n";
  c.send_raw(chunked);
  expect_problem(c.read_reply(), 413, "payload_too_large");
}

TEST_F(ServerTest, ExpectContinueIsAnsweredBeforeTheBodyIsSent) {
  start(echo);
  HttpClient raw = client();
  raw.send_raw("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
  EXPECT_EQ(raw.read_reply().status, 100);
  raw.send_raw("hello");
  auto reply = raw.read_reply();
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.json()["body"], "hello");
}

TEST_F(ServerTest, GarbageBytesAre400AndTheConnectionCloses) {
  start(echo);
  HttpClient raw = client();
  raw.send_raw("\x01\x02 this is not http\r\n\r\n");
  auto reply = raw.read_reply();
  expect_problem(reply, 400, "bad_request");
  EXPECT_EQ(reply.header("connection"), "close");
  EXPECT_EQ(reply.header("x-request-id").size(), 32u);
  EXPECT_TRUE(raw.wait_for_close());
  EXPECT_EQ(client().get("/").status, 200);
}

TEST_F(ServerTest, OversizedHeadersAre431) {
  start(echo);
  HttpClient c = client();
  expect_problem(c.get("/", {{"X-Big", std::string(32 * 1024, 'h')}}), 431, "headers_too_large");
  EXPECT_EQ(c.get("/").status, 200);
}

TEST_F(ServerTest, AbsoluteFormTargetIs400) {
  start(echo);
  HttpClient raw = client();
  raw.send_raw("GET http://example.org/ HTTP/1.1\r\nHost: example.org\r\n\r\n");
  expect_problem(raw.read_reply(), 400, "bad_request");
}

TEST_F(ServerTest, AThrowingHandlerIs500ProblemAndTheServerKeepsServing) {
  start([](Request& request) -> Response {
    if (request.path == "/boom") throw std::runtime_error("secret internals");
    if (request.path == "/int") throw 42;
    return Response::text(200, "fine");
  });
  HttpClient c = client();
  auto boom = c.get("/boom", {{"X-Request-Id", "r-500"}});
  expect_problem(boom, 500, "internal");
  EXPECT_EQ(boom.body.find("secret internals"), std::string::npos);
  EXPECT_EQ(boom.json()["request_id"], "r-500");
  expect_problem(c.get("/int"), 500, "internal");
  EXPECT_EQ(c.get("/ok").body, "fine");
  EXPECT_EQ(c.connections_opened(), 1);
}

// Found by fuzz_http_request: "/%ff" decodes to a path that is not UTF-8;
// a problem answer quoting it (the API's 404) threw, the server's 500 for
// that quoted the same path and threw again, and the process terminated.
TEST_F(ServerTest, RegressionProblemAboutANonUtf8PathIsAnsweredAndTheServerKeepsServing) {
  start([](Request& request) -> Response {
    if (request.path == "/ok") return Response::text(200, "fine");
    return problem_response(404, "route_not_found", "there is no route " + request.path, &request);
  });
  HttpClient c = client();
  auto missing = c.get("/%ff%fe");
  expect_problem(missing, 404, "route_not_found");
  EXPECT_EQ(missing.json()["instance"], "/\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(c.get("/ok").body, "fine");
}

TEST_F(ServerTest, InvalidStatusOrHeaderFromAHandlerDoesNotBreakTheResponse) {
  start([](Request& request) {
    if (request.path == "/status") return Response::text(1000, "odd");
    Response r = Response::text(200, "ok");
    r.headers.emplace_back("X-Injected", "a\r\nSet-Cookie: evil=1");
    r.headers.emplace_back("X-Fine", "yes");
    return r;
  });
  HttpClient c = client();
  expect_problem(c.get("/status"), 500, "internal");
  auto reply = c.get("/headers");
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.header("x-injected"), "");
  EXPECT_EQ(reply.header("set-cookie"), "");
  EXPECT_EQ(reply.header("x-fine"), "yes");
}

TEST_F(ServerTest, AHalfSentRequestIsClosedAfterTheReadTimeout) {
  ServerConfig config;
  config.read_timeout = 1s;  // a real socket timeout: this test takes about a second
  start(echo, config);
  HttpClient raw = client();
  const auto began = std::chrono::steady_clock::now();
  raw.send_raw("GET /slowloris HTTP/1.1\r\nHost: x\r\nX-Partial: ");
  EXPECT_TRUE(raw.wait_for_close());  // the client gives up after 10 s
  EXPECT_GE(std::chrono::steady_clock::now() - began, 900ms);
  EXPECT_EQ(client().get("/").status, 200);
}

TEST_F(ServerTest, AnIdleKeepAliveConnectionIsClosedAfterTheIdleTimeout) {
  ServerConfig config;
  config.idle_timeout = 1s;  // a real socket timeout: this test takes about a second
  start(echo, config);
  HttpClient c = client();
  EXPECT_EQ(c.get("/").status, 200);
  EXPECT_TRUE(c.wait_for_close());
}

TEST_F(ServerTest, GracefulStopFinishesInFlightRequestsAndRefusesNewConnections) {
  std::promise<void> entered;
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  start([&](Request& request) {
    if (request.path == "/slow") {
      entered.set_value();
      released.wait();
      return Response::text(200, "slow and complete");
    }
    return Response::text(200, "quick");
  });
  const unsigned short port = server_->port();
  HttpClient idle("127.0.0.1", port, 10s);
  EXPECT_EQ(idle.get("/").body, "quick");  // now an idle keep-alive connection

  std::promise<HttpClient::Reply> slow_reply;
  std::thread slow_client([&] {
    HttpClient c("127.0.0.1", port, 10s);
    try {
      slow_reply.set_value(c.get("/slow"));
    } catch (...) {
      slow_reply.set_exception(std::current_exception());
    }
  });
  entered.get_future().wait();
  server_->stop();

  // stop() only posts; the listener closes shortly after.
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (HttpClient::can_connect("127.0.0.1", port) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::yield();
  }
  EXPECT_FALSE(HttpClient::can_connect("127.0.0.1", port));
  EXPECT_TRUE(idle.wait_for_close());  // the idle connection was closed
  auto run_returned = run_returned_.get_future();
  EXPECT_EQ(run_returned.wait_for(0s), std::future_status::timeout);  // still draining

  release.set_value();
  auto reply = slow_reply.get_future().get();
  slow_client.join();
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.body, "slow and complete");
  EXPECT_EQ(reply.header("connection"), "close");
  EXPECT_EQ(run_returned.wait_for(10s), std::future_status::ready);
  serving_.join();
  server_.reset();
}

TEST_F(ServerTest, RunReturnsWhenTheShutdownGraceElapses) {
  std::promise<void> entered;
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  ServerConfig config;
  config.shutdown_grace = 1s;  // a real timer: this test takes about a second
  start(
      [&](Request&) {
        entered.set_value();
        released.wait();
        return Response::text(200, "too late");
      },
      config);
  std::promise<int> outcome;  // status, or -1 when the connection was dropped
  std::thread stuck_client([&, port = server_->port()] {
    HttpClient c("127.0.0.1", port, 10s);
    try {
      outcome.set_value(c.get("/stuck").status);
    } catch (const std::runtime_error&) {
      outcome.set_value(-1);
    }
  });
  entered.get_future().wait();
  server_->stop();
  EXPECT_EQ(run_returned_.get_future().wait_for(10s), std::future_status::ready);
  release.set_value();
  serving_.join();
  server_.reset();  // waits for the handler, then drops its connection
  EXPECT_EQ(outcome.get_future().get(), -1);
  stuck_client.join();
}

TEST_F(ServerTest, StopWithNothingInFlightReturnsAtOnce) {
  start(echo);
  HttpClient c = client();
  EXPECT_EQ(c.get("/").status, 200);
  server_->stop();
  server_->stop();  // repeated calls are harmless
  EXPECT_EQ(run_returned_.get_future().wait_for(10s), std::future_status::ready);
  EXPECT_TRUE(c.wait_for_close());
}

TEST_F(ServerTest, RecordsMetricsAndOneAccessLogLinePerRequest) {
  start([](Request& request) {
    if (request.path.starts_with("/items/")) {
      Response r = Response::json(200, {{"ok", true}});
      r.route = "/items/{id}";
      r.actor = "user:7";
      return r;
    }
    return Response::text(404, "no");
  });
  HttpClient c = client();
  c.get("/items/1?token=secret-value");
  c.get("/items/2", {{"X-Request-Id", "log-me"}, {"Authorization", "Bearer hidden"}});
  c.post("/nowhere", std::string("body-secret"));
  stop_and_wait();

  const std::string text = metrics_.render();
  EXPECT_NE(text.find("fairlabel_http_requests_total{method=\"GET\",route=\"/items/{id}\",status=\"200\"} 2\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("fairlabel_http_requests_total{method=\"POST\",route=\"unmatched\",status=\"404\"} 1\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("fairlabel_http_request_duration_seconds_count{method=\"GET\",route=\"/items/{id}\"} 2\n"),
            std::string::npos)
      << text;

  const std::string raw_log = log_.str();
  EXPECT_EQ(raw_log.find("secret"), std::string::npos) << raw_log;
  EXPECT_EQ(raw_log.find("hidden"), std::string::npos) << raw_log;
  auto lines = access_log();
  ASSERT_EQ(lines.size(), 3u) << raw_log;
  EXPECT_EQ(lines[0]["path"], "/items/1");
  EXPECT_EQ(lines[0]["route"], "/items/{id}");
  EXPECT_EQ(lines[0]["actor"], "user:7");
  EXPECT_EQ(lines[0]["status"], 200);
  EXPECT_EQ(lines[0]["method"], "GET");
  EXPECT_EQ(lines[0]["remote"], "127.0.0.1");
  EXPECT_EQ(lines[0]["bytes"], 11);  // {"ok":true}
  EXPECT_TRUE(lines[0]["duration_ms"].is_number());
  EXPECT_TRUE(lines[0]["ts"].get<std::string>().ends_with("Z"));
  EXPECT_EQ(lines[1]["request_id"], "log-me");
  EXPECT_EQ(lines[2]["route"], "-");
  EXPECT_EQ(lines[2]["status"], 404);
  EXPECT_EQ(lines[2]["actor"], "");
  std::vector<std::string> keys;
  for (const auto& [key, value] : lines[0].items()) keys.push_back(key);
  EXPECT_EQ(keys.size(), 10u);
}

TEST_F(ServerTest, RejectedRequestsAreLoggedAndCountedAsUnmatched) {
  ServerConfig config;
  config.body_limit_bytes = 16;
  start(echo, config);
  HttpClient c = client();
  c.post("/upload", std::string(100, 'x'));
  stop_and_wait();
  EXPECT_NE(metrics_.render().find("{method=\"POST\",route=\"unmatched\",status=\"413\"} 1"), std::string::npos);
  auto lines = access_log();
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0]["status"], 413);
  EXPECT_EQ(lines[0]["path"], "/upload");
}

TEST_F(ServerTest, ConcurrentClientsOnSeveralIoThreads) {
  ServerConfig config;
  config.io_threads = 3;
  config.worker_threads = 4;
  start(echo, config);
  std::vector<std::thread> clients;
  std::atomic<int> ok{0};
  for (int t = 0; t < 4; ++t) {
    clients.emplace_back([&, t] {
      HttpClient c("127.0.0.1", server_->port(), 10s);
      for (int i = 0; i < 50; ++i) {
        auto reply = c.post("/n", json{{"t", t}, {"i", i}});
        if (reply.status == 200 && reply.json()["body"] == json({{"i", i}, {"t", t}}).dump()) ++ok;
      }
    });
  }
  for (auto& thread : clients) thread.join();
  EXPECT_EQ(ok.load(), 200);
}

TEST_F(ServerTest, StartThrowsWhenThePortIsTaken) {
  start(echo);
  ServerConfig config;
  config.host = "127.0.0.1";
  config.port = server_->port();
  Server second(config, echo, nullptr);
  try {
    second.start();
    FAIL() << "bound a port that is in use";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("127.0.0.1:" + std::to_string(config.port)), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace fairlabel::http
