#include "money/payouts.h"

#include <sodium.h>

#include <array>
#include <nlohmann/json.hpp>

#include "core/error.h"
#include "money/csv_cell.h"

namespace fairlabel::money {
namespace {

using store::Connection;
using store::Row;
using Json = nlohmann::ordered_json;

constexpr std::array<std::string_view, 3> kProviders = {"paypal", "bank_csv", "mpesa"};
constexpr std::array<std::string_view, 3> kItemStates = {"pending", "succeeded", "failed"};

const char* kItemColumns =
    "id, batch_id, worker_id, currency, amount, recipient_type, receiver, account_holder, state, provider_ref, "
    "failure_reason, result_at";

PayoutItem item_from_row(const Row& r) {
  PayoutItem item;
  item.id = r.integer(0);
  item.batch_id = r.integer(1);
  item.worker_id = r.integer(2);
  item.amount = Money{r.integer(4), Currency::of(r.text(3))};
  item.recipient_type = r.text(5);
  item.receiver = r.text(6);
  item.account_holder = r.text(7);
  for (std::size_t i = 0; i < kItemStates.size(); ++i) {
    if (kItemStates[i] == r.text(8)) item.state = static_cast<PayoutItemState>(i);
  }
  item.provider_ref = r.optional_text(9);
  item.failure_reason = r.optional_text(10);
  item.result_at = r.optional_integer(11);
  return item;
}

std::string base36(std::uint64_t n) {
  std::string out;
  do {
    out.insert(out.begin(), "0123456789abcdefghijklmnopqrstuvwxyz"[n % 36]);
    n /= 36;
  } while (n);
  return out;
}

}  // namespace

std::string_view to_string(PayoutProvider provider) {
  return kProviders[static_cast<std::size_t>(provider)];
}
std::string_view to_string(PayoutItemState state) {
  return kItemStates[static_cast<std::size_t>(state)];
}

PayoutProvider payout_provider_from_string(std::string_view text) {
  for (std::size_t i = 0; i < kProviders.size(); ++i) {
    if (kProviders[i] == text) return static_cast<PayoutProvider>(i);
  }
  throw Error::invalid("invalid_provider",
                       "unknown payout provider \"" + std::string(text) + "\" (paypal, bank_csv or mpesa)");
}

PayoutBatch PayoutService::create_batch(
    Connection& c, PayoutProvider provider, Currency currency, std::int64_t minimum,
    const std::function<std::optional<Recipient>(std::int64_t worker_id)>& recipient_of) const {
  if (minimum < 0) throw Error::invalid("invalid_minimum", "the minimum payout cannot be negative");
  PayoutBatch batch;
  batch.provider = provider;
  batch.currency = currency;
  batch.created_at = clock_.now();
  auto due = c.execute(
      "SELECT owner_id, balance - pending_debits FROM ledger_accounts WHERE owner_kind = 'worker' "
      "AND purpose = 'payable' AND currency = $1 AND balance - pending_debits > 0 ORDER BY owner_id",
      {std::string(currency.code())});
  struct Due {
    std::int64_t worker_id;
    std::int64_t amount;
    Recipient recipient;
  };
  std::vector<Due> payable;
  for (const Row& row : due.rows) {
    std::int64_t worker_id = row.integer(0), available = row.integer(1);
    std::int64_t amount = available;
    if (provider == PayoutProvider::mpesa) amount -= amount % currency.minor_per_major();  // whole units only
    if (amount <= 0 || amount < minimum) {
      batch.deferred.push_back(
          {worker_id, available, "below the minimum payout of " + to_string(Money{minimum, currency})});
      continue;
    }
    std::optional<Recipient> recipient = recipient_of(worker_id);
    if (!recipient || recipient->receiver.empty()) {
      batch.deferred.push_back({worker_id, available, "no payout method for " + std::string(to_string(provider))});
      continue;
    }
    payable.push_back({worker_id, amount, *recipient});
  }
  if (payable.empty()) return batch;

  // The id is known only after the insert; the final sender_batch_id is
  // derived from it (and the time, so a restored database cannot repeat one).
  std::array<unsigned char, 12> nonce;
  randombytes_buf(nonce.data(), nonce.size());
  std::string placeholder = "creating-";
  for (unsigned char b : nonce) placeholder += base36(b);
  batch.id =
      c.execute(
           "INSERT INTO payout_batches (provider, currency, sender_batch_id, created_at) VALUES ($1, $2, $3, $4) "
           "RETURNING id",
           {std::string(to_string(provider)), std::string(currency.code()), placeholder, batch.created_at})
          .single()
          .integer(0);
  batch.sender_batch_id = "fl-" + std::to_string(batch.id) + "-" + base36(static_cast<std::uint64_t>(batch.created_at));
  c.execute("UPDATE payout_batches SET sender_batch_id = $1 WHERE id = $2", {batch.sender_batch_id, batch.id});

  std::int64_t clearing = ledger_.ensure_account(c, {OwnerKind::platform, 0, Purpose::payout_clearing, currency});
  std::vector<TransferRequest> transfers;
  for (const auto& d : payable) {
    PayoutItem item;
    item.batch_id = batch.id;
    item.worker_id = d.worker_id;
    item.amount = Money{d.amount, currency};
    item.recipient_type = d.recipient.recipient_type;
    item.receiver = d.recipient.receiver;
    item.account_holder = d.recipient.name;
    item.id = c.execute(
                   "INSERT INTO payout_items (batch_id, worker_id, currency, amount, recipient_type, receiver, "
                   "account_holder, state) VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending') RETURNING id",
                   {batch.id, d.worker_id, std::string(currency.code()), d.amount, item.recipient_type, item.receiver,
                    item.account_holder})
                  .single()
                  .integer(0);
    Json detail = {{"batch_id", batch.id}, {"provider", to_string(provider)}, {"receiver", item.receiver}};
    transfers.push_back({"payout_item:" + std::to_string(item.id) + ":send",
                         ledger_.ensure_account(c, {OwnerKind::worker, d.worker_id, Purpose::payable, currency}),
                         clearing, d.amount, currency, "payout", Cause{"payout_item", item.id}, detail.dump()});
    batch.items.push_back(std::move(item));
  }
  ledger_.post_batch(c, transfers);
  return batch;
}

PayoutItem PayoutService::record_result(Connection& c, std::int64_t item_id, bool succeeded,
                                        const std::string& provider_ref, const std::string& failure_reason) const {
  if (!succeeded && failure_reason.empty()) {
    throw Error::invalid("validation_failed", "a failed payout needs the provider's reason",
                         {{"/failure_reason", "required"}});
  }
  auto read = [&] {
    auto r = c.execute(std::string("SELECT ") + kItemColumns + " FROM payout_items WHERE id = $1", {item_id});
    if (r.empty()) throw Error::not_found("payout item " + std::to_string(item_id));
    return item_from_row(r.single());
  };
  PayoutItem item = read();
  const PayoutItemState target = succeeded ? PayoutItemState::succeeded : PayoutItemState::failed;
  if (item.state == PayoutItemState::pending) {
    auto claimed = c.execute(
        "UPDATE payout_items SET state = $1, provider_ref = $2, failure_reason = $3, result_at = $4 "
        "WHERE id = $5 AND state = 'pending'",
        {std::string(to_string(target)), provider_ref.empty() ? store::Value(nullptr) : store::Value(provider_ref),
         succeeded ? store::Value(nullptr) : store::Value(failure_reason), clock_.now(), item_id});
    if (claimed.affected_rows == 1) {
      Currency currency = item.amount.currency;
      std::int64_t clearing = ledger_.ensure_account(c, {OwnerKind::platform, 0, Purpose::payout_clearing, currency});
      Cause cause{"payout_item", item_id};
      if (succeeded) {
        auto provider =
            c.execute("SELECT provider FROM payout_batches WHERE id = $1", {item.batch_id}).single().text(0);
        std::int64_t provider_owner = static_cast<std::int64_t>(payout_provider_from_string(provider)) + 1;
        Json detail = {{"batch_id", item.batch_id}, {"provider_ref", provider_ref}};
        ledger_.post(
            c, {"payout_item:" + std::to_string(item_id) + ":paid", clearing,
                ledger_.ensure_account(c, {OwnerKind::external, provider_owner, Purpose::payout_provider, currency}),
                item.amount.minor, currency, "payout_paid", cause, detail.dump()});
      } else {
        Json detail = {{"batch_id", item.batch_id}, {"failure_reason", failure_reason}};
        ledger_.post(c, {"payout_item:" + std::to_string(item_id) + ":returned", clearing,
                         ledger_.ensure_account(c, {OwnerKind::worker, item.worker_id, Purpose::payable, currency}),
                         item.amount.minor, currency, "payout_returned", cause, detail.dump()});
      }
    }
    item = read();
  }
  if (item.state != target) {
    throw Error::conflict(
        "payout_result_conflict",
        "payout item " + std::to_string(item_id) + " was already recorded as " + std::string(to_string(item.state)));
  }
  return item;
}

PayoutBatch PayoutService::get_batch(Connection& c, std::int64_t batch_id) const {
  auto r =
      c.execute("SELECT provider, currency, sender_batch_id, created_at FROM payout_batches WHERE id = $1", {batch_id});
  if (r.empty()) throw Error::not_found("payout batch " + std::to_string(batch_id));
  PayoutBatch batch;
  batch.id = batch_id;
  batch.provider = payout_provider_from_string(r.single().text(0));
  batch.currency = Currency::of(r.single().text(1));
  batch.sender_batch_id = r.single().text(2);
  batch.created_at = r.single().integer(3);
  auto items = c.execute(std::string("SELECT ") + kItemColumns + " FROM payout_items WHERE batch_id = $1 ORDER BY id",
                         {batch_id});
  for (const Row& row : items.rows) batch.items.push_back(item_from_row(row));
  return batch;
}

std::vector<PayoutItem> PayoutService::items_of_worker(Connection& c, std::int64_t worker_id) const {
  auto items = c.execute(std::string("SELECT ") + kItemColumns + " FROM payout_items WHERE worker_id = $1 ORDER BY id",
                         {worker_id});
  std::vector<PayoutItem> out;
  for (const Row& row : items.rows) out.push_back(item_from_row(row));
  return out;
}

std::vector<std::string> paypal_payout_requests(const PayoutBatch& batch, std::size_t max_items) {
  if (max_items == 0 || max_items > kPayPalMaxItemsPerRequest) {
    throw Error::invalid("invalid_split", "a PayPal request takes 1 to 15,000 items");
  }
  std::vector<std::string> requests;
  std::size_t parts = (batch.items.size() + max_items - 1) / max_items;
  for (std::size_t part = 0; part < parts; ++part) {
    Json items = Json::array();
    for (std::size_t i = part * max_items; i < std::min(batch.items.size(), (part + 1) * max_items); ++i) {
      const PayoutItem& item = batch.items[i];
      items.push_back({{"recipient_type", item.recipient_type},
                       {"amount", {{"value", format_amount(item.amount)}, {"currency", item.amount.currency.code()}}},
                       {"receiver", item.receiver},
                       {"note", "fairlabel earnings, payout item " + std::to_string(item.id)},
                       {"sender_item_id", item.sender_item_id()}});
    }
    std::string sender_batch_id =
        parts == 1 ? batch.sender_batch_id : batch.sender_batch_id + "-part-" + std::to_string(part + 1);
    Json body = {{"sender_batch_header",
                  {{"sender_batch_id", sender_batch_id},
                   {"email_subject", "You have a payout from fairlabel"},
                   {"email_message", "Your fairlabel earnings have been sent."}}},
                 {"items", std::move(items)}};
    requests.push_back(body.dump());
  }
  return requests;
}

std::string bank_transfer_csv(const PayoutBatch& batch) {
  std::string out = "reference,worker_id,recipient_type,account_holder,account,amount,currency\r\n";
  for (const auto& item : batch.items) {
    out += csv_cell(item.sender_item_id()) + "," + std::to_string(item.worker_id) + "," +
           csv_cell(item.recipient_type) + "," + csv_cell(item.account_holder) + "," + csv_cell(item.receiver) + "," +
           format_amount(item.amount) + "," + std::string(item.amount.currency.code()) + "\r\n";
  }
  return out;
}

std::string mpesa_b2c_csv(const PayoutBatch& batch) {
  std::string out = "MSISDN,Amount,Reference\r\n";
  for (const auto& item : batch.items) {
    // create_batch made M-Pesa amounts whole units; refuse anything else.
    if (item.amount.minor % item.amount.currency.minor_per_major() != 0) {
      throw Error::invalid("invalid_amount", "M-Pesa pays whole units only (item " + std::to_string(item.id) + ")");
    }
    out += csv_cell(item.receiver) + "," + std::to_string(item.amount.minor / item.amount.currency.minor_per_major()) +
           "," + csv_cell(item.sender_item_id()) + "\r\n";
  }
  return out;
}

}  // namespace fairlabel::money
