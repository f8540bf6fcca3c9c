#pragma once
//! Payouts: moving what workers are owed out of the platform, per provider.
//!
//! Money path: worker payable → payout clearing (when the batch is made) →
//! the provider's external account (when the provider reports the item
//! paid), or back to the worker's payable (when it reports a failure).
//!
//! Guarantees:
//!  - a batch pays each worker's whole available payable balance in the
//!    currency, whoever they are: a deactivated or banned worker is paid
//!    like anyone else — the caller's recipient lookup must not filter them;
//!  - below the minimum payout (or without a payout method for the
//!    provider) a balance is deferred to a later batch, never forfeited —
//!    nothing expires;
//!  - an item result is recorded once: repeating the same result is a
//!    no-op, a contradicting one (paid after failed) is
//!    Error{conflict, "payout_result_conflict"} for a person to resolve;
//!    a failed item's money is back in payable and goes out in a later
//!    batch as a NEW item, so a retry never pays twice;
//!  - sender_batch_id is derived from the batch id and its creation time,
//!    so it is never reused; resubmitting the same batch file reuses the
//!    same ids, which providers deduplicate.
//!
//! Adapters (pure functions of a batch) write what each provider takes:
//! the PayPal Payouts API request body (at most 15,000 items per request;
//! more are split into numbered requests), a generic bank/e-wallet CSV, and
//! an M-Pesa B2C bulk CSV (whole shillings only: the cents stay in the
//! worker's balance for a later batch).

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "money/ledger.h"
#include "store/database.h"

namespace fairlabel::money {

enum class PayoutProvider { paypal, bank_csv, mpesa };
std::string_view to_string(PayoutProvider provider);
PayoutProvider payout_provider_from_string(std::string_view text);  //!< throws Error{invalid_input}

//! Where one worker is paid. PayPal: recipient_type EMAIL, PHONE or
//! PAYPAL_ID and the receiver. Bank/e-wallet: "BANK" or "EWALLET" and
//! "institution:account". M-Pesa: "MSISDN" and the phone number (2547…).
struct Recipient {
  std::string recipient_type;
  std::string receiver;
  std::string name;  //!< account holder's name, for bank files
};

enum class PayoutItemState { pending, succeeded, failed };
std::string_view to_string(PayoutItemState state);

struct PayoutItem {
  std::int64_t id = 0;
  std::int64_t batch_id = 0;
  std::int64_t worker_id = 0;
  Money amount;
  std::string recipient_type;
  std::string receiver;
  std::string account_holder;
  PayoutItemState state = PayoutItemState::pending;
  std::optional<std::string> provider_ref;
  std::optional<std::string> failure_reason;
  std::optional<Timestamp> result_at;
  std::string sender_item_id() const { return "fl-item-" + std::to_string(id); }
};

struct Deferral {
  std::int64_t worker_id = 0;
  std::int64_t available = 0;
  std::string reason;
};

struct PayoutBatch {
  std::int64_t id = 0;  //!< 0 when nothing was due (no batch was recorded)
  PayoutProvider provider = PayoutProvider::paypal;
  Currency currency;
  std::string sender_batch_id;
  Timestamp created_at = 0;
  std::vector<PayoutItem> items;
  std::vector<Deferral> deferred;  //!< only from create_batch
};

class PayoutService {
 public:
  PayoutService(const Ledger& ledger, const Clock& clock) : ledger_(ledger), clock_(clock) {}

  //! Makes a batch of every worker with a positive available payable
  //! balance in `currency` at least `minimum` (minor units) and a recipient
  //! for `provider`; moves each amount to payout clearing.
  //! Run one batch per currency at a time: a concurrent one fails with
  //! Error{precondition, "insufficient_funds"} and moves nothing.
  PayoutBatch create_batch(store::Connection& c, PayoutProvider provider, Currency currency, std::int64_t minimum,
                           const std::function<std::optional<Recipient>(std::int64_t worker_id)>& recipient_of) const;

  //! Records the provider's result for one item (see the guarantees above).
  //! A failure needs a reason.
  PayoutItem record_result(store::Connection& c, std::int64_t item_id, bool succeeded, const std::string& provider_ref,
                           const std::string& failure_reason) const;

  PayoutBatch get_batch(store::Connection& c, std::int64_t batch_id) const;
  std::vector<PayoutItem> items_of_worker(store::Connection& c, std::int64_t worker_id) const;

 private:
  const Ledger& ledger_;
  const Clock& clock_;
};

//! Maximum items in one PayPal Payouts API request.
inline constexpr std::size_t kPayPalMaxItemsPerRequest = 15'000;

//! The PayPal Payouts API request bodies (POST /v1/payments/payouts) for a
//! batch, as JSON text, at most `max_items` items each. With one request
//! the sender_batch_id is the batch's; with several, "-part-N" is appended.
std::vector<std::string> paypal_payout_requests(const PayoutBatch& batch,
                                                std::size_t max_items = kPayPalMaxItemsPerRequest);

//! Generic bank/e-wallet transfer file: a header line, then one line per
//! item: reference,worker_id,recipient_type,account_holder,account,amount,currency.
std::string bank_transfer_csv(const PayoutBatch& batch);

//! M-Pesa B2C bulk payment file: MSISDN,Amount,Reference (whole units).
std::string mpesa_b2c_csv(const PayoutBatch& batch);

}  // namespace fairlabel::money
