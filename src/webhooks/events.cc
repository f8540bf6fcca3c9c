#include "webhooks/events.h"

#include "core/random.h"
#include "exporting/pseudonyms.h"
#include "webhooks/webhooks.h"

namespace fairlabel::webhooks {
namespace {

using nlohmann::json;
using store::Connection;

bool has_active_subscription(Connection& c, std::int64_t project_id) {
  return !c.execute("SELECT 1 FROM webhook_subscriptions WHERE project_id = $1 AND active = 1 LIMIT 1", {project_id})
              .empty();
}

}  // namespace

std::optional<std::string> record_event(Connection& c, std::int64_t project_id, const std::string& type,
                                        const std::string& source_key, const json& data, Timestamp now) {
  std::vector<std::int64_t> subscribers;
  auto subs = c.execute("SELECT id, events FROM webhook_subscriptions WHERE project_id = $1 AND active = 1 ORDER BY id",
                        {project_id});
  for (const auto& row : subs.rows) {
    auto chosen = json::parse(row.text(1), nullptr, false);
    if (!chosen.is_array()) continue;
    for (const auto& e : chosen) {
      if (e.is_string() && e.get<std::string>() == type) subscribers.push_back(row.integer(0));
    }
  }
  if (subscribers.empty()) return std::nullopt;
  const std::string event_id = "evt_" + hex_encode(secure_random_bytes(16));
  const json body = {{"id", event_id},
                     {"type", type},
                     {"created_at", format_rfc3339(now)},
                     {"project_id", project_id},
                     {"data", data}};
  auto inserted = c.execute(
      "INSERT INTO webhook_events (event_id, source_key, project_id, type, body, created_at) "
      "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (source_key) DO NOTHING RETURNING id",
      {event_id, source_key, project_id, type, body.dump(), now});
  if (inserted.empty()) return std::nullopt;  // this cause was recorded before
  const std::int64_t event_row = inserted.single().integer(0);
  for (auto subscription_id : subscribers) {
    c.execute(
        "INSERT INTO webhook_deliveries (subscription_id, event_row, project_id, state, attempts, next_attempt_at, "
        "created_at) VALUES ($1, $2, $3, 'pending', 0, $4, $4)",
        {subscription_id, event_row, project_id, now});
  }
  return event_id;
}

void task_completed(Connection& c, std::int64_t project_id, std::int64_t task_id, const json& result,
                    std::int64_t confidence_ppm, Timestamp now) {
  // Projects without webhooks pay one indexed lookup, and no lock.
  if (!has_active_subscription(c, project_id)) return;
  record_event(c, project_id, kTaskCompleted, "task:" + std::to_string(task_id) + ":completed",
               {{"task_id", task_id},
                {"result", result},
                {"confidence", static_cast<double>(confidence_ppm) / 1'000'000.0}},
               now);
  if (c.dialect() == store::Dialect::postgres) {
    // Serialises the completions of one project's tasks from here to commit:
    // the second of two concurrent last completions counts after the first
    // committed (read committed: a new snapshot per statement) and sees 0.
    c.execute("SELECT id FROM projects WHERE id = $1 FOR NO KEY UPDATE", {project_id});
  }
  auto open = c.execute("SELECT 1 FROM tasks WHERE project_id = $1 AND status = 'open' AND gold IS NULL LIMIT 1",
                        {project_id});
  if (!open.empty()) return;
  auto tasks =
      c.execute("SELECT COUNT(*) FROM tasks WHERE project_id = $1 AND gold IS NULL", {project_id}).single().integer(0);
  record_event(c, project_id, kBatchCompleted,
               "project:" + std::to_string(project_id) + ":batch_completed_by:" + std::to_string(task_id),
               {{"tasks", tasks}, {"last_task_id", task_id}}, now);
}

void payout_item_paid(Connection& c, std::int64_t payout_item_id, Timestamp now) {
  auto item = c.execute(
      "SELECT i.worker_id, i.currency, i.state, i.result_at, b.id, b.created_at FROM payout_items i "
      "JOIN payout_batches b ON b.id = i.batch_id WHERE i.id = $1",
      {payout_item_id});
  if (item.empty() || item.single().text(2) != "succeeded") return;
  const auto& row = item.single();
  const std::int64_t worker_id = row.integer(0);
  const std::string currency = row.text(1);
  const Timestamp paid_at = row.optional_integer(3).value_or(now);
  const std::int64_t batch_id = row.integer(4);
  const Timestamp batch_created = row.integer(5);
  // The work this payout covers: paid entries recorded after the worker's
  // previous paid payout's batch was made, up to this batch.
  auto previous = c.execute(
      "SELECT MAX(b.created_at) FROM payout_items i JOIN payout_batches b ON b.id = i.batch_id "
      "WHERE i.worker_id = $1 AND i.currency = $2 AND i.state = 'succeeded' AND b.created_at < $3",
      {worker_id, currency, batch_created});
  const Timestamp since = previous.single().optional_integer(0).value_or(0);
  auto projects = c.execute(
      "SELECT project_id, COUNT(*) FROM pay_time_entries WHERE worker_id = $1 AND currency = $2 AND net_pay > 0 "
      "AND occurred_at > $3 AND occurred_at <= $4 GROUP BY project_id ORDER BY project_id",
      {worker_id, currency, since, batch_created});
  for (const auto& p : projects.rows) {
    const std::int64_t project_id = p.integer(0);
    if (!has_active_subscription(c, project_id)) continue;
    record_event(c, project_id, kPayoutSent,
                 "payout_item:" + std::to_string(payout_item_id) + ":project:" + std::to_string(project_id),
                 {{"payout_batch_id", batch_id},
                  {"payout_item_id", payout_item_id},
                  {"worker", exporting::pseudonym(exporting::pseudonym_secret(c, project_id), worker_id)},
                  {"currency", currency},
                  {"paid_at", format_rfc3339(paid_at)},
                  {"answers", p.integer(1)}},
                 now);
  }
}

}  // namespace fairlabel::webhooks
