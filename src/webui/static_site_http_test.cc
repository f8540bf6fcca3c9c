// The web UI and the API behind the real server over real HTTP on
// loopback: the real Application (SQLite) answers the API; the static site
// answers the rest.
#include <gtest/gtest.h>

#include <fstream>
#include <random>
#include <thread>

#include <nlohmann/json.hpp>

#include "app/application.h"
#include "http/server.h"
#include "support/http_client.h"
#include "support/test_databases.h"
#include "webui/static_site.h"

namespace fairlabel::webui {
namespace {

namespace fs = std::filesystem;

class WebHttpTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("fl_webui_http_" + std::to_string(std::random_device{}()));
    fs::create_directories(root_ / "assets");
    std::ofstream(root_ / "index.html") << kIndex;
    std::ofstream(root_ / "index.html.gz", std::ios::binary) << "\x1f\x8b-index";
    std::ofstream(root_ / "assets" / "main-AbC123.js") << "export const x = 1;";
    std::ofstream(root_ / "assets" / "main-AbC123.js.gz", std::ios::binary) << "\x1f\x8b-js";
    std::ofstream(root_ / "assets" / "style-Zz9.css") << "body{}";

    database_ = std::make_unique<testing::TestDatabase>(testing::TestDatabase::create("sqlite"));
    app::AppConfig config;
    config.password_cost = accounts::PasswordCost::test_only_fast();
    app_ = std::make_unique<app::Application>(database_->db(), config, clock_);
    auto site = std::make_shared<const StaticSite>(root_);
    http::ServerConfig server_config;
    server_config.port = 0;
    server_config.worker_threads = 2;
    server_ = std::make_unique<http::Server>(
        server_config,
        web_and_api_handler(
            site, [this](http::Request& r) { return app_->api().handle(r); },
            [this](http::Request& r) { return app_->api().owns(r); }),
        &app_->metrics());
    server_->start();
    serving_ = std::thread([this] { server_->run(); });
    client_ = std::make_unique<testing::HttpClient>("127.0.0.1", server_->port());
  }
  void TearDown() override {
    client_.reset();
    server_->stop();
    serving_.join();
    fs::remove_all(root_);
  }

  static constexpr const char* kIndex = "<!doctype html><html><body><div id=app></div></body></html>";
  fs::path root_;
  ManualClock clock_{Timestamp{1'800'000'000'000'000}};
  std::unique_ptr<testing::TestDatabase> database_;
  std::unique_ptr<app::Application> app_;
  std::unique_ptr<http::Server> server_;
  std::thread serving_;
  std::unique_ptr<testing::HttpClient> client_;
};

TEST_F(WebHttpTest, RootAndClientRoutesServeIndexUncached) {
  for (const char* path : {"/", "/login", "/orgs/3/projects/7", "/play/sample/image_bbox?x=1"}) {
    auto reply = client_->get(path);
    EXPECT_EQ(reply.status, 200) << path;
    EXPECT_EQ(reply.body, kIndex) << path;
    EXPECT_EQ(reply.header("content-type"), "text/html; charset=utf-8");
    EXPECT_EQ(reply.header("cache-control"), "no-cache");
    EXPECT_EQ(reply.header("vary"), "Accept-Encoding");
  }
}

TEST_F(WebHttpTest, HashedAssetsAreImmutableAndGzippedWhenAccepted) {
  auto plain = client_->get("/assets/main-AbC123.js");
  EXPECT_EQ(plain.status, 200);
  EXPECT_EQ(plain.body, "export const x = 1;");
  EXPECT_EQ(plain.header("content-type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(plain.header("cache-control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(plain.header("content-encoding"), "");
  auto gz = client_->get("/assets/main-AbC123.js", {{"Accept-Encoding", "gzip, deflate"}});
  EXPECT_EQ(gz.status, 200);
  EXPECT_EQ(gz.body, "\x1f\x8b-js");
  EXPECT_EQ(gz.header("content-encoding"), "gzip");
  EXPECT_EQ(gz.header("vary"), "Accept-Encoding");
  auto css = client_->get("/assets/style-Zz9.css", {{"Accept-Encoding", "gzip"}});
  EXPECT_EQ(css.body, "body{}");
  EXPECT_EQ(css.header("content-type"), "text/css; charset=utf-8");
  auto head = client_->head("/assets/main-AbC123.js");
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.body, "");
  EXPECT_EQ(head.header("content-length"), "19");
  auto revalidate = client_->get("/assets/main-AbC123.js", {{"If-None-Match", plain.header("etag")}});
  EXPECT_EQ(revalidate.status, 304);
}

TEST_F(WebHttpTest, MissingFilesAndTraversalAreRefused) {
  EXPECT_EQ(client_->get("/assets/missing-1.js").status, 404);
  EXPECT_EQ(client_->get("/favicon.ico").status, 404);
  for (const char* path : {"/../../etc/passwd", "/assets/..%2f..%2fetc%2fpasswd", "/%2e%2e/%2e%2e/etc/passwd",
                           "/assets/%5c..%5cindex.html"}) {
    auto reply = client_->get(path);
    EXPECT_TRUE(reply.status == 400 || reply.status == 404) << path << " " << reply.status;
    EXPECT_EQ(reply.header("content-type"), "application/problem+json") << path;
    EXPECT_EQ(reply.body.find("root:"), std::string::npos);
  }
}

TEST_F(WebHttpTest, TheApiKeepsItsPaths) {
  auto health = client_->get("/healthz");
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(health.json()["status"], "ok");
  EXPECT_EQ(client_->get("/readyz").status, 200);
  auto unknown = client_->get("/api/v1/nothing-here");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(unknown.json()["code"], "route_not_found");
  auto me = client_->get("/api/v1/me");
  EXPECT_EQ(me.status, 401);
  // Writes never reach the site: an unknown path answers as the API does.
  auto post = client_->post("/login", nlohmann::json{{"a", 1}});
  EXPECT_EQ(post.status, 404);
  EXPECT_EQ(post.json()["code"], "route_not_found");
  auto signup = client_->post("/api/v1/auth/signup",
                              nlohmann::json{{"email", "web@example.org"},
                                             {"password", "a long enough password"},
                                             {"display_name", "Web"},
                                             {"roles", {"requester"}}});
  EXPECT_EQ(signup.status, 201) << signup.body;
}

}  // namespace
}  // namespace fairlabel::webui
