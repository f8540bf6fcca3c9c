#include "app/payout_recipients.h"

#include <nlohmann/json.hpp>

namespace fairlabel::app {

std::optional<money::Recipient> recipient_from_profile(store::Connection& c, std::int64_t worker_id,
                                                       money::PayoutProvider provider) {
  auto r = c.execute("SELECT payout_method, display_name FROM users WHERE id = $1", {worker_id});
  if (r.empty() || r.single().is_null(0)) return std::nullopt;
  auto method = nlohmann::json::parse(r.single().text(0), nullptr, false);
  if (!method.is_object() || method.value("provider", "") != money::to_string(provider)) return std::nullopt;
  if (!method.contains("receiver") || !method["receiver"].is_string()) return std::nullopt;
  const char* default_type = provider == money::PayoutProvider::paypal     ? "EMAIL"
                             : provider == money::PayoutProvider::bank_csv ? "BANK"
                                                                           : "MSISDN";
  return money::Recipient{method.value("recipient_type", default_type), method["receiver"].get<std::string>(),
                          r.single().text(1)};
}

}  // namespace fairlabel::app
