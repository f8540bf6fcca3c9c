#pragma once
//! The double-entry ledger: accounts, immutable transfers, holds, invariants.
//!
//! Accounts are keyed by (owner kind, owner id, purpose, currency), e.g.
//! (project 7, escrow, USD) or (worker 42, payable, PHP). Each stores
//!   balance          = posted credits − posted debits,
//!   pending_debits   = amounts held (pending) leaving the account,
//!   pending_credits  = amounts held coming in,
//! and available = balance − pending_debits.
//!
//! A transfer moves a positive amount of one currency from a debit account to
//! a credit account of that currency. Kinds:
//!   posted        moves the balance at once;
//!   pending       a hold: reserves the amount (pending_debits/credits);
//!   post_pending  resolves a hold by moving its full amount (the worker is paid);
//!   void_pending  resolves a hold by releasing the reservation.
//! A hold carries a worker-visible reason and a release deadline. At the
//! deadline release_due_holds() POSTS it — silence pays the worker — unless
//! void_hold() was called earlier with who decided and why (that decision
//! is stored on the hold and shown to the worker; it is appealable).
//!
//! Invariants (enforced when writing, and re-checked from the raw rows by
//! verify()):
//!  1. every transfer balances: one amount, two different accounts, both of
//!     the transfer's currency, amount > 0;
//!  2. per currency, the balances of all accounts sum to zero, and so do
//!     pending debits against pending credits;
//!  3. accounts flagged non-negative (escrow, payable, platform fee, payout
//!     clearing) never have available < 0 — the write is refused with
//!     Error{precondition, "insufficient_funds"} and the database CHECK
//!     refuses it again;
//!  4. transfers never change: the database refuses UPDATE/DELETE on them
//!     (triggers) and each row carries a digest of its body that verify()
//!     recomputes; stored balances must equal the sums of the transfers;
//!  5. a transfer key (idempotency id) posts at most once: posting the same
//!     key again with the same body returns the first transfer and changes
//!     nothing; a different body under the same key is
//!     Error{conflict, "transfer_key_conflict"}. A hold is resolved at most
//!     once.
//!
//! Transactions: every function takes a store::Connection& inside the
//! caller's open write transaction, so that e.g. the work pipeline can
//! accept a submission and pay for it atomically. On any Error the caller
//! must roll the transaction back (store::transact does); nothing is then
//! half-written. Thread safety: a Ledger holds no mutable state and may be
//! shared; concurrent transactions are serialised by the database (row
//! locks on accounts; SQLite's single writer).

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/clock.h"
#include "money/money.h"
#include "store/database.h"

namespace fairlabel::money {

enum class OwnerKind { worker, project, org, platform, external };

//! What an account is for. Which may go negative is fixed per purpose:
//! funding_source, payout_provider (mirrors of money outside the platform)
//! and floor_fund (the platform advances top-ups a project's escrow cannot
//! cover, and recovers them from the requester) may; all others may not.
enum class Purpose {
  escrow,           //!< a project's funded money not yet paid (owner: project)
  payable,          //!< what the platform owes a worker (owner: worker)
  platform_fee,     //!< fees earned by the platform (owner: platform 0)
  floor_fund,       //!< wage-floor top-ups advanced by the platform (owner: platform 0)
  payout_clearing,  //!< money on its way to a payout provider (owner: platform 0)
  funding_source,   //!< external: requester deposits come from here (owner: org or platform)
  payout_provider,  //!< external: money paid out through a provider (owner: external <provider id>)
};

std::string_view to_string(OwnerKind kind);
std::string_view to_string(Purpose purpose);
OwnerKind owner_kind_from_string(std::string_view text);  //!< throws Error{invalid_input}
Purpose purpose_from_string(std::string_view text);       //!< throws Error{invalid_input}
bool is_non_negative(Purpose purpose);

struct AccountKey {
  OwnerKind owner_kind;
  std::int64_t owner_id;
  Purpose purpose;
  Currency currency;
};

struct Account {
  std::int64_t id = 0;
  AccountKey key;
  std::int64_t balance = 0;
  std::int64_t pending_debits = 0;
  std::int64_t pending_credits = 0;
  std::int64_t available() const { return balance - pending_debits; }
};

enum class TransferKind { posted, pending, post_pending, void_pending };
std::string_view to_string(TransferKind kind);

//! The record that caused a transfer: ("assignment", 12), ("review", 5),
//! ("payout_item", 9), ("deposit", 3) ...
struct Cause {
  std::string kind;
  std::int64_t id = 0;
};

//! What to post. `key` is the idempotency id; choose it from the cause so a
//! retry produces the same key ("accept:assignment:12").
struct TransferRequest {
  std::string key;
  std::int64_t debit_account = 0;
  std::int64_t credit_account = 0;
  std::int64_t amount = 0;  //!< minor units, > 0
  Currency currency;
  std::string reason;         //!< reason code, e.g. "piece_rate", "floor_topup"
  Cause cause;
  std::string detail = "{}";  //!< JSON object of facts shown on statements
};

struct Transfer {
  std::int64_t id = 0;
  std::string key;
  TransferKind kind = TransferKind::posted;
  std::int64_t debit_account = 0;
  std::int64_t credit_account = 0;
  std::int64_t amount = 0;
  Currency currency;
  std::string reason;
  Cause cause;
  std::optional<std::int64_t> pending_id;  //!< for post_pending / void_pending: the hold
  std::string detail;
  Timestamp created_at = 0;
};

enum class HoldState { pending, posted, voided };
std::string_view to_string(HoldState state);

struct Hold {
  Transfer pending;  //!< the pending transfer (its id is the hold's id)
  std::optional<std::int64_t> worker_id;
  std::string hold_reason;
  Timestamp release_at = 0;
  HoldState state = HoldState::pending;
  std::optional<Timestamp> resolved_at;
  std::optional<std::int64_t> resolution_transfer;
  std::optional<std::int64_t> decided_by;       //!< who voided or released early; none: the deadline
  std::optional<std::string> decision_reason;
};

//! One broken invariant and the rows that break it (rendered as text).
struct Violation {
  std::string invariant;  //!< "transfer_balances", "currency_sum_zero", "non_negative", "balance_matches_transfers", "transfer_unchanged", "hold_consistent"
  std::string message;
  std::vector<std::string> rows;
};

class Ledger {
 public:
  explicit Ledger(const Clock& clock) : clock_(clock) {}

  //! The id of the account with this key, creating it (balance 0) if absent.
  std::int64_t ensure_account(store::Connection& connection, const AccountKey& key) const;
  std::optional<Account> find_account(store::Connection& connection, const AccountKey& key) const;
  //! Every account of one owner (all purposes and currencies), by id.
  std::vector<Account> accounts_of_owner(store::Connection& connection, OwnerKind kind, std::int64_t owner_id) const;
  //! Throws Error{not_found} if there is no such account.
  Account account(store::Connection& connection, std::int64_t id) const;

  //! Posts a transfer at once (kind posted). Idempotent by key (see 5).
  //! Throws Error{invalid_input} for a bad request (amount <= 0, same
  //! account twice, an account of another currency or missing),
  //! Error{precondition, "insufficient_funds"}, Error{conflict,
  //! "transfer_key_conflict"}.
  Transfer post(store::Connection& connection, const TransferRequest& request) const;

  //! Posts many transfers (kind posted) in one go, for bulk work (period
  //! closes, payouts, imports): each is inserted as by post(), but the
  //! balance changes are summed per account and applied once per account.
  //! The funds check applies to each account's net change: the batch runs in
  //! one transaction, so no intermediate state is ever visible. Same errors
  //! as post(); on any error nothing of the batch may be committed.
  //! Returns the transfers in request order; their ids follow account order
  //! (credit account, then debit account; the batch shares one created_at),
  //! because inserting rows grouped by account touches far fewer index pages.
  std::vector<Transfer> post_batch(store::Connection& connection, std::span<const TransferRequest> requests) const;

  //! Places a hold (kind pending) that posts at `release_at` unless voided.
  //! `worker_id` names the worker who sees it on their statement. Idempotent
  //! by key like post().
  Hold hold(store::Connection& connection, const TransferRequest& request, std::optional<std::int64_t> worker_id,
            std::string hold_reason, Timestamp release_at) const;

  //! Voids a pending hold: the money stays with the debit account. `decided_by`
  //! (a user id) and `why` are recorded and shown to the worker. Voiding an
  //! already voided hold returns it unchanged; a posted hold cannot be voided
  //! (Error{precondition, "hold_resolved"}); `why` must not be empty.
  Hold void_hold(store::Connection& connection, std::int64_t hold_id, std::int64_t decided_by,
                 const std::string& why) const;

  //! Posts a pending hold before its deadline (e.g. a dispute closed in the
  //! worker's favour). Posting a posted hold returns it unchanged; a voided
  //! hold cannot be posted (Error{precondition, "hold_resolved"}).
  Hold post_hold(store::Connection& connection, std::int64_t hold_id, std::optional<std::int64_t> decided_by,
                 const std::string& why) const;

  //! Posts every pending hold whose release_at <= now (at most `limit` per
  //! call, oldest deadline first). Returns how many were posted. Call it
  //! periodically in its own transactions; a hold voided concurrently is
  //! skipped, never posted and voided both.
  int release_due_holds(store::Connection& connection, Timestamp now, int limit = 1000) const;

  Hold get_hold(store::Connection& connection, std::int64_t hold_id) const;
  //! Holds of a worker, newest first (all states).
  std::vector<Hold> holds_of_worker(store::Connection& connection, std::int64_t worker_id) const;

  std::optional<Transfer> find_transfer(store::Connection& connection, const std::string& key) const;
  //! Transfers touching an account with from <= created_at < to, oldest first.
  std::vector<Transfer> transfers_of_account(store::Connection& connection, std::int64_t account_id, Timestamp from,
                                             Timestamp to) const;

  //! Re-checks every invariant above from the stored rows and returns every
  //! violation found (empty: the ledger is sound). Read-only.
  static std::vector<Violation> verify(store::Connection& connection);

 private:
  Transfer insert_transfer(store::Connection& connection, const TransferRequest& request, TransferKind kind,
                           std::optional<std::int64_t> pending_id, bool* inserted) const;
  Transfer insert_row(store::Connection& connection, const TransferRequest& request, TransferKind kind,
                      std::optional<std::int64_t> pending_id, bool* inserted) const;
  Hold resolve_hold(store::Connection& connection, std::int64_t hold_id, bool post,
                    std::optional<std::int64_t> decided_by, const std::optional<std::string>& why) const;

  const Clock& clock_;
};

//! The digest verify() recomputes: hex BLAKE2b-128 of the transfer's body.
std::string transfer_digest(const Transfer& transfer);

}  // namespace fairlabel::money
