#pragma once
//! Project webhooks: a requester's systems hear about their project's
//! events as signed HTTP POSTs, delivered at least once, retried with
//! backoff, with a delivery log they can read.
//!
//! Events (event_types(); the JSON body of each is described in README.md):
//!  - task.completed   a task's result became final (aggregated from its
//!                     accepted answers: work/task_results.h);
//!  - batch.completed  every ordinary (non-gold) task of the project is
//!                     complete. fairlabel has no import batches of its own:
//!                     the batch is the project's set of tasks, so this fires
//!                     each time the last open task completes — again after
//!                     more tasks are added and completed;
//!  - payout.sent      a payout item was recorded paid by the provider, for
//!                     a worker with paid work on the project since their
//!                     previous paid payout: one event per (item, project).
//!                     Carries the worker's project pseudonym (as in
//!                     exports), the batch, the date and how many of their
//!                     answers on the project it covers — no name, email,
//!                     receiver or amount (the amount mixes every project
//!                     the worker was paid for);
//!  - webhook.test     sent on request to one subscription ("send test").
//!
//! Guarantees:
//!  - the outbox: an event and its deliveries are written by
//!    record_event() (events.h) in the transaction of their cause — the
//!    acceptance that completes a task, the recording of a payout result —
//!    so an event that committed is never lost (kill -9 included), and one
//!    that rolled back is never sent. An event is recorded once per cause
//!    (its source key), whoever reports it how often;
//!  - a delivery is taken by exactly one server process (a conditional
//!    UPDATE of its state, as claims are taken), and the network I/O runs
//!    outside any transaction. A process that dies while sending leaves
//!    the delivery `sending` until its lease (kSendLeaseUs) ends; it is then
//!    due again — so receivers see at-least-once delivery and must
//!    deduplicate on the event id (the body's "id", also in
//!    Fairlabel-Event-Id);
//!  - 2xx is delivered; anything else (other statuses, redirects, refused
//!    connections, timeouts, TLS errors, addresses refused as private) is
//!    retried after kRetryDelaysUs (1 min, 5 min, 30 min, 2 h, 8 h, 12 h:
//!    7 attempts over 22 h 36 min), then the delivery is `failed` and stays
//!    in the log; a requester may redeliver it (attempts start again);
//!  - a paused subscription gets no new events, and its queued deliveries
//!    wait (they go out once it is resumed). Deleting one drops its queue.
//!    A delivery goes to the subscription's URL at the time it is sent;
//!  - no ordering: deliveries are sent oldest due first, but retries and
//!    several servers interleave them (the body's created_at orders events);
//!  - all timing comes from the injected Clock.
//! Retention: events and delivery rows are kept; no job deletes old ones yet.
//!
//! Access (every entry point checks the caller, like the rest of a
//! project): the project organisation's requesters and admins manage
//! subscriptions; they, and auditors, read them and the delivery log. The
//! secret is returned once, by create(); it is stored (the server signs
//! with it), so treat the database as holding it. Signing: signature.h.
//! Target URLs and private addresses (SSRF): target_url.h.

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "accounts/roles.h"
#include "core/clock.h"
#include "core/error.h"
#include "store/database.h"

namespace fairlabel::webhooks {

inline constexpr const char* kTaskCompleted = "task.completed";
inline constexpr const char* kBatchCompleted = "batch.completed";
inline constexpr const char* kPayoutSent = "payout.sent";
inline constexpr const char* kWebhookTest = "webhook.test";

//! The event types a subscription may choose (webhook.test is sent on
//! request only, whatever was chosen).
const std::vector<std::string>& event_types();

//! Delay before attempt n+2 after attempt n+1 failed; after the last
//! attempt (kMaxAttempts) fails the delivery is `failed`.
inline constexpr std::array<std::int64_t, 6> kRetryDelaysUs = {
    1 * kMicrosPerMinute, 5 * kMicrosPerMinute, 30 * kMicrosPerMinute,
    2 * kMicrosPerHour,   8 * kMicrosPerHour,   12 * kMicrosPerHour};
inline constexpr int kMaxAttempts = static_cast<int>(kRetryDelaysUs.size()) + 1;
//! How long the delivery log keeps a finished (delivered or failed)
//! delivery: 30 days, then purge_finished() forgets it, and an event once
//! none of its deliveries is left. Pending ones are never purged.
inline constexpr std::int64_t kDeliveryRetentionUs = 30 * kMicrosPerDay;
//! How long a taken delivery belongs to the process sending it.
inline constexpr std::int64_t kSendLeaseUs = 2 * kMicrosPerMinute;
//! Subscriptions per project.
inline constexpr int kMaxSubscriptionsPerProject = 10;
//! The longest a rotated-out secret keeps signing: a week.
inline constexpr int kMaxPreviousSecretHours = 168;

struct WebhookPolicy {
  //! Lets targets resolve to loopback/private/link-local addresses
  //! (`serve --webhooks-allow-private`; tests on 127.0.0.1).
  bool allow_private = false;
  //! Overall deadline of one POST (connect, TLS, send, answer).
  std::chrono::milliseconds timeout{10'000};
  //! Deliveries taken by one deliver_due() call.
  int batch_limit = 20;
  //! A PEM file of CA certificates trusted for https targets besides the
  //! system's (a private CA's receivers; tests). "" for none.
  std::string extra_ca_file;
};

struct Subscription {
  std::int64_t id = 0;
  std::int64_t project_id = 0;
  std::string url;
  std::vector<std::string> events;
  bool active = true;
  std::string description;
  std::int64_t created_by = 0;
  Timestamp created_at = 0, updated_at = 0;
  std::optional<std::string> secret;  //!< only in what create() and rotate_secret() return
  //! After a rotation: until when the previous secret signs beside the new
  //! one (a past time: it no longer does; nullopt: there is none).
  std::optional<Timestamp> previous_secret_until;
};

struct NewSubscription {
  std::string url;
  std::vector<std::string> events;
  std::string description;
  bool active = true;
};

struct SubscriptionUpdate {
  std::optional<std::string> url;
  std::optional<std::vector<std::string>> events;
  std::optional<bool> active;
  std::optional<std::string> description;
};

//! One line of the delivery log.
struct Delivery {
  std::int64_t id = 0;
  std::int64_t subscription_id = 0;
  std::string event_id;    //!< "evt_…": the receiver's idempotency key
  std::string event_type;
  std::string state;       //!< pending, sending, delivered, failed
  int attempts = 0;
  Timestamp created_at = 0;
  std::optional<Timestamp> next_attempt_at;  //!< when pending
  std::optional<Timestamp> last_attempt_at;
  std::optional<int> last_status;            //!< the receiver's HTTP status
  std::optional<std::string> last_error;
  std::optional<Timestamp> delivered_at;
};

//! What one deliver_due() call did.
struct DeliveryRun {
  int delivered = 0;
  int retrying = 0;  //!< failed attempts with another one scheduled
  int failed = 0;    //!< deliveries that used their last attempt
  int reclaimed = 0; //!< `sending` deliveries whose sender's lease ran out
};

class WebhookService {
 public:
  WebhookService(store::Database& db, const Clock& clock, WebhookPolicy policy)
      : db_(db), clock_(clock), policy_(policy) {}

  //! Errors: not_found (project not visible), forbidden (may not manage),
  //! validation_failed (/url, /events, /description), conflict
  //! "too_many_webhooks". The result carries the secret, this once.
  Subscription create(const accounts::Principal& caller, std::int64_t project_id, const NewSubscription& input);
  std::vector<Subscription> list(const accounts::Principal& caller, std::int64_t project_id);
  Subscription update(const accounts::Principal& caller, std::int64_t project_id, std::int64_t webhook_id,
                      const SubscriptionUpdate& update);
  void remove(const accounts::Principal& caller, std::int64_t project_id, std::int64_t webhook_id);
  //! Replaces the signing secret and returns the new one, this once. The
  //! replaced secret keeps signing beside it for `previous_valid_hours`
  //! (0..kMaxPreviousSecretHours; 0 drops it at once), so receivers can
  //! switch without refusing deliveries; a secret older than that is gone.
  //! Errors as update(); validation_failed (/previous_valid_hours).
  Subscription rotate_secret(const accounts::Principal& caller, std::int64_t project_id, std::int64_t webhook_id,
                             std::int64_t previous_valid_hours);
  //! Queues a webhook.test delivery to this subscription, due now.
  //! Error{conflict, "webhook_paused"} for a paused one.
  Delivery send_test(const accounts::Principal& caller, std::int64_t project_id, std::int64_t webhook_id);
  //! The subscription's deliveries, newest first (limit 1..200).
  std::vector<Delivery> deliveries(const accounts::Principal& caller, std::int64_t project_id,
                                   std::int64_t webhook_id, int limit);
  //! A failed delivery is due again now, with its attempts counted afresh.
  //! Error{conflict, "delivery_not_failed"} otherwise.
  Delivery redeliver(const accounts::Principal& caller, std::int64_t project_id, std::int64_t webhook_id,
                     std::int64_t delivery_id);

  //! Sends what is due at the clock's now (at most policy.batch_limit),
  //! one at a time, each taken in its own short transaction and its result
  //! recorded in another. Called by the application's periodic job.
  DeliveryRun deliver_due();

  //! Deletes at most `limit` finished deliveries created more than
  //! kDeliveryRetentionUs before the clock's now, then the events left
  //! without deliveries that are as old; returns the deliveries deleted.
  //! The application calls it about once an hour (run_deadlines).
  int purge_finished(int limit = 10000);

 private:
  void check_target(const std::string& url, Validation& v) const;

  store::Database& db_;
  const Clock& clock_;
  WebhookPolicy policy_;
};

}  // namespace fairlabel::webhooks
