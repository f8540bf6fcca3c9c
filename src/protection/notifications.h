#pragma once
//! Per-worker notifications for every event that touches their pay or
//! standing (disputes, sanctions, holds decided by a dispute), and payment
//! notices generated from the ledger (what is held, how much, why, and the
//! date it will be paid).
//!
//! Stored notifications are written in the transaction of the event they
//! report, in the recipient's language setting (the structured fields are
//! what a client localises; `message` is the English text).

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/clock.h"
#include "money/ledger.h"
#include "store/database.h"

namespace fairlabel::protection {

struct Notification {
  std::int64_t id = 0;  //!< 0 for notices generated from the ledger
  std::int64_t user_id = 0;
  std::string kind;     //!< "dispute_decided", "sanction_proposed", "payment_held", …
  std::string subject;  //!< "dispute:4"
  std::string language;
  nlohmann::json body;  //!< {"message": "...", …facts}
  Timestamp created_at = 0;
};

//! Records a notification for `user_id` (their language is looked up).
void notify(store::Connection& c, Timestamp now, std::int64_t user_id, const std::string& kind,
            const std::string& subject, nlohmann::json body);

//! Notifies every admin (escalations).
void notify_admins(store::Connection& c, Timestamp now, const std::string& kind, const std::string& subject,
                   const nlohmann::json& body);

//! The user's stored notifications, newest first (at most `limit`), followed
//! by a payment notice for each of their pending holds, built from the ledger.
std::vector<Notification> notifications_of(store::Connection& c, const money::Ledger& ledger, std::int64_t user_id,
                                           int limit);

}  // namespace fairlabel::protection
