// Security at the HTTP boundary, on each backend: security headers on every
// API answer; SQL injection attempts in every kind of input that reaches a
// query (bodies, path ids, query parameters, credentials) are plain data —
// answered 4xx or stored verbatim, never a 500, the tables intact; path
// traversal attempts on the inputs that reach files (media hashes, static
// files) find nothing; tokens and passwords never appear in the logs.
#include <gtest/gtest.h>
#include <spdlog/sinks/ringbuffer_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include "app/app_http_fixture.h"

namespace fairlabel::app {
namespace {

using accounts::Role;

const std::vector<std::string> kInjections = {"' OR '1'='1",
                                              "1; DROP TABLE users; --",
                                              "\" OR 1=1 --",
                                              "'); DELETE FROM organisations; --",
                                              "1 UNION SELECT password_hash FROM users",
                                              "$1",
                                              "\\'; --",
                                              "%27%20OR%201%3D1"};

class SecurityHttpTest : public AppHttpFixture {
 protected:
  // Every log line also goes to ring_. The loggers are set up before the
  // server's threads start and put back after they stop: a spdlog logger's
  // sinks must not change while another thread logs through it (changing
  // them mid-test crashed with "pure virtual method called" when a handler
  // thread wrote the access line of a request the client had already seen
  // answered).
  void SetUp() override {
    ring_ = std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(1000);
    previous_default_ = spdlog::default_logger();
    auto sinks = previous_default_->sinks();
    sinks.push_back(ring_);
    auto logger = std::make_shared<spdlog::logger>(previous_default_->name(), sinks.begin(), sinks.end());
    logger->set_level(previous_default_->level());
    spdlog::set_default_logger(logger);
    spdlog::drop("access");
    auto access = std::make_shared<spdlog::logger>(
        "access", spdlog::sinks_init_list{std::make_shared<spdlog::sinks::stdout_sink_mt>(), ring_});
    access->set_pattern("%v");
    access->flush_on(spdlog::level::info);
    spdlog::register_logger(access);  // the server takes it when it is built
    AppHttpFixture::SetUp();
  }
  void TearDown() override {
    AppHttpFixture::TearDown();  // the server's threads are joined
    spdlog::drop("access");
    spdlog::set_default_logger(previous_default_);
  }

  std::string header(const Reply& r, const std::string& name) {
    auto it = r.headers.find(name);
    return it == r.headers.end() ? "" : it->second;
  }
  std::int64_t count(const std::string& table) {
    auto lease = database_->db().acquire();
    return lease->execute("SELECT COUNT(*) FROM " + table).single().integer(0);
  }

  std::shared_ptr<spdlog::sinks::ringbuffer_sink_mt> ring_;
  std::shared_ptr<spdlog::logger> previous_default_;
};

TEST_P(SecurityHttpTest, EveryApiAnswerCarriesTheSecurityHeaders) {
  std::string token = create_and_login("w@example.org", {Role::worker}, "PH");
  for (const auto& reply : {get("/api/v1/me", token), get("/api/v1/projects/999", token), get("/api/v1/nowhere"),
                            post("/api/v1/auth/login", {{"email", "x"}})}) {
    EXPECT_EQ(header(reply, "x-content-type-options"), "nosniff") << reply.status;
    EXPECT_EQ(header(reply, "x-frame-options"), "DENY");
    EXPECT_EQ(header(reply, "referrer-policy"), "no-referrer");
    EXPECT_EQ(header(reply, "content-security-policy"), "default-src 'none'; frame-ancestors 'none'");
    EXPECT_EQ(header(reply, "cache-control"), "no-store");
  }
}

TEST_P(SecurityHttpTest, InjectionAttemptsAreDataNeverSql) {
  std::string requester = create_and_login("req@example.org", {Role::requester});
  const auto users = count("users");
  for (const auto& evil : kInjections) {
    // Credentials.
    auto login = post("/api/v1/auth/login", {{"email", evil}, {"password", evil}});
    EXPECT_TRUE(login.status == 401 || login.status == 422 || login.status == 429) << evil << ": " << login.body;
    // Path ids and query parameters.
    for (const auto& target : {"/api/v1/projects/" + evil, "/api/v1/orgs/" + evil + "/projects",
                               "/api/v1/orgs?cursor=" + evil, "/api/v1/me/ledger?limit=" + evil}) {
      auto reply = get(target, requester);
      EXPECT_LT(reply.status, 500) << target << ": " << reply.body;
      EXPECT_GE(reply.status, 200) << target;
    }
  }
  // Bodies: stored verbatim as data and read back unchanged.
  auto org = post("/api/v1/orgs", {{"name", kInjections[1]}, {"slug", "evil-org"}}, requester);
  ASSERT_EQ(org.status, 201) << org.body;
  EXPECT_EQ(org.json()["name"], kInjections[1]);
  const std::string org_path = "/api/v1/orgs/" + std::to_string(org.json()["id"].get<std::int64_t>());
  auto project = post(org_path + "/projects", {{"name", kInjections[3]}, {"task_type", "classification"}}, requester);
  ASSERT_EQ(project.status, 201) << project.body;
  EXPECT_EQ(
      get("/api/v1/projects/" + std::to_string(project.json()["id"].get<std::int64_t>()), requester).json()["name"],
      kInjections[3]);
  auto bad_slug = post("/api/v1/orgs", {{"name", "x"}, {"slug", kInjections[0]}}, requester);
  EXPECT_EQ(bad_slug.status, 422) << bad_slug.body;
  // Nothing was dropped or deleted.
  EXPECT_EQ(count("users"), users);
  EXPECT_EQ(count("organisations"), 1);
}

TEST_P(SecurityHttpTest, PathTraversalFindsNoFile) {
  std::string token = create_and_login("w@example.org", {Role::worker}, "PH");
  for (const std::string& target :
       std::vector<std::string>{"/api/v1/media/../../../../etc/passwd", "/api/v1/media/..%2f..%2f..%2fetc%2fpasswd",
                                "/api/v1/media/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/api/v1/media/" + std::string(64, '.'),
                                "/api/v1/media/....//....//etc/passwd", "/api/v1/media/aa%00bb"}) {
    auto reply = get(target, token);
    EXPECT_TRUE(reply.status == 404 || reply.status == 400) << target << ": " << reply.status;
    EXPECT_EQ(reply.body.find("root:"), std::string::npos) << target;
  }
}

TEST_P(SecurityHttpTest, TokensAndPasswordsNeverReachTheLogs) {
  const std::string password = "a long enough password";
  std::string token = create_and_login("w@example.org", {Role::worker}, "PH");
  get("/api/v1/me", token);
  get("/api/v1/me/balances?token=" + token, token);
  post("/api/v1/auth/login", {{"email", "w@example.org"}, {"password", "wrong " + password}});
  auto key = client_->request("GET", "/api/v1/me", "", {{"Authorization", "Bearer not-a-real-token-xyz"}});
  TearDown();  // stops the server: every access line is written
  auto lines = ring_->last_formatted();
  ASSERT_FALSE(lines.empty()) << "no log lines captured";
  for (const auto& line : lines) {
    EXPECT_EQ(line.find(token), std::string::npos) << line;
    EXPECT_EQ(line.find(password), std::string::npos) << line;
    EXPECT_EQ(line.find("not-a-real-token-xyz"), std::string::npos) << line;
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, SecurityHttpTest, ::testing::ValuesIn(testing::test_backends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace fairlabel::app
