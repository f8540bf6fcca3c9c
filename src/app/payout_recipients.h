#pragma once
//! Where a worker is paid: read from their profile's payout_method.
//!
//! A worker is paid through a provider when their payout_method is a JSON
//! object naming it: {"provider": "paypal", "recipient_type": "EMAIL",
//! "receiver": "maria@example.org"}; "bank_csv" and "mpesa" likewise
//! (recipient_type defaults to EMAIL, BANK and MSISDN). The account's status
//! is deliberately not consulted: a deactivated or banned worker is paid
//! what they earned like anyone else (money/payouts.h).
#include <cstdint>
#include <optional>

#include "money/payouts.h"
#include "store/database.h"

namespace fairlabel::app {

//! The recipient of `worker_id` for `provider`, or std::nullopt when their
//! profile names no method for it (the payout is then deferred).
std::optional<money::Recipient> recipient_from_profile(store::Connection& c, std::int64_t worker_id,
                                                       money::PayoutProvider provider);

}  // namespace fairlabel::app
