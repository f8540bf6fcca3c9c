#include "protection/notifications.h"

#include "money/money.h"

namespace fairlabel::protection {

void notify(store::Connection& c, Timestamp now, std::int64_t user_id, const std::string& kind,
            const std::string& subject, nlohmann::json body) {
  auto lang = c.execute("SELECT language FROM users WHERE id = $1", {user_id});
  std::string language = lang.empty() ? "en" : lang.single().text(0);
  c.execute(
      "INSERT INTO notifications (user_id, kind, subject, language, body, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
      {user_id, kind, subject, language, body.dump(), now});
}

void notify_admins(store::Connection& c, Timestamp now, const std::string& kind, const std::string& subject,
                   const nlohmann::json& body) {
  auto admins = c.execute("SELECT user_id FROM user_roles WHERE role = 'admin' ORDER BY user_id");
  for (const auto& row : admins.rows) notify(c, now, row.integer(0), kind, subject, body);
}

std::vector<Notification> notifications_of(store::Connection& c, const money::Ledger& ledger, std::int64_t user_id,
                                           int limit) {
  std::vector<Notification> out;
  auto rows = c.execute(
      "SELECT id, user_id, kind, subject, language, body, created_at FROM notifications WHERE user_id = $1 "
      "ORDER BY id DESC LIMIT $2",
      {user_id, static_cast<std::int64_t>(limit)});
  for (const auto& r : rows.rows) {
    out.push_back(
        {r.integer(0), r.integer(1), r.text(2), r.text(3), r.text(4), nlohmann::json::parse(r.text(5)), r.integer(6)});
  }
  auto lang = c.execute("SELECT language FROM users WHERE id = $1", {user_id});
  std::string language = lang.empty() ? "en" : lang.single().text(0);
  for (const auto& hold : ledger.holds_of_worker(c, user_id)) {
    if (hold.state != money::HoldState::pending) continue;
    auto amount = money::format_amount({hold.pending.amount, hold.pending.currency});
    nlohmann::json body = {
        {"message", amount + " " + std::string(hold.pending.currency.code()) + " is held (" + hold.hold_reason +
                        ") and will be paid on " + format_rfc3339(hold.release_at) +
                        " unless a recorded decision voids it first"},
        {"hold_id", hold.pending.id},
        {"amount_minor", hold.pending.amount},
        {"currency", std::string(hold.pending.currency.code())},
        {"reason", hold.hold_reason},
        {"will_be_paid_at", format_rfc3339(hold.release_at)}};
    out.push_back({0, user_id, "payment_held", "hold:" + std::to_string(hold.pending.id), language, body,
                   hold.pending.created_at});
  }
  return out;
}

}  // namespace fairlabel::protection
