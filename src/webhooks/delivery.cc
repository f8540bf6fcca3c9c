// Sending due deliveries (WebhookService::deliver_due): take one with a
// conditional UPDATE, POST it outside any transaction, record the result.
#include <algorithm>

#include <spdlog/spdlog.h>

#include "webhooks/http_post.h"
#include "webhooks/signature.h"
#include "webhooks/target_url.h"
#include "webhooks/webhooks.h"

namespace fairlabel::webhooks {
namespace {

using store::Connection;
using store::TxMode;

//! What the sender needs, read while taking the delivery.
struct Taken {
  std::int64_t id = 0;
  int attempt = 0;  //!< this attempt's number, 1-based
  std::string url, secret, event_id, event_type, body;
  std::string previous_secret;  //!< "" unless a rotated-out secret still signs
};

std::string truncate(std::string text, std::size_t max) {
  if (text.size() > max) text = text.substr(0, max) + "…";
  return text;
}

}  // namespace

DeliveryRun WebhookService::deliver_due() {
  DeliveryRun run;
  const Timestamp now = clock_.now();

  // What is due, read first: an idle server's tick writes nothing.
  struct Due {
    std::int64_t stale = 0;  //!< `sending` deliveries whose lease ran out
    std::vector<std::int64_t> ids;
  };
  auto read_due = [&] {
    return store::transact(db_, TxMode::read, [&](Connection& c) {
      Due due;
      due.stale = c.execute("SELECT COUNT(*) FROM webhook_deliveries WHERE state = 'sending' AND next_attempt_at <= $1",
                            {now})
                      .single()
                      .integer(0);
      auto r = c.execute(
          "SELECT d.id FROM webhook_deliveries d JOIN webhook_subscriptions s ON s.id = d.subscription_id "
          "WHERE d.state = 'pending' AND d.next_attempt_at <= $1 AND s.active = 1 "
          "ORDER BY d.next_attempt_at, d.id LIMIT $2",
          {now, std::int64_t{policy_.batch_limit}});
      for (const auto& row : r.rows) due.ids.push_back(row.integer(0));
      return due;
    });
  };
  Due due = read_due();
  if (due.stale > 0) {
    // Deliveries whose sender died mid-attempt are due again, or failed if
    // that was their last attempt.
    const std::string why = "the server sending it stopped before recording the result";
    store::transact(db_, TxMode::write, [&](Connection& c) {
      auto failed = c.execute(
          "UPDATE webhook_deliveries SET state = 'failed', last_error = $3 "
          "WHERE state = 'sending' AND next_attempt_at <= $1 AND attempts >= $2",
          {now, std::int64_t{kMaxAttempts}, why});
      auto again = c.execute(
          "UPDATE webhook_deliveries SET state = 'pending', last_error = $2 "
          "WHERE state = 'sending' AND next_attempt_at <= $1",
          {now, why});
      run.reclaimed = static_cast<int>(failed.affected_rows + again.affected_rows);
      run.failed += static_cast<int>(failed.affected_rows);
    });
    due = read_due();
  }

  for (auto id : due.ids) {
    // Take it: only one process's UPDATE finds it still pending (PostgreSQL
    // re-checks the condition after waiting for a concurrent taker).
    auto taken = store::transact(db_, TxMode::write, [&](Connection& c) -> std::optional<Taken> {
      auto changed = c.execute(
          "UPDATE webhook_deliveries SET state = 'sending', attempts = attempts + 1, last_attempt_at = $2, "
          "next_attempt_at = $3 WHERE id = $1 AND state = 'pending' AND next_attempt_at <= $2",
          {id, now, now + kSendLeaseUs});
      if (changed.affected_rows != 1) return std::nullopt;
      auto r = c.execute(
                    "SELECT d.attempts, s.url, s.secret, e.event_id, e.type, e.body, "
                    "CASE WHEN s.previous_secret_until > $2 THEN s.previous_secret ELSE '' END "
                    "FROM webhook_deliveries d "
                    "JOIN webhook_subscriptions s ON s.id = d.subscription_id "
                    "JOIN webhook_events e ON e.id = d.event_row WHERE d.id = $1",
                    {id, now})
                   .single();
      Taken found{id, static_cast<int>(r.integer(0)), r.text(1), r.text(2), r.text(3), r.text(4), r.text(5)};
      found.previous_secret = r.text(6);
      return found;
    });
    if (!taken) continue;

    // The network, outside any transaction.
    PostResult result;
    std::string why;
    auto target = parse_target_url(taken->url, why);
    if (!target) {
      result.error = "the URL is not valid: " + why;
    } else {
      try {
        auto endpoints = resolve_target(*target, policy_.allow_private);
        const std::int64_t t = clock_.now() / kMicrosPerSecond;
        result = post_json(*target, endpoints,
                           {{kSignatureHeader, signature_header(taken->secret, t, taken->body, taken->previous_secret)},
                            {"Fairlabel-Event", taken->event_type},
                            {"Fairlabel-Event-Id", taken->event_id},
                            {"Fairlabel-Delivery", std::to_string(taken->id)}},
                           taken->body, policy_.timeout, policy_.extra_ca_file);
      } catch (const Error& e) {
        result.error = e.what();
      } catch (const std::exception& e) {
        result.error = std::string("could not send: ") + e.what();
      }
    }

    const Timestamp done = clock_.now();
    std::string error;
    if (!result.delivered()) {
      error = result.status ? "HTTP " + std::to_string(*result.status) +
                                  (result.body_excerpt.empty() ? "" : ": " + result.body_excerpt)
                            : result.error;
      error = truncate(error, 500);
    }
    const bool last = taken->attempt >= kMaxAttempts;
    const std::int64_t delay =
        kRetryDelaysUs[static_cast<std::size_t>(std::clamp(taken->attempt, 1, kMaxAttempts - 1) - 1)];
    store::Value status = result.status ? store::Value(std::int64_t{*result.status}) : store::Value(nullptr);
    // Recorded only if the delivery is still ours (this attempt, sending):
    // a subscription deleted meanwhile took its deliveries with it.
    store::transact(db_, TxMode::write, [&](Connection& c) {
      if (result.delivered()) {
        c.execute(
            "UPDATE webhook_deliveries SET state = 'delivered', delivered_at = $3, last_status = $4, "
            "last_error = NULL WHERE id = $1 AND state = 'sending' AND attempts = $2",
            {taken->id, std::int64_t{taken->attempt}, done, status});
      } else {
        c.execute(
            "UPDATE webhook_deliveries SET state = $3, next_attempt_at = $4, last_status = $5, last_error = $6 "
            "WHERE id = $1 AND state = 'sending' AND attempts = $2",
            {taken->id, std::int64_t{taken->attempt}, std::string(last ? "failed" : "pending"),
             last ? done : done + delay, status, error});
      }
    });
    if (result.delivered()) {
      ++run.delivered;
    } else if (last) {
      ++run.failed;
      spdlog::warn("webhook delivery {} ({} {}) failed after {} attempts: {}", taken->id, taken->event_type,
                   taken->event_id, taken->attempt, error);
    } else {
      ++run.retrying;
    }
  }
  return run;
}

int WebhookService::purge_finished(int limit) {
  const Timestamp cutoff = clock_.now() - kDeliveryRetentionUs;
  return store::transact(db_, TxMode::write, [&](Connection& c) {
    // Ids grow with created_at, so the oldest finished rows go first.
    auto removed = c.execute(
        "DELETE FROM webhook_deliveries WHERE id IN (SELECT id FROM webhook_deliveries WHERE state IN "
        "('delivered', 'failed') AND created_at < $1 ORDER BY id LIMIT $2)",
        {cutoff, std::int64_t{limit}});
    c.execute(
        "DELETE FROM webhook_events WHERE created_at < $1 AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE "
        "d.event_row = webhook_events.id)",
        {cutoff});
    return static_cast<int>(removed.affected_rows);
  });
}

}  // namespace fairlabel::webhooks
