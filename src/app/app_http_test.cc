// Integration over real HTTP on loopback: the Application behind the real
// Server, on each storage backend, driven by a real HTTP client. Time is a
// ManualClock, so token expiry is tested by moving it.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <thread>

#include "app/app_http_fixture.h"
#include "app/application.h"
#include "app/demo.h"
#include "http/server.h"
#include "support/http_client.h"
#include "support/test_databases.h"

namespace fairlabel::app {
namespace {

using nlohmann::json;
using Reply = testing::HttpClient::Reply;

class AppHttpTest : public AppHttpFixture {};

TEST_P(AppHttpTest, RequesterBuildsAnOrganisationAndWorkerIsKeptOut) {
  std::string requester = sign_up_and_login("lab@example.org", "requester");
  auto org = post("/api/v1/orgs", {{"name", "Lab"}, {"slug", "lab"}}, requester);
  ASSERT_EQ(org.status, 201) << org.body;
  const auto org_id = std::to_string(org.json()["id"].get<std::int64_t>());
  auto project = post("/api/v1/orgs/" + org_id + "/projects",
                      {{"name", "Tags"}, {"task_type", "image_tags"}, {"instructions", "# Rules"}}, requester);
  ASSERT_EQ(project.status, 201) << project.body;
  EXPECT_EQ(project.json()["status"], "draft");
  const auto project_path = "/api/v1/projects/" + std::to_string(project.json()["id"].get<std::int64_t>());

  std::string worker = sign_up_and_login("worker@example.org", "worker");
  expect_problem(get(project_path, worker), 404, "not_found");
  expect_problem(get("/api/v1/orgs/" + org_id, worker), 404, "not_found");
  expect_problem(post("/api/v1/orgs", {{"name", "W"}, {"slug", "w"}}, worker), 403, "forbidden");
  expect_problem(patch(project_path, {{"name", "mine"}}, worker), 404, "not_found");

  auto renamed = patch(project_path, {{"name", "Tags v2"}, {"version", 1}}, requester);
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_EQ(renamed.json()["version"], 2);
  expect_problem(patch(project_path, {{"name", "Tags v3"}, {"version", 1}}, requester), 409, "version_mismatch");
}

TEST_P(AppHttpTest, ExpiredAndLoggedOutTokensAre401) {
  std::string token = sign_up_and_login("w@example.org", "worker");
  EXPECT_EQ(get("/api/v1/me", token).status, 200);
  clock_.advance(accounts::SessionPolicy{}.idle_ttl + kMicrosPerSecond);
  auto expired = get("/api/v1/me", token);
  expect_problem(expired, 401, "session_expired");
  EXPECT_EQ(expired.headers.at("www-authenticate"), "Bearer realm=\"fairlabel\"");
  expect_problem(get("/api/v1/me"), 401, "unauthenticated");
  expect_problem(get("/api/v1/me", "garbage"), 401, "invalid_token");
}

TEST_P(AppHttpTest, BadInputIsAProblemAndNothingIsHalfWritten) {
  auto malformed = client_->request("POST", "/api/v1/auth/signup", "{\"email\":", headers(""));
  expect_problem(malformed, 400, "malformed_json");
  auto wrong_types =
      post("/api/v1/auth/signup", {{"email", 1}, {"password", true}, {"display_name", "x"}, {"roles", "worker"}});
  expect_problem(wrong_types, 422, "validation_failed");
  EXPECT_EQ(wrong_types.json()["errors"].size(), 3u);
  auto unknown_field = post("/api/v1/auth/login", {{"email", "a@b.co"}, {"password", "x"}, {"remember", true}});
  expect_problem(unknown_field, 422, "validation_failed");
  EXPECT_EQ(unknown_field.json()["errors"][0]["pointer"], "/remember");
  auto form =
      client_->request("POST", "/api/v1/auth/login", "a=b", {{"Content-Type", "application/x-www-form-urlencoded"}});
  expect_problem(form, 415, "unsupported_media_type");
  expect_problem(get("/api/v1/projects/abc", sign_up_and_login("r@example.org", "requester")), 404, "not_found");
  expect_problem(get("/api/v1/orgs?limit=5000", sign_up_and_login("r2@example.org", "requester")), 400,
                 "invalid_query");
  expect_problem(get("/nowhere"), 404, "route_not_found");
  // The failed sign-ups left no account behind.
  auto count = store::transact(database_->db(), store::TxMode::read, [](store::Connection& c) {
    return c.execute("SELECT COUNT(*) FROM users").single().integer(0);
  });
  EXPECT_EQ(count, 2);
  EXPECT_EQ(get("/healthz").status, 200);
}

TEST_P(AppHttpTest, ApiKeyActsForItsOwnerUntilRevoked) {
  std::string session = sign_up_and_login("lab@example.org", "requester");
  auto created = post("/api/v1/me/api-keys", {{"name", "pipeline"}}, session);
  ASSERT_EQ(created.status, 201) << created.body;
  std::string key = created.json()["key"];
  EXPECT_EQ(get("/api/v1/me", key).json()["email"], "lab@example.org");
  auto listed = get("/api/v1/me/api-keys", session).json();
  ASSERT_EQ(listed["items"].size(), 1u);
  EXPECT_FALSE(listed["items"][0].contains("key"));  // shown once, at creation
  auto id = std::to_string(created.json()["id"].get<std::int64_t>());
  EXPECT_EQ(client_->request("DELETE", "/api/v1/me/api-keys/" + id, "", headers(session)).status, 204);
  expect_problem(get("/api/v1/me", key), 401, "api_key_revoked");
}

TEST_P(AppHttpTest, ListsPageThroughCursorsOverHttp) {
  std::string token = sign_up_and_login("lab@example.org", "requester");
  for (int i = 0; i < 5; ++i) {
    auto slug = "org-" + std::to_string(i);
    ASSERT_EQ(post("/api/v1/orgs", {{"name", slug}, {"slug", slug}}, token).status, 201);
  }
  std::vector<std::string> slugs;
  std::string target = "/api/v1/orgs?limit=2";
  while (true) {
    auto page = get(target, token).json();
    for (const auto& org : page["items"]) slugs.push_back(org["slug"]);
    if (page["next_cursor"].is_null()) break;
    target = "/api/v1/orgs?limit=2&cursor=" + page["next_cursor"].get<std::string>();
  }
  EXPECT_EQ(slugs, (std::vector<std::string>{"org-0", "org-1", "org-2", "org-3", "org-4"}));
}

TEST_P(AppHttpTest, AdminGrantsRolesAndDemoSeedIsIdempotent) {
  seed_demo(*app_);
  seed_demo(*app_);
  auto login = post("/api/v1/auth/login", {{"email", "admin@demo.fairlabel.dev"}, {"password", kDemoPassword}});
  ASSERT_EQ(login.status, 200) << login.body;
  std::string admin = login.json()["token"];
  auto orgs = get("/api/v1/orgs", admin).json();
  ASSERT_EQ(orgs["items"].size(), 1u);
  std::string worker = sign_up_and_login("new@example.org", "worker");
  auto me = get("/api/v1/me", worker).json();
  auto grant =
      post("/api/v1/users/" + std::to_string(me["id"].get<std::int64_t>()) + "/roles", {{"role", "reviewer"}}, admin);
  ASSERT_EQ(grant.status, 200) << grant.body;
  EXPECT_EQ(grant.json()["roles"], json({"reviewer", "worker"}));
  expect_problem(post("/api/v1/users/1/roles", {{"role", "admin"}}, worker), 403, "forbidden");
}

TEST_P(AppHttpTest, HealthReadinessAndMetrics) {
  EXPECT_EQ(get("/healthz").json()["status"], "ok");
  auto ready = get("/readyz").json();
  EXPECT_EQ(ready["status"], "ready");
  get("/api/v1/hello");
  auto metrics = get("/metrics");
  EXPECT_EQ(metrics.status, 200);
  EXPECT_NE(metrics.body.find("fairlabel_http_requests_total{method=\"GET\",route=\"/api/v1/hello\",status=\"200\"} 1"),
            std::string::npos)
      << metrics.body;
}

INSTANTIATE_TEST_SUITE_P(Backends, AppHttpTest, ::testing::ValuesIn(testing::test_backends()), testing::backend_name);

}  // namespace
}  // namespace fairlabel::app
