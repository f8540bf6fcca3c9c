#pragma once
//! Whether sanctions in effect stop a user from claiming work.
//!
//! Design: the work service knows nothing of sanctions. The app layer
//! (app/protection_bridge) installs require_good_standing() as the work
//! service's claim guard, so every task claim and review claim asks it
//! first, inside the claim's transaction. It reads the sanctions table
//! itself rather than users.status: the sanction row says why and until
//! when, which the worker is owed, and a project removal is per project,
//! which a single account status cannot say. (users.status is still set by
//! SanctionService for login; the claim path keeps checking it too.)
//!
//! In effect means state `interim` or `confirmed`. A `lapsed` or `refused`
//! sanction stops nothing, so lifting needs no extra step. Earnings are never
//! touched: work already done is judged and paid as usual, and balances go
//! out with the payouts whatever the account's standing (money/payouts.h).

#include <cstdint>

#include "store/database.h"

namespace fairlabel::protection {

//! Throws Error{forbidden, "account_suspended"} when a suspension or
//! deactivation is in effect, and Error{forbidden, "removed_from_project"}
//! when a project removal for `project_id` is; the message says which
//! sanction, why, until when, and that the balance is still paid.
void require_good_standing(store::Connection& c, std::int64_t user_id, std::int64_t project_id);

}  // namespace fairlabel::protection
