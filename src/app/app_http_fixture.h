#pragma once
// Test fixture (header only, for *_test.cc files): the Application behind
// the real HTTP server on loopback, on each storage backend, with a
// ManualClock and a real HTTP client.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <thread>

#include "app/application.h"
#include "http/server.h"
#include "support/http_client.h"
#include "support/test_databases.h"

namespace fairlabel::app {

using nlohmann::json;
using Reply = testing::HttpClient::Reply;

class AppHttpFixture : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    database_ = std::make_unique<testing::TestDatabase>(testing::TestDatabase::create(GetParam()));
    AppConfig config;
    config.password_cost = accounts::PasswordCost::test_only_fast();
    app_ = std::make_unique<Application>(database_->db(), config, clock_);
    http::ServerConfig server_config;
    server_config.port = 0;
    server_config.worker_threads = 4;
    server_ = std::make_unique<http::Server>(
        server_config, [this](http::Request& r) { return app_->api().handle(r); }, &app_->metrics());
    server_->start();
    serving_ = std::thread([this] { server_->run(); });
    client_ = std::make_unique<testing::HttpClient>("127.0.0.1", server_->port());
  }
  //! Stops the server and joins its threads; safe to call again.
  void TearDown() override {
    client_.reset();
    if (serving_.joinable()) {
      server_->stop();
      serving_.join();
    }
  }

  Reply post(const std::string& target, const json& body, const std::string& token = "") {
    return client_->request("POST", target, body.dump(), headers(token));
  }
  Reply patch(const std::string& target, const json& body, const std::string& token = "") {
    return client_->request("PATCH", target, body.dump(), headers(token));
  }
  Reply put(const std::string& target, const json& body, const std::string& token = "") {
    return client_->request("PUT", target, body.dump(), headers(token));
  }
  Reply get(const std::string& target, const std::string& token = "") {
    return client_->request("GET", target, "", headers(token));
  }
  std::map<std::string, std::string> headers(const std::string& token) {
    std::map<std::string, std::string> h{{"Content-Type", "application/json"}};
    if (!token.empty()) h["Authorization"] = "Bearer " + token;
    return h;
  }

  std::string sign_up_and_login(const std::string& email, const std::string& role) {
    json body = {{"email", email}, {"password", "a long enough password"}, {"display_name", email}, {"roles", {role}}};
    if (role == "worker") body["country"] = "IN";
    EXPECT_EQ(post("/api/v1/auth/signup", body).status, 201);
    auto login = post("/api/v1/auth/login", {{"email", email}, {"password", "a long enough password"}});
    EXPECT_EQ(login.status, 200) << login.body;
    return login.json()["token"];
  }

  void expect_problem(const Reply& reply, int status, const std::string& code) {
    EXPECT_EQ(reply.status, status) << reply.body;
    EXPECT_EQ(reply.headers.at("content-type"), "application/problem+json");
    auto body = reply.json();
    EXPECT_EQ(body["status"], status);
    EXPECT_EQ(body["code"], code) << reply.body;
    EXPECT_TRUE(body.contains("type") && body.contains("title") && body.contains("detail"));
  }

  //! A user with any roles (reviewers, admins), created directly, logged in.
  std::string create_and_login(const std::string& email, std::set<accounts::Role> roles,
                               std::optional<std::string> country = std::nullopt) {
    accounts::NewUser user{email, "a long enough password", email, std::move(roles), country, std::nullopt};
    app_->accounts().create_user(user);
    auto login = post("/api/v1/auth/login", {{"email", email}, {"password", "a long enough password"}});
    EXPECT_EQ(login.status, 200) << login.body;
    return login.json()["token"];
  }

  std::string login(const std::string& email) {
    auto reply = post("/api/v1/auth/login", {{"email", email}, {"password", "a long enough password"}});
    EXPECT_EQ(reply.status, 200) << reply.body;
    return reply.json()["token"];
  }

  //! Moves the clock and applies what fell due, as the server's timer does.
  void advance(std::int64_t seconds) {
    clock_.set(clock_.now() + seconds * kMicrosPerSecond);
    app_->run_deadlines();
  }

  ManualClock clock_{1'795'888'680LL * kMicrosPerSecond};
  std::unique_ptr<testing::TestDatabase> database_;
  std::unique_ptr<Application> app_;
  std::unique_ptr<http::Server> server_;
  std::thread serving_;
  std::unique_ptr<testing::HttpClient> client_;
};

}  // namespace fairlabel::app
