#pragma once
//! Recording events into the webhook outbox, inside the transaction of
//! their cause (see webhooks.h for the guarantees and the event types).
//!
//! The body every delivery of an event carries (the same bytes on every
//! attempt):
//!
//!   {"id": "evt_<32 hex>", "type": "task.completed",
//!    "created_at": "2026-11-29T12:00:00.000Z", "project_id": 7,
//!    "data": {…}}
//!
//! `data` per type:
//!  - task.completed: task_id, result (the aggregated result, as exports
//!    give it), confidence (0..1);
//!  - batch.completed: tasks (ordinary tasks of the project, all complete),
//!    last_task_id (the task whose completion finished the batch);
//!  - payout.sent: payout_batch_id, payout_item_id, worker (the worker's
//!    pseudonym in this project, as in exports), currency, paid_at,
//!    answers (their paid answers on the project that this payout covers:
//!    recorded after their previous paid payout and before this batch);
//!  - webhook.test: webhook_id, message.

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "store/database.h"

namespace fairlabel::webhooks {

//! Records event `type` of the project, caused by `source_key` (unique per
//! cause, e.g. "task:12:completed"), and queues a delivery, due now, for
//! every active subscription of the project that chose the type. Nothing is
//! written when none did, or when the cause was recorded before. Returns
//! the event id when recorded. Needs a write transaction.
std::optional<std::string> record_event(store::Connection& c, std::int64_t project_id, const std::string& type,
                                        const std::string& source_key, const nlohmann::json& data, Timestamp now);

//! A task's result became final: task.completed, and batch.completed if it
//! was the project's last open ordinary task. Call in the completing
//! transaction (PostgreSQL: takes the project row's lock before counting,
//! so that two last tasks completing at once cannot both miss the batch).
void task_completed(store::Connection& c, std::int64_t project_id, std::int64_t task_id,
                    const nlohmann::json& result, std::int64_t confidence_ppm, Timestamp now);

//! A payout item was recorded paid: payout.sent for each project with
//! paid work of the worker it covers. Call in the recording transaction;
//! calling again for the same item records nothing new.
void payout_item_paid(store::Connection& c, std::int64_t payout_item_id, Timestamp now);

}  // namespace fairlabel::webhooks
