// Subscriptions, the outbox and delivery against a real HTTP receiver on
// 127.0.0.1, on each storage backend, with a ManualClock: retries follow
// the backoff schedule as the test moves time (nobody sleeps).
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "accounts/accounts_service.h"
#include "core/random.h"
#include "orgs/organisations.h"
#include "orgs/projects.h"
#include "store/migrations.h"
#include "support/test_databases.h"
#include "webhooks/events.h"
#include "webhooks/signature.h"
#include "webhooks/test_hmac.h"
#include "webhooks/test_receiver.h"
#include "webhooks/webhooks.h"

namespace fairlabel::webhooks {
namespace {

using testing::openssl_hmac_hex;

using accounts::Principal;
using accounts::Role;
using nlohmann::json;
using testing::TestReceiver;

//! A loopback port with nothing listening (bound, then closed).
int dead_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  ::close(fd);
  return ntohs(address.sin_port);
}

class WebhookDeliveryTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    database_ = std::make_unique<fairlabel::testing::TestDatabase>(fairlabel::testing::TestDatabase::create(GetParam()));
    store::migrate(database_->db(), clock_);
    accounts::AccountsService accounts(database_->db(), clock_, accounts::PasswordCost::test_only_fast());
    auto make = [&](const std::string& email, Role role) {
      auto u = accounts.create_user({email, "a long enough password", email, {role}, std::nullopt, std::nullopt});
      return Principal{u.id, u.email, u.display_name, u.roles, std::nullopt};
    };
    requester_ = make("req@example.org", Role::requester);
    stranger_ = make("other@example.org", Role::requester);
    auditor_ = make("audit@example.org", Role::auditor);
    orgs::OrganisationService organisations(database_->db(), clock_);
    auto org = organisations.create(requester_, "Lab", "lab");
    orgs::ProjectService projects(database_->db(), clock_);
    project_id_ = projects.create(requester_, org.id, {"Items", "", "", "classification"}).id;
    WebhookPolicy policy;
    policy.allow_private = true;  // the receiver is on 127.0.0.1
    policy.timeout = std::chrono::milliseconds(2000);
    service_ = std::make_unique<WebhookService>(database_->db(), clock_, policy);
  }

  Subscription subscribe(const std::string& url, std::vector<std::string> events = {kTaskCompleted}) {
    return service_->create(requester_, project_id_, {url, std::move(events), "test receiver", true});
  }

  //! Records an event the way a cause does: in a write transaction.
  std::optional<std::string> record(const std::string& type, const std::string& source, const json& data = {}) {
    return store::transact(database_->db(), store::TxMode::write, [&](store::Connection& c) {
      return record_event(c, project_id_, type, source, data.is_null() ? json::object() : data, clock_.now());
    });
  }

  std::int64_t count(const std::string& sql) {
    return store::transact(database_->db(), store::TxMode::read,
                           [&](store::Connection& c) { return c.execute(sql).single().integer(0); });
  }

  ManualClock clock_{1'800'000'000'000'000};
  std::unique_ptr<fairlabel::testing::TestDatabase> database_;
  Principal requester_, stranger_, auditor_;
  std::int64_t project_id_ = 0;
  std::unique_ptr<WebhookService> service_;
};

TEST_P(WebhookDeliveryTest, ADeliveryIsASignedPostTheReceiverCanVerify) {
  TestReceiver receiver;
  auto sub = subscribe(receiver.url());
  ASSERT_TRUE(sub.secret);
  EXPECT_EQ(sub.secret->rfind("whsec_", 0), 0u);
  // The secret is shown once: listing does not return it.
  EXPECT_FALSE(service_->list(requester_, project_id_).at(0).secret);

  auto queued = service_->send_test(requester_, project_id_, sub.id);
  EXPECT_EQ(queued.state, "pending");
  EXPECT_EQ(queued.event_type, kWebhookTest);
  auto run = service_->deliver_due();
  EXPECT_EQ(run.delivered, 1);

  auto got = receiver.received();
  ASSERT_EQ(got.size(), 1u);
  const auto& r = got[0];
  EXPECT_EQ(r.path, "/hook");
  EXPECT_EQ(r.headers.at("content-type"), "application/json");
  EXPECT_EQ(r.headers.at("fairlabel-event"), "webhook.test");
  EXPECT_EQ(r.headers.at("fairlabel-event-id"), queued.event_id);
  EXPECT_EQ(r.headers.at("fairlabel-delivery"), std::to_string(queued.id));
  // Independent verification: OpenSSL's HMAC over "<t>.<raw body>".
  const std::string t = std::to_string(clock_.now() / kMicrosPerSecond);
  EXPECT_EQ(r.headers.at("fairlabel-signature"), "t=" + t + ",v1=" + openssl_hmac_hex(*sub.secret, t + "." + r.body));
  EXPECT_TRUE(verify_signature_header(r.headers.at("fairlabel-signature"), *sub.secret, r.body,
                                      clock_.now() / kMicrosPerSecond));
  auto body = json::parse(r.body);
  EXPECT_EQ(body["id"], queued.event_id);
  EXPECT_EQ(body["type"], "webhook.test");
  EXPECT_EQ(body["project_id"], project_id_);
  EXPECT_EQ(body["data"]["webhook_id"], sub.id);

  auto log = service_->deliveries(requester_, project_id_, sub.id, 50);
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].state, "delivered");
  EXPECT_EQ(log[0].attempts, 1);
  EXPECT_EQ(log[0].last_status, 200);
  EXPECT_EQ(log[0].delivered_at, clock_.now());
  EXPECT_FALSE(log[0].next_attempt_at);
  // Nothing is sent twice.
  EXPECT_EQ(service_->deliver_due().delivered, 0);
  EXPECT_EQ(receiver.received().size(), 1u);
}

//! The header's v1 entries, in order.
std::vector<std::string> v1_entries(const std::string& header) {
  std::vector<std::string> out;
  for (std::size_t at = header.find("v1="); at != std::string::npos; at = header.find("v1=", at + 3)) {
    out.push_back(header.substr(at + 3, header.find(',', at) - at - 3));
  }
  return out;
}

// Rotation: the new secret is shown once; during the overlap both secrets
// sign every delivery (new first), so a receiver holding either accepts
// it; after the overlap only the new one does.
TEST_P(WebhookDeliveryTest, ARotatedSecretSignsBesideTheNewOneUntilItsOverlapEnds) {
  TestReceiver receiver;
  auto sub = subscribe(receiver.url());
  const std::string old_secret = *sub.secret;
  auto rotated = service_->rotate_secret(requester_, project_id_, sub.id, 24);
  ASSERT_TRUE(rotated.secret);
  EXPECT_NE(*rotated.secret, old_secret);
  EXPECT_EQ(rotated.previous_secret_until, clock_.now() + 24 * kMicrosPerHour);
  EXPECT_FALSE(service_->list(requester_, project_id_).at(0).secret);  // shown once

  auto deliver_test_event = [&] {
    service_->send_test(requester_, project_id_, sub.id);
    EXPECT_EQ(service_->deliver_due().delivered, 1);
    return receiver.received().back();
  };
  const auto during = deliver_test_event();
  const auto header = during.headers.at("fairlabel-signature");
  const std::string t = std::to_string(clock_.now() / kMicrosPerSecond);
  EXPECT_EQ(v1_entries(header), (std::vector<std::string>{openssl_hmac_hex(*rotated.secret, t + "." + during.body),
                                                          openssl_hmac_hex(old_secret, t + "." + during.body)}));
  const std::int64_t now_s = clock_.now() / kMicrosPerSecond;
  EXPECT_TRUE(verify_signature_header(header, *rotated.secret, during.body, now_s));
  EXPECT_TRUE(verify_signature_header(header, old_secret, during.body, now_s));

  clock_.advance(24 * kMicrosPerHour + kMicrosPerSecond);
  const auto after = deliver_test_event();
  const std::int64_t later_s = clock_.now() / kMicrosPerSecond;
  EXPECT_EQ(v1_entries(after.headers.at("fairlabel-signature")).size(), 1u);
  EXPECT_TRUE(verify_signature_header(after.headers.at("fairlabel-signature"), *rotated.secret, after.body, later_s));
  EXPECT_FALSE(verify_signature_header(after.headers.at("fairlabel-signature"), old_secret, after.body, later_s));

  // 0 hours: the replaced secret stops at once; out of range says where.
  auto immediate = service_->rotate_secret(requester_, project_id_, sub.id, 0);
  EXPECT_FALSE(immediate.previous_secret_until);
  const auto now_only = deliver_test_event();
  EXPECT_EQ(v1_entries(now_only.headers.at("fairlabel-signature")).size(), 1u);
  EXPECT_TRUE(verify_signature_header(now_only.headers.at("fairlabel-signature"), *immediate.secret, now_only.body,
                                      clock_.now() / kMicrosPerSecond));
  try {
    service_->rotate_secret(requester_, project_id_, sub.id, kMaxPreviousSecretHours + 1);
    FAIL() << "expected validation_failed";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), "validation_failed");
    ASSERT_EQ(e.field_errors().size(), 1u);
    EXPECT_EQ(e.field_errors()[0].pointer, "/previous_valid_hours");
  }
  // Only someone who may edit the project rotates.
  EXPECT_THROW(service_->rotate_secret(auditor_, project_id_, sub.id, 24), Error);
  EXPECT_THROW(service_->rotate_secret(stranger_, project_id_, sub.id, 24), Error);
}

TEST_P(WebhookDeliveryTest, A500IsRetriedAfterTheFirstBackoffWithTheSameEventAndBody) {
  TestReceiver receiver({500, 200});
  auto sub = subscribe(receiver.url());
  auto event_id = record(kTaskCompleted, "task:1:completed", {{"task_id", 1}});
  ASSERT_TRUE(event_id);

  auto first = service_->deliver_due();
  EXPECT_EQ(first.retrying, 1);
  auto log = service_->deliveries(requester_, project_id_, sub.id, 50);
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].state, "pending");
  EXPECT_EQ(log[0].attempts, 1);
  EXPECT_EQ(log[0].last_status, 500);
  EXPECT_EQ(log[0].last_error, "HTTP 500: receiver says no");
  EXPECT_EQ(log[0].next_attempt_at, clock_.now() + kRetryDelaysUs[0]);

  // Not before the backoff has passed.
  clock_.advance(kRetryDelaysUs[0] - kMicrosPerSecond);
  EXPECT_EQ(service_->deliver_due().delivered, 0);
  EXPECT_EQ(receiver.received().size(), 1u);
  clock_.advance(kMicrosPerSecond);
  EXPECT_EQ(service_->deliver_due().delivered, 1);

  auto got = receiver.received();
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].body, got[1].body);
  EXPECT_EQ(json::parse(got[1].body)["id"], *event_id);
  EXPECT_EQ(got[1].headers.at("fairlabel-event-id"), *event_id);
  // Each attempt is signed afresh, with its own timestamp.
  EXPECT_NE(got[0].headers.at("fairlabel-signature"), got[1].headers.at("fairlabel-signature"));
  log = service_->deliveries(requester_, project_id_, sub.id, 50);
  EXPECT_EQ(log[0].state, "delivered");
  EXPECT_EQ(log[0].attempts, 2);
  EXPECT_FALSE(log[0].last_error);
}

TEST_P(WebhookDeliveryTest, ADeadReceiverEndsFailedAfterTheWholeScheduleVisibleInTheLogAndCanBeRedelivered) {
  const std::string url = "http://127.0.0.1:" + std::to_string(dead_port()) + "/hook";
  auto sub = subscribe(url);
  ASSERT_TRUE(record(kTaskCompleted, "task:7:completed"));
  const Timestamp start = clock_.now();
  for (int attempt = 1; attempt <= kMaxAttempts; ++attempt) {
    auto run = service_->deliver_due();
    auto d = service_->deliveries(requester_, project_id_, sub.id, 50).at(0);
    EXPECT_EQ(d.attempts, attempt);
    EXPECT_FALSE(d.last_status);
    ASSERT_TRUE(d.last_error);
    EXPECT_NE(d.last_error->find("connect"), std::string::npos) << *d.last_error;
    if (attempt < kMaxAttempts) {
      EXPECT_EQ(run.retrying, 1);
      EXPECT_EQ(d.state, "pending");
      const auto delay = kRetryDelaysUs[static_cast<std::size_t>(attempt - 1)];
      EXPECT_EQ(d.next_attempt_at, clock_.now() + delay);
      clock_.advance(delay);
    } else {
      EXPECT_EQ(run.failed, 1);
      EXPECT_EQ(d.state, "failed");
      EXPECT_FALSE(d.next_attempt_at);
    }
  }
  // 1 min + 5 min + 30 min + 2 h + 8 h + 12 h.
  EXPECT_EQ(clock_.now() - start, 22 * kMicrosPerHour + 36 * kMicrosPerMinute);
  clock_.advance(kMicrosPerDay);
  EXPECT_EQ(service_->deliver_due().failed, 0);  // failed stays failed

  // The auditor reads the log; a stranger does not see the project.
  EXPECT_EQ(service_->deliveries(auditor_, project_id_, sub.id, 50).at(0).state, "failed");
  EXPECT_THROW(service_->deliveries(stranger_, project_id_, sub.id, 50), Error);

  // Redelivery: due now, attempts counted afresh; a live receiver gets it.
  auto failed = service_->deliveries(requester_, project_id_, sub.id, 50).at(0);
  TestReceiver receiver;
  service_->update(requester_, project_id_, sub.id, {receiver.url(), std::nullopt, std::nullopt, std::nullopt});
  auto again = service_->redeliver(requester_, project_id_, sub.id, failed.id);
  EXPECT_EQ(again.state, "pending");
  EXPECT_EQ(again.attempts, 0);
  EXPECT_EQ(service_->deliver_due().delivered, 1);
  EXPECT_EQ(json::parse(receiver.received().at(0).body)["id"], failed.event_id);
  try {
    service_->redeliver(requester_, project_id_, sub.id, failed.id);
    ADD_FAILURE() << "a delivered delivery was redelivered";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), "delivery_not_failed");
  }
}

TEST_P(WebhookDeliveryTest, FinishedDeliveriesAreForgottenAfterThirtyDaysPendingOnesNever) {
  TestReceiver receiver;
  auto live = subscribe(receiver.url());
  const std::string dead_url = "http://127.0.0.1:" + std::to_string(dead_port()) + "/hook";
  auto dead = subscribe(dead_url);
  // One event, two deliveries: delivered to the live receiver, retrying on the dead one.
  ASSERT_TRUE(record(kTaskCompleted, "task:1:completed"));
  auto run = service_->deliver_due();
  EXPECT_EQ(run.delivered, 1);
  EXPECT_EQ(run.retrying, 1);
  // 29 days later nothing is forgotten.
  clock_.advance(29 * kMicrosPerDay);
  EXPECT_EQ(service_->purge_finished(), 0);
  // Past 30 days the delivered one goes; the event stays while the dead
  // receiver's delivery is still pending (it is due again, not finished).
  clock_.advance(2 * kMicrosPerDay);
  EXPECT_EQ(service_->purge_finished(), 1);
  EXPECT_TRUE(service_->deliveries(requester_, project_id_, live.id, 50).empty());
  ASSERT_EQ(service_->deliveries(requester_, project_id_, dead.id, 50).size(), 1u);
  EXPECT_EQ(count("SELECT COUNT(*) FROM webhook_events"), 1);
  // Once it has failed for good and is old enough, it and its event go too.
  for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
    service_->deliver_due();
    clock_.advance(kRetryDelaysUs.back());
  }
  EXPECT_EQ(service_->deliveries(requester_, project_id_, dead.id, 50).at(0).state, "failed");
  EXPECT_EQ(service_->purge_finished(), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM webhook_deliveries"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM webhook_events"), 0);
  // A recent event is kept whatever its state.
  ASSERT_TRUE(record(kTaskCompleted, "task:2:completed"));
  service_->deliver_due();
  EXPECT_EQ(service_->purge_finished(), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM webhook_events"), 1);
}

TEST_P(WebhookDeliveryTest, AReceiverThatNeverAnswersTimesOut) {
  // A socket that listens but never reads: the connection is accepted by
  // the kernel, the request sent, and no answer ever comes.
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  ASSERT_EQ(::listen(fd, 4), 0);
  socklen_t length = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  auto sub = subscribe("http://127.0.0.1:" + std::to_string(ntohs(address.sin_port)) + "/slow");
  WebhookPolicy quick;
  quick.allow_private = true;
  quick.timeout = std::chrono::milliseconds(300);
  WebhookService impatient(database_->db(), clock_, quick);
  ASSERT_TRUE(record(kTaskCompleted, "task:9:completed"));
  auto run = impatient.deliver_due();
  ::close(fd);
  EXPECT_EQ(run.retrying, 1);
  auto d = service_->deliveries(requester_, project_id_, sub.id, 50).at(0);
  ASSERT_TRUE(d.last_error);
  EXPECT_NE(d.last_error->find("timed out"), std::string::npos) << *d.last_error;
}

TEST_P(WebhookDeliveryTest, PrivateTargetsAreRefusedUnlessAllowed) {
  TestReceiver receiver;
  WebhookService strict(database_->db(), clock_, WebhookPolicy{});
  try {
    strict.create(requester_, project_id_, {receiver.url(), {kTaskCompleted}, "", true});
    ADD_FAILURE() << "a loopback target was accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::invalid_input);
    ASSERT_EQ(e.field_errors().size(), 1u);
    EXPECT_EQ(e.field_errors()[0].pointer, "/url");
    EXPECT_NE(e.field_errors()[0].message.find("127.0.0.1"), std::string::npos) << e.field_errors()[0].message;
  }
  // Checked again at delivery: a server started without the option does
  // not send to a private address someone stored earlier.
  auto sub = subscribe(receiver.url());
  ASSERT_TRUE(record(kTaskCompleted, "task:2:completed"));
  EXPECT_EQ(strict.deliver_due().retrying, 1);
  EXPECT_TRUE(receiver.received().empty());
  auto d = service_->deliveries(requester_, project_id_, sub.id, 50).at(0);
  ASSERT_TRUE(d.last_error);
  EXPECT_NE(d.last_error->find("private network"), std::string::npos) << *d.last_error;
}

TEST_P(WebhookDeliveryTest, EventsAreWrittenOnlyWithTheirCauseAndOncePerCause) {
  TestReceiver receiver;
  subscribe(receiver.url(), {kTaskCompleted, kBatchCompleted});
  // The cause's transaction rolls back: neither event nor delivery remain.
  EXPECT_THROW(store::transact(database_->db(), store::TxMode::write,
                               [&](store::Connection& c) {
                                 EXPECT_TRUE(record_event(c, project_id_, kTaskCompleted, "task:5:completed",
                                                          json::object(), clock_.now()));
                                 throw Error::conflict("cause_failed", "the cause failed after recording");
                               }),
               Error);
  EXPECT_EQ(count("SELECT COUNT(*) FROM webhook_events"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM webhook_deliveries"), 0);
  // Committed: recorded once, however often the cause is reported.
  EXPECT_TRUE(record(kTaskCompleted, "task:5:completed"));
  EXPECT_FALSE(record(kTaskCompleted, "task:5:completed"));
  EXPECT_EQ(count("SELECT COUNT(*) FROM webhook_deliveries"), 1);
  // A type nobody chose records nothing.
  EXPECT_FALSE(record(kPayoutSent, "payout_item:1:project:1"));
  EXPECT_EQ(count("SELECT COUNT(*) FROM webhook_events"), 1);
}

TEST_P(WebhookDeliveryTest, APausedSubscriptionGetsNoNewEventsAndItsQueueWaits) {
  TestReceiver receiver;
  auto sub = subscribe(receiver.url());
  ASSERT_TRUE(record(kTaskCompleted, "task:1:completed"));
  service_->update(requester_, project_id_, sub.id, {std::nullopt, std::nullopt, false, std::nullopt});
  EXPECT_FALSE(record(kTaskCompleted, "task:2:completed"));
  EXPECT_EQ(service_->deliver_due().delivered, 0);
  EXPECT_TRUE(receiver.received().empty());
  try {
    service_->send_test(requester_, project_id_, sub.id);
    ADD_FAILURE() << "a paused webhook sent a test";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), "webhook_paused");
  }
  service_->update(requester_, project_id_, sub.id, {std::nullopt, std::nullopt, true, std::nullopt});
  EXPECT_EQ(service_->deliver_due().delivered, 1);
  EXPECT_EQ(receiver.received().size(), 1u);
}

TEST_P(WebhookDeliveryTest, ASenderThatDiedMidAttemptIsTakenOverAfterItsLease) {
  TestReceiver receiver;
  auto sub = subscribe(receiver.url());
  ASSERT_TRUE(record(kTaskCompleted, "task:3:completed"));
  // A process took the delivery and was killed before recording a result.
  store::transact(database_->db(), store::TxMode::write, [&](store::Connection& c) {
    c.execute("UPDATE webhook_deliveries SET state = 'sending', attempts = 1, next_attempt_at = $1",
              {clock_.now() + kSendLeaseUs});
  });
  EXPECT_EQ(service_->deliver_due().delivered, 0);  // still its lease
  clock_.advance(kSendLeaseUs);
  auto run = service_->deliver_due();
  EXPECT_EQ(run.reclaimed, 1);
  EXPECT_EQ(run.delivered, 1);
  auto d = service_->deliveries(requester_, project_id_, sub.id, 50).at(0);
  EXPECT_EQ(d.state, "delivered");
  EXPECT_EQ(d.attempts, 2);
}

TEST_P(WebhookDeliveryTest, ValidationSaysWhatAndWhereAndAccessFollowsTheProject) {
  try {
    service_->create(requester_, project_id_, {"ftp://x", {"task.completed", "nope", "task.completed", "webhook.test"},
                                               std::string(501, 'd'), true});
    ADD_FAILURE();
  } catch (const Error& e) {
    std::set<std::string> pointers;
    for (const auto& f : e.field_errors()) pointers.insert(f.pointer);
    EXPECT_EQ(pointers, (std::set<std::string>{"/url", "/events/1", "/events/2", "/events/3", "/description"}));
  }
  TestReceiver receiver;
  EXPECT_THROW(service_->create(stranger_, project_id_, {receiver.url(), {kTaskCompleted}, "", true}), Error);
  try {
    service_->create(auditor_, project_id_, {receiver.url(), {kTaskCompleted}, "", true});
    ADD_FAILURE();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::forbidden);
  }
  for (int i = 0; i < kMaxSubscriptionsPerProject; ++i) subscribe(receiver.url());
  try {
    subscribe(receiver.url());
    ADD_FAILURE();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), "too_many_webhooks");
  }
  auto first = service_->list(requester_, project_id_).at(0);
  service_->remove(requester_, project_id_, first.id);
  EXPECT_EQ(service_->list(auditor_, project_id_).size(), static_cast<std::size_t>(kMaxSubscriptionsPerProject - 1));
}

INSTANTIATE_TEST_SUITE_P(Backends, WebhookDeliveryTest, ::testing::ValuesIn(fairlabel::testing::test_backends()),
                         fairlabel::testing::backend_name);

}  // namespace
}  // namespace fairlabel::webhooks
