// Managing subscriptions and reading the delivery log (WebhookService);
// sending is in delivery.cc.
#include <algorithm>
#include <set>

#include <nlohmann/json.hpp>

#include "core/page.h"
#include "core/random.h"
#include "orgs/organisations.h"
#include "webhooks/events.h"
#include "webhooks/signature.h"
#include "webhooks/target_url.h"
#include "webhooks/webhooks.h"

namespace fairlabel::webhooks {
namespace {

using accounts::Principal;
using nlohmann::json;
using orgs::OrgAccess;
using store::Connection;
using store::TxMode;

constexpr const char* kSubscriptionColumns =
    "id, project_id, url, events, active, description, created_by, created_at, updated_at, previous_secret_until";

constexpr const char* kDeliveryColumns =
    "d.id, d.subscription_id, e.event_id, e.type, d.state, d.attempts, d.created_at, d.next_attempt_at, "
    "d.last_attempt_at, d.last_status, d.last_error, d.delivered_at";

Subscription subscription_from_row(const store::Row& row) {
  Subscription s;
  s.id = row.integer(0);
  s.project_id = row.integer(1);
  s.url = row.text(2);
  auto events = json::parse(row.text(3), nullptr, false);
  if (events.is_array()) {
    for (const auto& e : events) {
      if (e.is_string()) s.events.push_back(e.get<std::string>());
    }
  }
  s.active = row.integer(4) != 0;
  s.description = row.text(5);
  s.created_by = row.integer(6);
  s.created_at = row.integer(7);
  s.updated_at = row.integer(8);
  s.previous_secret_until = row.optional_integer(9);
  return s;
}

Delivery delivery_from_row(const store::Row& row) {
  Delivery d;
  d.id = row.integer(0);
  d.subscription_id = row.integer(1);
  d.event_id = row.text(2);
  d.event_type = row.text(3);
  d.state = row.text(4);
  d.attempts = static_cast<int>(row.integer(5));
  d.created_at = row.integer(6);
  if (d.state == "pending") d.next_attempt_at = row.integer(7);
  d.last_attempt_at = row.optional_integer(8);
  if (auto status = row.optional_integer(9)) d.last_status = static_cast<int>(*status);
  d.last_error = row.optional_text(10);
  d.delivered_at = row.optional_integer(11);
  return d;
}

//! Checks the caller may act on the project at `level`; not_found for a
//! project they cannot see.
void require_project(Connection& c, const Principal& caller, std::int64_t project_id, OrgAccess level) {
  auto r = c.execute("SELECT org_id FROM projects WHERE id = $1", {project_id});
  if (r.empty()) throw Error::not_found("project " + std::to_string(project_id));
  try {
    orgs::OrganisationService::require_access(c, caller, r.single().integer(0), level);
  } catch (const Error& e) {
    if (e.kind() == ErrorKind::not_found) throw Error::not_found("project " + std::to_string(project_id));
    throw;
  }
}

Subscription load_subscription(Connection& c, std::int64_t project_id, std::int64_t webhook_id) {
  auto r = c.execute(std::string("SELECT ") + kSubscriptionColumns +
                         " FROM webhook_subscriptions WHERE id = $1 AND project_id = $2",
                     {webhook_id, project_id});
  if (r.empty()) throw Error::not_found("webhook " + std::to_string(webhook_id));
  return subscription_from_row(r.single());
}

Delivery load_delivery(Connection& c, std::int64_t delivery_id) {
  auto r = c.execute(std::string("SELECT ") + kDeliveryColumns +
                         " FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_row WHERE d.id = $1",
                     {delivery_id});
  return delivery_from_row(r.single());
}

void validate_events(const std::vector<std::string>& events, Validation& v) {
  if (events.empty()) v.fail("/events", "choose at least one of task.completed, batch.completed, payout.sent");
  std::set<std::string> seen;
  for (std::size_t i = 0; i < events.size(); ++i) {
    const auto& types = event_types();
    if (std::find(types.begin(), types.end(), events[i]) == types.end()) {
      v.fail("/events/" + std::to_string(i),
             events[i] == kWebhookTest ? "webhook.test is sent on request (POST …/test), not subscribed to"
                                       : "must be one of task.completed, batch.completed, payout.sent");
    } else if (!seen.insert(events[i]).second) {
      v.fail("/events/" + std::to_string(i), "is listed twice");
    }
  }
}

void validate_description(const std::string& description, Validation& v) {
  if (description.size() > 500) v.fail("/description", "must be at most 500 characters");
}

std::string events_json(const std::vector<std::string>& events) {
  return json(events).dump();
}

}  // namespace

const std::vector<std::string>& event_types() {
  static const std::vector<std::string> types = {kTaskCompleted, kBatchCompleted, kPayoutSent};
  return types;
}

void WebhookService::check_target(const std::string& url, Validation& v) const {
  std::string why;
  auto target = parse_target_url(url, why);
  if (!target) {
    v.fail("/url", why);
    return;
  }
  try {
    resolve_target(*target, policy_.allow_private);
  } catch (const Error& e) {
    v.fail("/url", e.what());
  }
}

Subscription WebhookService::create(const Principal& caller, std::int64_t project_id, const NewSubscription& in) {
  // Rights first: only someone who may manage the project makes the server
  // resolve a host name.
  store::transact(db_, TxMode::read, [&](Connection& c) { require_project(c, caller, project_id, OrgAccess::edit); });
  Validation v;
  check_target(in.url, v);
  validate_events(in.events, v);
  validate_description(in.description, v);
  v.throw_if_failed();
  const Timestamp now = clock_.now();
  const std::string secret = new_secret();
  return store::transact(db_, TxMode::write, [&](Connection& c) {
    require_project(c, caller, project_id, OrgAccess::edit);
    auto count = c.execute("SELECT COUNT(*) FROM webhook_subscriptions WHERE project_id = $1", {project_id})
                     .single()
                     .integer(0);
    if (count >= kMaxSubscriptionsPerProject) {
      throw Error::conflict("too_many_webhooks", "project " + std::to_string(project_id) + " has " +
                                                     std::to_string(count) + " webhooks, the most it may have");
    }
    auto id = c.execute(
                   "INSERT INTO webhook_subscriptions (project_id, url, events, secret, active, description, "
                   "created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
                   {project_id, in.url, events_json(in.events), secret, std::int64_t{in.active ? 1 : 0},
                    in.description, caller.user_id, now})
                  .single()
                  .integer(0);
    auto s = load_subscription(c, project_id, id);
    s.secret = secret;
    return s;
  });
}

std::vector<Subscription> WebhookService::list(const Principal& caller, std::int64_t project_id) {
  return store::transact(db_, TxMode::read, [&](Connection& c) {
    require_project(c, caller, project_id, OrgAccess::read);
    auto r = c.execute(std::string("SELECT ") + kSubscriptionColumns +
                           " FROM webhook_subscriptions WHERE project_id = $1 ORDER BY id",
                       {project_id});
    std::vector<Subscription> out;
    for (const auto& row : r.rows) out.push_back(subscription_from_row(row));
    return out;
  });
}

Subscription WebhookService::update(const Principal& caller, std::int64_t project_id, std::int64_t webhook_id,
                                    const SubscriptionUpdate& up) {
  store::transact(db_, TxMode::read, [&](Connection& c) {
    require_project(c, caller, project_id, OrgAccess::edit);
    load_subscription(c, project_id, webhook_id);
  });
  Validation v;
  if (up.url) check_target(*up.url, v);
  if (up.events) validate_events(*up.events, v);
  if (up.description) validate_description(*up.description, v);
  v.throw_if_failed();
  const Timestamp now = clock_.now();
  return store::transact(db_, TxMode::write, [&](Connection& c) {
    require_project(c, caller, project_id, OrgAccess::edit);
    auto s = load_subscription(c, project_id, webhook_id);
    if (up.url) s.url = *up.url;
    if (up.events) s.events = *up.events;
    if (up.active) s.active = *up.active;
    if (up.description) s.description = *up.description;
    c.execute(
        "UPDATE webhook_subscriptions SET url = $2, events = $3, active = $4, description = $5, updated_at = $6 "
        "WHERE id = $1",
        {webhook_id, s.url, events_json(s.events), std::int64_t{s.active ? 1 : 0}, s.description, now});
    return load_subscription(c, project_id, webhook_id);
  });
}

void WebhookService::remove(const Principal& caller, std::int64_t project_id, std::int64_t webhook_id) {
  store::transact(db_, TxMode::write, [&](Connection& c) {
    require_project(c, caller, project_id, OrgAccess::edit);
    load_subscription(c, project_id, webhook_id);
    // A delivery being sent right now finishes; recording its result then
    // finds no row and changes nothing.
    c.execute("DELETE FROM webhook_deliveries WHERE subscription_id = $1", {webhook_id});
    c.execute("DELETE FROM webhook_subscriptions WHERE id = $1", {webhook_id});
  });
}

Subscription WebhookService::rotate_secret(const Principal& caller, std::int64_t project_id, std::int64_t webhook_id,
                                           std::int64_t previous_valid_hours) {
  if (previous_valid_hours < 0 || previous_valid_hours > kMaxPreviousSecretHours) {
    throw Error::invalid(
        "validation_failed",
        "the previous secret may stay valid 0 to " + std::to_string(kMaxPreviousSecretHours) + " hours",
        {{"/previous_valid_hours", "must be between 0 and " + std::to_string(kMaxPreviousSecretHours) + " (got " +
                                       std::to_string(previous_valid_hours) + ")"}});
  }
  const Timestamp now = clock_.now();
  const std::string secret = new_secret();
  return store::transact(db_, TxMode::write, [&](Connection& c) {
    require_project(c, caller, project_id, OrgAccess::edit);
    load_subscription(c, project_id, webhook_id);
    // One previous secret at most: a second rotation inside the window drops
    // the oldest, as a receiver holds at most the two latest.
    if (previous_valid_hours > 0) {
      c.execute(
          "UPDATE webhook_subscriptions SET previous_secret = secret, previous_secret_until = $2, secret = $3, "
          "updated_at = $4 WHERE id = $1",
          {webhook_id, now + previous_valid_hours * kMicrosPerHour, secret, now});
    } else {
      c.execute(
          "UPDATE webhook_subscriptions SET previous_secret = NULL, previous_secret_until = NULL, secret = $2, "
          "updated_at = $3 WHERE id = $1",
          {webhook_id, secret, now});
    }
    auto s = load_subscription(c, project_id, webhook_id);
    s.secret = secret;
    return s;
  });
}

Delivery WebhookService::send_test(const Principal& caller, std::int64_t project_id, std::int64_t webhook_id) {
  const Timestamp now = clock_.now();
  const std::string event_id = "evt_" + hex_encode(secure_random_bytes(16));
  return store::transact(db_, TxMode::write, [&](Connection& c) {
    require_project(c, caller, project_id, OrgAccess::edit);
    auto s = load_subscription(c, project_id, webhook_id);
    if (!s.active) {
      throw Error::conflict("webhook_paused",
                            "webhook " + std::to_string(webhook_id) + " is paused; resume it to send a test event");
    }
    const json body = {{"id", event_id},
                       {"type", kWebhookTest},
                       {"created_at", format_rfc3339(now)},
                       {"project_id", project_id},
                       {"data",
                        {{"webhook_id", webhook_id},
                         {"message", "A test event sent on request; it means nothing else."}}}};
    auto event_row = c.execute(
                          "INSERT INTO webhook_events (event_id, source_key, project_id, type, body, created_at) "
                          "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                          {event_id, "test:" + event_id, project_id, std::string(kWebhookTest), body.dump(), now})
                         .single()
                         .integer(0);
    auto id = c.execute(
                   "INSERT INTO webhook_deliveries (subscription_id, event_row, project_id, state, attempts, "
                   "next_attempt_at, created_at) VALUES ($1, $2, $3, 'pending', 0, $4, $4) RETURNING id",
                   {webhook_id, event_row, project_id, now})
                  .single()
                  .integer(0);
    return load_delivery(c, id);
  });
}

std::vector<Delivery> WebhookService::deliveries(const Principal& caller, std::int64_t project_id,
                                                 std::int64_t webhook_id, int limit) {
  limit = std::clamp(limit, 1, kMaxPageLimit);
  return store::transact(db_, TxMode::read, [&](Connection& c) {
    require_project(c, caller, project_id, OrgAccess::read);
    load_subscription(c, project_id, webhook_id);
    auto r = c.execute(std::string("SELECT ") + kDeliveryColumns +
                           " FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_row "
                           "WHERE d.subscription_id = $1 ORDER BY d.id DESC LIMIT $2",
                       {webhook_id, std::int64_t{limit}});
    std::vector<Delivery> out;
    for (const auto& row : r.rows) out.push_back(delivery_from_row(row));
    return out;
  });
}

Delivery WebhookService::redeliver(const Principal& caller, std::int64_t project_id, std::int64_t webhook_id,
                                   std::int64_t delivery_id) {
  const Timestamp now = clock_.now();
  return store::transact(db_, TxMode::write, [&](Connection& c) {
    require_project(c, caller, project_id, OrgAccess::edit);
    load_subscription(c, project_id, webhook_id);
    auto changed = c.execute(
        "UPDATE webhook_deliveries SET state = 'pending', attempts = 0, next_attempt_at = $3 "
        "WHERE id = $1 AND subscription_id = $2 AND state = 'failed'",
        {delivery_id, webhook_id, now});
    if (changed.affected_rows != 1) {
      auto r = c.execute("SELECT state FROM webhook_deliveries WHERE id = $1 AND subscription_id = $2",
                         {delivery_id, webhook_id});
      if (r.empty()) throw Error::not_found("delivery " + std::to_string(delivery_id));
      throw Error::conflict("delivery_not_failed", "delivery " + std::to_string(delivery_id) + " is " +
                                                       r.single().text(0) + "; only a failed delivery is redelivered");
    }
    return load_delivery(c, delivery_id);
  });
}

}  // namespace fairlabel::webhooks
