// The webhook routes over real HTTP, on each backend: the secret shown
// once, problem+json saying what is wrong and where, the delivery log,
// pause/resume, redelivery rules and deletion. (The fixture's server does
// not allow private targets: loopback URLs are refused as in production.
// Sending itself is tested in src/webhooks and webhooks_app_test.cc.)
#include <gtest/gtest.h>

#include "app/work_http_fixture.h"

namespace fairlabel::app {
namespace {

class WebhooksHttpTest : public WorkHttpFixture {
 protected:
  void SetUp() override {
    WorkHttpFixture::SetUp();
    create_project("Hooks", "classification");
    hooks_ = path_ + "/webhooks";
  }
  std::string hooks_;
};

TEST_P(WebhooksHttpTest, CreateShowsTheSecretOnceAndListDoesNot) {
  auto created = post(hooks_,
                      {{"url", "https://93.184.215.14/fairlabel"},
                       {"events", {"task.completed", "payout.sent"}},
                       {"description", "ingest"}},
                      requester_);
  ASSERT_EQ(created.status, 201) << created.body;
  auto hook = created.json();
  EXPECT_EQ(hook["url"], "https://93.184.215.14/fairlabel");
  EXPECT_EQ(hook["events"], json({"task.completed", "payout.sent"}));
  EXPECT_EQ(hook["active"], true);
  ASSERT_TRUE(hook.contains("secret"));
  EXPECT_EQ(hook["secret"].get<std::string>().rfind("whsec_", 0), 0u);

  auto listed = get(hooks_, requester_);
  ASSERT_EQ(listed.status, 200) << listed.body;
  ASSERT_EQ(listed.json()["items"].size(), 1u);
  EXPECT_FALSE(listed.json()["items"][0].contains("secret"));
  EXPECT_EQ(listed.json()["event_types"], json({"task.completed", "batch.completed", "payout.sent"}));
  EXPECT_EQ(listed.body.find(hook["secret"].get<std::string>()), std::string::npos);
}

TEST_P(WebhooksHttpTest, RotatingTheSecretShowsTheNewOneOnceAndKeepsTheOldOneADay) {
  auto hook = post(hooks_, {{"url", "https://93.184.215.14/h"}, {"events", {"task.completed"}}}, requester_).json();
  const std::string one = hooks_ + "/" + std::to_string(hook["id"].get<std::int64_t>());
  EXPECT_TRUE(hook["previous_secret_until"].is_null());
  auto rotated = post(one + "/rotate-secret", json::object(), requester_);
  ASSERT_EQ(rotated.status, 200) << rotated.body;
  EXPECT_NE(rotated.json()["secret"], hook["secret"]);
  const std::string until = rotated.json()["previous_secret_until"].get<std::string>();
  EXPECT_GT(until, rotated.json()["updated_at"].get<std::string>());  // 24 h later by default
  auto listed = get(hooks_, requester_).json()["items"][0];
  EXPECT_FALSE(listed.contains("secret"));
  EXPECT_EQ(listed["previous_secret_until"], until);
  auto bad = post(one + "/rotate-secret", {{"previous_valid_hours", 500}}, requester_);
  expect_problem(bad, 422, "validation_failed");
  EXPECT_EQ(bad.json()["errors"][0]["pointer"], "/previous_valid_hours") << bad.body;
  auto dropped = post(one + "/rotate-secret", {{"previous_valid_hours", 0}}, requester_);
  ASSERT_EQ(dropped.status, 200) << dropped.body;
  EXPECT_TRUE(dropped.json()["previous_secret_until"].is_null());
}

TEST_P(WebhooksHttpTest, BadInputIsAProblemNamingEachField) {
  auto bad = post(hooks_, {{"url", "ftp://example.org"}, {"events", {"task.finished"}}, {"colour", "red"}}, requester_);
  expect_problem(bad, 422, "validation_failed");
  std::set<std::string> pointers;
  const json bad_body = bad.json();
  for (const auto& e : bad_body["errors"]) pointers.insert(e["pointer"].get<std::string>());
  EXPECT_TRUE(pointers.count("/colour")) << bad.body;  // unknown fields are refused first
  auto fields = post(hooks_, {{"url", "ftp://example.org"}, {"events", {"task.finished"}}}, requester_);
  expect_problem(fields, 422, "validation_failed");
  pointers.clear();
  const json fields_body = fields.json();
  for (const auto& e : fields_body["errors"]) pointers.insert(e["pointer"].get<std::string>());
  EXPECT_EQ(pointers, (std::set<std::string>{"/url", "/events/0"})) << fields.body;

  // SSRF: loopback and the cloud metadata address are refused, saying why.
  for (const char* url : {"http://127.0.0.1:8080/admin", "http://169.254.169.254/latest/meta-data"}) {
    auto refused = post(hooks_, {{"url", url}, {"events", {"task.completed"}}}, requester_);
    expect_problem(refused, 422, "validation_failed");
    ASSERT_EQ(refused.json()["errors"].size(), 1u) << refused.body;
    EXPECT_EQ(refused.json()["errors"][0]["pointer"], "/url");
    EXPECT_NE(refused.json()["errors"][0]["detail"].get<std::string>().find("private network"), std::string::npos)
        << refused.body;
  }
}

TEST_P(WebhooksHttpTest, TestEventsTheLogPauseRedeliverAndDelete) {
  auto hook = post(hooks_, {{"url", "http://93.184.215.14/h"}, {"events", {"batch.completed"}}}, requester_).json();
  const std::string one = hooks_ + "/" + std::to_string(hook["id"].get<std::int64_t>());

  auto queued = post(one + "/test", json::object(), requester_);
  ASSERT_EQ(queued.status, 202) << queued.body;
  EXPECT_EQ(queued.json()["event_type"], "webhook.test");
  EXPECT_EQ(queued.json()["state"], "pending");
  EXPECT_EQ(queued.json()["attempts"], 0);
  EXPECT_EQ(queued.json()["max_attempts"], 7);
  const auto delivery = queued.json()["id"].get<std::int64_t>();

  auto log = get(one + "/deliveries?limit=10", requester_);
  ASSERT_EQ(log.status, 200) << log.body;
  ASSERT_EQ(log.json()["items"].size(), 1u);
  EXPECT_EQ(log.json()["items"][0]["event_id"], queued.json()["event_id"]);
  EXPECT_TRUE(log.json()["items"][0]["next_attempt_at"].is_string());
  expect_problem(get(one + "/deliveries?limit=0", requester_), 400, "invalid_query");

  expect_problem(post(one + "/deliveries/" + std::to_string(delivery) + "/redeliver", json::object(), requester_), 409,
                 "delivery_not_failed");
  expect_problem(post(one + "/deliveries/999999/redeliver", json::object(), requester_), 404, "not_found");

  auto paused = patch(one, {{"active", false}}, requester_);
  ASSERT_EQ(paused.status, 200) << paused.body;
  EXPECT_EQ(paused.json()["active"], false);
  expect_problem(post(one + "/test", json::object(), requester_), 409, "webhook_paused");
  auto changed = patch(one, {{"active", true}, {"events", {"task.completed", "batch.completed"}}}, requester_);
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(changed.json()["events"].size(), 2u);
  expect_problem(patch(one, {{"url", "http://[::1]/"}}, requester_), 422, "validation_failed");

  // Auditors read the log but change nothing.
  auto auditor = create_and_login("auditor@example.org", {accounts::Role::auditor});
  EXPECT_EQ(get(one + "/deliveries", auditor).status, 200);
  expect_problem(post(one + "/test", json::object(), auditor), 403, "forbidden");

  auto removed = client_->del(one, headers(requester_));
  EXPECT_EQ(removed.status, 204) << removed.body;
  expect_problem(get(one + "/deliveries", requester_), 404, "not_found");
  EXPECT_TRUE(get(hooks_, requester_).json()["items"].empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, WebhooksHttpTest, ::testing::ValuesIn(testing::test_backends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace fairlabel::app
