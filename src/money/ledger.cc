#include "money/ledger.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <map>
#include <string_view>
#include <tuple>
#include <unordered_map>

#include "core/error.h"

namespace fairlabel::money {
namespace {

using store::Connection;
using store::Row;
using store::Value;

constexpr std::array<std::string_view, 5> kOwnerKinds = {"worker", "project", "org", "platform", "external"};
constexpr std::array<std::string_view, 7> kPurposes = {
    "escrow", "payable", "platform_fee", "floor_fund", "payout_clearing", "funding_source", "payout_provider"};
constexpr std::array<std::string_view, 4> kTransferKinds = {"posted", "pending", "post_pending", "void_pending"};
constexpr std::array<std::string_view, 3> kHoldStates = {"pending", "posted", "voided"};

constexpr std::size_t kMaxKeyLength = 200;

template <typename Enum, std::size_t N>
Enum parse_enum(const std::array<std::string_view, N>& names, std::string_view text, const char* what) {
  for (std::size_t i = 0; i < N; ++i) {
    if (names[i] == text) return static_cast<Enum>(i);
  }
  throw Error::invalid(std::string("invalid_") + what,
                       "unknown " + std::string(what) + " \"" + std::string(text) + "\"");
}

const char* kTransferColumns =
    "id, transfer_key, kind, debit_account, credit_account, amount, currency, reason, cause_kind, cause_id, "
    "pending_id, detail, created_at";

Transfer transfer_from_row(const Row& row, std::size_t at = 0) {
  Transfer t;
  t.id = row.integer(at + 0);
  t.key = row.text(at + 1);
  t.kind = parse_enum<TransferKind>(kTransferKinds, row.text(at + 2), "transfer_kind");
  t.debit_account = row.integer(at + 3);
  t.credit_account = row.integer(at + 4);
  t.amount = row.integer(at + 5);
  t.currency = Currency::of(row.text(at + 6));
  t.reason = row.text(at + 7);
  t.cause = Cause{row.text(at + 8), row.integer(at + 9)};
  t.pending_id = row.optional_integer(at + 10);
  t.detail = row.text(at + 11);
  t.created_at = row.integer(at + 12);
  return t;
}

const char* kHoldSelect =
    "SELECT t.id, t.transfer_key, t.kind, t.debit_account, t.credit_account, t.amount, t.currency, t.reason, "
    "t.cause_kind, t.cause_id, t.pending_id, t.detail, t.created_at, "
    "h.worker_id, h.hold_reason, h.release_at, h.state, h.resolved_at, h.resolution_transfer, h.decided_by, "
    "h.decision_reason FROM ledger_holds h JOIN ledger_transfers t ON t.id = h.transfer_id ";

Hold hold_from_row(const Row& row) {
  Hold h;
  h.pending = transfer_from_row(row, 0);
  h.worker_id = row.optional_integer(13);
  h.hold_reason = row.text(14);
  h.release_at = row.integer(15);
  h.state = parse_enum<HoldState>(kHoldStates, row.text(16), "hold_state");
  h.resolved_at = row.optional_integer(17);
  h.resolution_transfer = row.optional_integer(18);
  h.decided_by = row.optional_integer(19);
  h.decision_reason = row.optional_text(20);
  return h;
}

Account account_from_row(const Row& row) {
  Account a;
  a.id = row.integer(0);
  a.key = AccountKey{owner_kind_from_string(row.text(1)), row.integer(2), purpose_from_string(row.text(3)),
                     Currency::of(row.text(4))};
  a.balance = row.integer(5);
  a.pending_debits = row.integer(6);
  a.pending_credits = row.integer(7);
  return a;
}

void validate(const TransferRequest& r) {
  Validation v;
  if (r.key.empty() || r.key.size() > kMaxKeyLength)
    v.fail("/key", "a transfer key of 1 to 200 characters is required");
  if (r.amount <= 0) v.fail("/amount", "the amount must be positive");
  if (r.debit_account == r.credit_account) v.fail("/credit_account", "debit and credit accounts must differ");
  if (r.currency.is_none()) v.fail("/currency", "a currency is required");
  if (r.reason.empty()) v.fail("/reason", "a reason code is required");
  if (r.cause.kind.empty()) v.fail("/cause/kind", "the causing record's kind is required");
  if (r.detail.empty() || r.detail.front() != '{') v.fail("/detail", "detail must be a JSON object");
  v.throw_if_failed("the transfer");
}

bool same_body(const Transfer& existing, const TransferRequest& r, TransferKind kind,
               std::optional<std::int64_t> pending_id) {
  return existing.kind == kind && existing.debit_account == r.debit_account &&
         existing.credit_account == r.credit_account && existing.amount == r.amount &&
         existing.currency == r.currency && existing.reason == r.reason && existing.cause.kind == r.cause.kind &&
         existing.cause.id == r.cause.id && existing.pending_id == pending_id && existing.detail == r.detail;
}

//! Explains why an account update matched no row, as the Error to throw.
Error account_update_failure(Connection& c, std::int64_t account_id, const Transfer& t) {
  auto result = c.execute("SELECT currency, balance - pending_debits FROM ledger_accounts WHERE id = $1", {account_id});
  if (result.empty()) {
    return Error::invalid("unknown_account", "ledger account " + std::to_string(account_id) + " does not exist");
  }
  const Row& row = result.single();
  if (row.text(0) != t.currency.code()) {
    return Error::invalid("currency_mismatch", "ledger account " + std::to_string(account_id) + " holds " +
                                                   row.text(0) + ", not " + std::string(t.currency.code()));
  }
  return Error(ErrorKind::precondition, "insufficient_funds",
               "ledger account " + std::to_string(account_id) + " has " +
                   format_amount(Money{row.integer(1), t.currency}) + " " + std::string(t.currency.code()) +
                   " available, " + format_amount(Money{t.amount, t.currency}) + " needed");
}

void update_account(Connection& c, std::string_view sql, std::int64_t account_id, const Transfer& t) {
  auto result = c.execute(sql, {t.amount, account_id, std::string(t.currency.code())});
  if (result.affected_rows != 1) throw account_update_failure(c, account_id, t);
}

//! Moves the balances for one new transfer. Debits of non-negative accounts
//! check availability in the same statement that changes them.
void apply_balances(Connection& c, const Transfer& t) {
  switch (t.kind) {
    case TransferKind::posted:
      update_account(c,
                     "UPDATE ledger_accounts SET balance = balance - $1 WHERE id = $2 AND currency = $3 "
                     "AND (non_negative = 0 OR balance - pending_debits >= $1)",
                     t.debit_account, t);
      update_account(c, "UPDATE ledger_accounts SET balance = balance + $1 WHERE id = $2 AND currency = $3",
                     t.credit_account, t);
      break;
    case TransferKind::pending:
      update_account(c,
                     "UPDATE ledger_accounts SET pending_debits = pending_debits + $1 WHERE id = $2 AND currency = $3 "
                     "AND (non_negative = 0 OR balance - pending_debits >= $1)",
                     t.debit_account, t);
      update_account(
          c, "UPDATE ledger_accounts SET pending_credits = pending_credits + $1 WHERE id = $2 AND currency = $3",
          t.credit_account, t);
      break;
    case TransferKind::post_pending:
      update_account(c,
                     "UPDATE ledger_accounts SET balance = balance - $1, pending_debits = pending_debits - $1 "
                     "WHERE id = $2 AND currency = $3",
                     t.debit_account, t);
      update_account(c,
                     "UPDATE ledger_accounts SET balance = balance + $1, pending_credits = pending_credits - $1 "
                     "WHERE id = $2 AND currency = $3",
                     t.credit_account, t);
      break;
    case TransferKind::void_pending:
      update_account(c,
                     "UPDATE ledger_accounts SET pending_debits = pending_debits - $1 WHERE id = $2 AND currency = $3",
                     t.debit_account, t);
      update_account(
          c, "UPDATE ledger_accounts SET pending_credits = pending_credits - $1 WHERE id = $2 AND currency = $3",
          t.credit_account, t);
      break;
  }
}

std::string describe(const Transfer& t) {
  return "transfer " + std::to_string(t.id) + " key=" + t.key + " kind=" + std::string(to_string(t.kind)) +
         " debit=" + std::to_string(t.debit_account) + " credit=" + std::to_string(t.credit_account) +
         " amount=" + std::to_string(t.amount) + " " + std::string(t.currency.code());
}

Value to_value(const std::optional<std::int64_t>& v) {
  if (v) return *v;
  return nullptr;
}

Value to_value(const std::optional<std::string>& v) {
  if (v) return *v;
  return nullptr;
}

//! post_batch() inserts up to this many transfers per statement, cutting a
//! batch into chunks of these sizes (largest first), so a connection caches
//! at most this many distinct batch statements.
constexpr std::array<std::size_t, 8> kInsertChunkRows = {128, 64, 32, 16, 8, 4, 2, 1};
//! Per row: key, debit, credit, amount, currency, reason, cause kind, cause
//! id, detail, digest. $1 is the batch's created_at, shared by every row.
constexpr std::size_t kBatchInsertParamsPerRow = 10;

std::size_t insert_chunk_rows(std::size_t remaining) {
  for (std::size_t rows : kInsertChunkRows) {
    if (rows <= remaining) return rows;
  }
  return 1;
}

//! The multi-row INSERT of post_batch() for `rows` rows (one of
//! kInsertChunkRows). Built once per size; constant text afterwards.
const std::string& batch_insert_sql(std::size_t rows) {
  static const std::array<std::string, kInsertChunkRows.size()> texts = [] {
    std::array<std::string, kInsertChunkRows.size()> built;
    for (std::size_t k = 0; k < kInsertChunkRows.size(); ++k) {
      std::string sql =
          "INSERT INTO ledger_transfers (transfer_key, kind, debit_account, credit_account, amount, currency, reason, "
          "cause_kind, cause_id, pending_id, detail, created_at, digest) VALUES ";
      std::size_t next = 2;
      auto param = [&] {
        sql += '$';
        sql += std::to_string(next++);
      };
      for (std::size_t row = 0; row < kInsertChunkRows[k]; ++row) {
        sql += row > 0 ? ", (" : "(";
        param();  // transfer_key
        sql += ", 'posted'";
        for (int column = 0; column < 7; ++column) {  // debit_account … cause_id
          sql += ", ";
          param();
        }
        sql += ", NULL, ";  // pending_id
        param();            // detail
        sql += ", $1, ";    // created_at
        param();            // digest
        sql += ')';
      }
      sql += " ON CONFLICT (transfer_key) DO NOTHING RETURNING id, transfer_key";
      built[k] = std::move(sql);
    }
    return built;
  }();
  for (std::size_t k = 0; k < kInsertChunkRows.size(); ++k) {
    if (kInsertChunkRows[k] == rows) return texts[k];
  }
  throw Error(ErrorKind::internal, "internal", "no batch insert statement for " + std::to_string(rows) + " rows");
}

}  // namespace

std::string_view to_string(OwnerKind kind) {
  return kOwnerKinds[static_cast<std::size_t>(kind)];
}
std::string_view to_string(Purpose purpose) {
  return kPurposes[static_cast<std::size_t>(purpose)];
}
std::string_view to_string(TransferKind kind) {
  return kTransferKinds[static_cast<std::size_t>(kind)];
}
std::string_view to_string(HoldState state) {
  return kHoldStates[static_cast<std::size_t>(state)];
}
OwnerKind owner_kind_from_string(std::string_view text) {
  return parse_enum<OwnerKind>(kOwnerKinds, text, "owner_kind");
}
Purpose purpose_from_string(std::string_view text) {
  return parse_enum<Purpose>(kPurposes, text, "purpose");
}

bool is_non_negative(Purpose purpose) {
  switch (purpose) {
    case Purpose::funding_source:
    case Purpose::payout_provider:
    case Purpose::floor_fund: return false;
    default: return true;
  }
}

namespace {

void append_field(std::string& body, std::string_view field) {
  body.append(field);
  body.push_back('\x1f');
}

void append_field(std::string& body, std::int64_t number) {
  char digits[24];
  auto [end, ec] = std::to_chars(digits, digits + sizeof digits, number);
  body.append(digits, end);
  body.push_back('\x1f');
}

//! The digest of one transfer body, written into `body` (a scratch buffer
//! reused across calls, so a batch allocates it once) and returned as hex.
std::string digest_of(std::string& body, const Transfer& t) {
  // Fields separated by 0x1F (unit separator), which no field contains in
  // practice; the id is left out because it is assigned by the insert.
  body.clear();
  append_field(body, t.key);
  append_field(body, to_string(t.kind));
  append_field(body, t.debit_account);
  append_field(body, t.credit_account);
  append_field(body, t.amount);
  append_field(body, t.currency.code());
  append_field(body, t.reason);
  append_field(body, t.cause.kind);
  append_field(body, t.cause.id);
  if (t.pending_id) {
    append_field(body, *t.pending_id);
  } else {
    append_field(body, "-");
  }
  append_field(body, t.detail);
  append_field(body, t.created_at);
  std::array<unsigned char, 16> hash;
  crypto_generichash(hash.data(), hash.size(), reinterpret_cast<const unsigned char*>(body.data()), body.size(),
                     nullptr, 0);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex(32, '0');
  for (std::size_t i = 0; i < hash.size(); ++i) {
    hex[2 * i] = kHex[hash[i] >> 4];
    hex[2 * i + 1] = kHex[hash[i] & 15];
  }
  return hex;
}

}  // namespace

std::string transfer_digest(const Transfer& t) {
  std::string body;
  return digest_of(body, t);
}

std::optional<Account> Ledger::find_account(Connection& c, const AccountKey& key) const {
  auto result = c.execute(
      "SELECT id, owner_kind, owner_id, purpose, currency, balance, pending_debits, pending_credits "
      "FROM ledger_accounts WHERE owner_kind = $1 AND owner_id = $2 AND purpose = $3 AND currency = $4",
      {std::string(to_string(key.owner_kind)), key.owner_id, std::string(to_string(key.purpose)),
       std::string(key.currency.code())});
  if (result.empty()) return std::nullopt;
  return account_from_row(result.single());
}

std::int64_t Ledger::ensure_account(Connection& c, const AccountKey& key) const {
  if (key.currency.is_none()) throw Error::invalid("invalid_currency", "a ledger account needs a currency");
  if (auto found = find_account(c, key)) return found->id;
  auto inserted = c.execute(
      "INSERT INTO ledger_accounts (owner_kind, owner_id, purpose, currency, non_negative, created_at) "
      "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (owner_kind, owner_id, purpose, currency) DO NOTHING RETURNING id",
      {std::string(to_string(key.owner_kind)), key.owner_id, std::string(to_string(key.purpose)),
       std::string(key.currency.code()), std::int64_t{is_non_negative(key.purpose) ? 1 : 0}, clock_.now()});
  if (!inserted.empty()) return inserted.single().integer(0);
  return find_account(c, key).value().id;  // created concurrently
}

std::vector<Account> Ledger::accounts_of_owner(Connection& c, OwnerKind kind, std::int64_t owner_id) const {
  auto result = c.execute(
      "SELECT id, owner_kind, owner_id, purpose, currency, balance, pending_debits, pending_credits "
      "FROM ledger_accounts WHERE owner_kind = $1 AND owner_id = $2 ORDER BY id",
      {std::string(to_string(kind)), owner_id});
  std::vector<Account> out;
  for (const Row& row : result.rows) out.push_back(account_from_row(row));
  return out;
}

Account Ledger::account(Connection& c, std::int64_t id) const {
  auto result = c.execute(
      "SELECT id, owner_kind, owner_id, purpose, currency, balance, pending_debits, pending_credits "
      "FROM ledger_accounts WHERE id = $1",
      {id});
  if (result.empty()) throw Error::not_found("ledger account " + std::to_string(id));
  return account_from_row(result.single());
}

Transfer Ledger::insert_transfer(Connection& c, const TransferRequest& r, TransferKind kind,
                                 std::optional<std::int64_t> pending_id, bool* inserted) const {
  Transfer t = insert_row(c, r, kind, pending_id, inserted);
  if (*inserted) apply_balances(c, t);
  return t;
}

Transfer Ledger::insert_row(Connection& c, const TransferRequest& r, TransferKind kind,
                            std::optional<std::int64_t> pending_id, bool* inserted) const {
  validate(r);
  Transfer t;
  t.key = r.key;
  t.kind = kind;
  t.debit_account = r.debit_account;
  t.credit_account = r.credit_account;
  t.amount = r.amount;
  t.currency = r.currency;
  t.reason = r.reason;
  t.cause = r.cause;
  t.pending_id = pending_id;
  t.detail = r.detail;
  t.created_at = clock_.now();
  store::Result result;
  try {
    result = c.execute(
        "INSERT INTO ledger_transfers (transfer_key, kind, debit_account, credit_account, amount, currency, reason, "
        "cause_kind, cause_id, pending_id, detail, created_at, digest) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) "
        "ON CONFLICT (transfer_key) DO NOTHING RETURNING id",
        {t.key, std::string(to_string(kind)), t.debit_account, t.credit_account, t.amount,
         std::string(t.currency.code()), t.reason, t.cause.kind, t.cause.id, to_value(pending_id), t.detail,
         t.created_at, transfer_digest(t)});
  } catch (const store::StoreError& e) {
    if (e.kind() != store::StoreErrorKind::constraint) throw;
    throw Error::invalid("unknown_account", "a ledger account of the transfer does not exist (" + r.key + ")");
  }
  if (result.empty()) {
    // The key was posted before: the same body is a harmless retry.
    auto existing = find_transfer(c, r.key);
    if (!existing || !same_body(*existing, r, kind, pending_id)) {
      throw Error::conflict("transfer_key_conflict",
                            "transfer key \"" + r.key + "\" was already used for a different transfer");
    }
    *inserted = false;
    return *existing;
  }
  t.id = result.single().integer(0);
  *inserted = true;
  return t;
}

std::vector<Transfer> Ledger::post_batch(Connection& c, std::span<const TransferRequest> requests) const {
  for (const auto& r : requests) validate(r);
  const Timestamp now = clock_.now();

  // A key that occurs more than once in the batch is sent to the database
  // once (its first occurrence); the later ones are retries of it, settled
  // here in memory: the same body returns the first's transfer, another
  // body is a conflict. The database's unique index still decides against
  // keys posted before the batch.
  std::vector<Transfer> out(requests.size());
  std::vector<std::size_t> first_occurrence(requests.size());
  std::unordered_map<std::string_view, std::size_t> index_of_key;
  index_of_key.reserve(requests.size());
  std::vector<std::size_t> unique;  // indexes of first occurrences, in batch order
  unique.reserve(requests.size());
  for (std::size_t i = 0; i < requests.size(); ++i) {
    auto [found, fresh] = index_of_key.emplace(requests[i].key, i);
    first_occurrence[i] = found->second;
    if (fresh) unique.push_back(i);
  }
  // Insert grouped by account: a statement then changes a few leaves of the
  // by-credit and by-debit indexes instead of one leaf per row, and SQLite
  // copies every page a statement changes into its statement journal. 30 %
  // less CPU per transfer on SQLite (BENCHMARKS.md "Ledger"). Stable, so the
  // transfers between one pair of accounts keep their request order.
  std::stable_sort(unique.begin(), unique.end(), [&](std::size_t a, std::size_t b) {
    return std::tie(requests[a].credit_account, requests[a].debit_account) <
           std::tie(requests[b].credit_account, requests[b].debit_account);
  });

  // Insert the unique requests with multi-row INSERTs; RETURNING names the
  // rows actually inserted (a key posted before is skipped by ON CONFLICT).
  std::vector<bool> inserted(requests.size(), false);
  std::string scratch;
  std::vector<Value> params;
  for (std::size_t at = 0; at < unique.size();) {
    const std::size_t rows = insert_chunk_rows(unique.size() - at);
    params.clear();
    params.reserve(1 + rows * kBatchInsertParamsPerRow);
    params.emplace_back(now);
    for (std::size_t j = at; j < at + rows; ++j) {
      const TransferRequest& r = requests[unique[j]];
      Transfer& t = out[unique[j]];
      t = Transfer{0,
                   r.key,
                   TransferKind::posted,
                   r.debit_account,
                   r.credit_account,
                   r.amount,
                   r.currency,
                   r.reason,
                   r.cause,
                   std::nullopt,
                   r.detail,
                   now};
      params.emplace_back(t.key);
      params.emplace_back(t.debit_account);
      params.emplace_back(t.credit_account);
      params.emplace_back(t.amount);
      params.emplace_back(std::string(t.currency.code()));
      params.emplace_back(t.reason);
      params.emplace_back(t.cause.kind);
      params.emplace_back(t.cause.id);
      params.emplace_back(t.detail);
      params.emplace_back(digest_of(scratch, t));
    }
    store::Result result;
    try {
      result = c.execute(batch_insert_sql(rows), params);
    } catch (const store::StoreError& e) {
      if (e.kind() != store::StoreErrorKind::constraint) throw;
      throw Error::invalid("unknown_account", "a ledger account of the batch's transfers does not exist");
    }
    for (const Row& row : result.rows) {
      auto found = index_of_key.find(std::string_view(row.text(1)));
      if (found == index_of_key.end())
        throw Error(ErrorKind::internal, "internal", "a batch insert returned a key it was not given");
      out[found->second].id = row.integer(0);
      inserted[found->second] = true;
    }
    at += rows;
  }

  // Settle every request that did not insert a row: retries of a key posted
  // before the batch, and repeats of a key within it.
  for (std::size_t i = 0; i < requests.size(); ++i) {
    const TransferRequest& r = requests[i];
    const std::size_t first = first_occurrence[i];
    if (first != i) {
      if (!same_body(out[first], r, TransferKind::posted, std::nullopt)) {
        throw Error::conflict("transfer_key_conflict",
                              "transfer key \"" + r.key + "\" occurs twice in the batch with different transfers");
      }
      out[i] = out[first];
    } else if (!inserted[i]) {
      auto existing = find_transfer(c, r.key);
      if (!existing || !same_body(*existing, r, TransferKind::posted, std::nullopt)) {
        throw Error::conflict("transfer_key_conflict",
                              "transfer key \"" + r.key + "\" was already used for a different transfer");
      }
      out[i] = std::move(*existing);
    }
  }

  // Net change per account, and the currency each account must have. The
  // map keeps account-id order, so concurrent batches lock accounts in the
  // same order (no deadlock on PostgreSQL).
  std::map<std::int64_t, std::pair<std::int64_t, Currency>> deltas;
  for (std::size_t i = 0; i < requests.size(); ++i) {
    if (!inserted[i]) continue;
    const TransferRequest& r = requests[i];
    auto& debit = deltas.try_emplace(r.debit_account, 0, r.currency).first->second;
    auto& credit = deltas.try_emplace(r.credit_account, 0, r.currency).first->second;
    if (!(debit.second == r.currency)) throw account_update_failure(c, r.debit_account, out[i]);
    if (!(credit.second == r.currency)) throw account_update_failure(c, r.credit_account, out[i]);
    debit.first = checked_sub(debit.first, r.amount);
    credit.first = checked_add(credit.first, r.amount);
  }
  for (const auto& [account_id, change] : deltas) {
    auto result = c.execute(
        "UPDATE ledger_accounts SET balance = balance + $1 WHERE id = $2 AND currency = $3 "
        "AND ($1 >= 0 OR non_negative = 0 OR balance - pending_debits + $1 >= 0)",
        {change.first, account_id, std::string(change.second.code())});
    if (result.affected_rows != 1) {
      Transfer net;
      net.amount = -change.first;
      net.currency = change.second;
      throw account_update_failure(c, account_id, net);
    }
  }
  return out;
}

Transfer Ledger::post(Connection& c, const TransferRequest& request) const {
  bool inserted = false;
  return insert_transfer(c, request, TransferKind::posted, std::nullopt, &inserted);
}

Hold Ledger::hold(Connection& c, const TransferRequest& request, std::optional<std::int64_t> worker_id,
                  std::string hold_reason, Timestamp release_at) const {
  if (hold_reason.empty()) {
    throw Error::invalid("validation_failed", "a hold needs a reason the worker can read",
                         {{"/hold_reason", "required"}});
  }
  bool inserted = false;
  Transfer t = insert_transfer(c, request, TransferKind::pending, std::nullopt, &inserted);
  if (inserted) {
    c.execute(
        "INSERT INTO ledger_holds (transfer_id, worker_id, hold_reason, release_at, state) "
        "VALUES ($1, $2, $3, $4, 'pending')",
        {t.id, to_value(worker_id), hold_reason, release_at});
  }
  Hold h = get_hold(c, t.id);
  if (h.hold_reason != hold_reason || h.release_at != release_at || h.worker_id != worker_id) {
    throw Error::conflict("transfer_key_conflict",
                          "transfer key \"" + request.key + "\" was already used for a different hold");
  }
  return h;
}

Hold Ledger::resolve_hold(Connection& c, std::int64_t hold_id, bool post, std::optional<std::int64_t> decided_by,
                          const std::optional<std::string>& why) const {
  const HoldState target = post ? HoldState::posted : HoldState::voided;
  Hold h = get_hold(c, hold_id);
  if (h.state == HoldState::pending) {
    // Claim the hold first: the row lock orders a void racing the deadline
    // sweep, and the loser sees state <> 'pending' and matches nothing.
    Timestamp now = clock_.now();
    auto claimed = c.execute(
        "UPDATE ledger_holds SET state = $1, resolved_at = $2, decided_by = $3, decision_reason = $4 "
        "WHERE transfer_id = $5 AND state = 'pending'",
        {std::string(to_string(target)), now, to_value(decided_by), to_value(why), hold_id});
    if (claimed.affected_rows == 1) {
      TransferRequest r{"hold:" + std::to_string(hold_id) + (post ? ":post" : ":void"),
                        h.pending.debit_account,
                        h.pending.credit_account,
                        h.pending.amount,
                        h.pending.currency,
                        post ? h.pending.reason : std::string("hold_voided"),
                        Cause{"hold", hold_id},
                        h.pending.detail};
      bool inserted = false;
      Transfer resolution =
          insert_transfer(c, r, post ? TransferKind::post_pending : TransferKind::void_pending, hold_id, &inserted);
      c.execute("UPDATE ledger_holds SET resolution_transfer = $1 WHERE transfer_id = $2", {resolution.id, hold_id});
    }
    h = get_hold(c, hold_id);
  }
  if (h.state != target) {
    throw Error(ErrorKind::precondition, "hold_resolved",
                "hold " + std::to_string(hold_id) + " was already " + std::string(to_string(h.state)));
  }
  return h;
}

Hold Ledger::void_hold(Connection& c, std::int64_t hold_id, std::int64_t decided_by, const std::string& why) const {
  if (why.empty()) {
    throw Error::invalid("validation_failed", "voiding a hold needs a reason the worker can read and appeal",
                         {{"/reason", "required"}});
  }
  return resolve_hold(c, hold_id, false, decided_by, why);
}

Hold Ledger::post_hold(Connection& c, std::int64_t hold_id, std::optional<std::int64_t> decided_by,
                       const std::string& why) const {
  return resolve_hold(c, hold_id, true, decided_by, why.empty() ? std::nullopt : std::optional<std::string>(why));
}

int Ledger::release_due_holds(Connection& c, Timestamp now, int limit) const {
  auto due = c.execute(
      "SELECT transfer_id FROM ledger_holds WHERE state = 'pending' AND release_at <= $1 "
      "ORDER BY release_at, transfer_id LIMIT $2",
      {now, std::int64_t{limit}});
  int posted = 0;
  for (const Row& row : due.rows) {
    std::int64_t hold_id = row.integer(0);
    try {
      resolve_hold(c, hold_id, true, std::nullopt, std::nullopt);
      ++posted;
    } catch (const Error& e) {
      if (e.code() != "hold_resolved") throw;  // voided meanwhile: nothing to post
    }
  }
  return posted;
}

Hold Ledger::get_hold(Connection& c, std::int64_t hold_id) const {
  auto result = c.execute(std::string(kHoldSelect) + "WHERE h.transfer_id = $1", {hold_id});
  if (result.empty()) throw Error::not_found("hold " + std::to_string(hold_id));
  return hold_from_row(result.single());
}

std::vector<Hold> Ledger::holds_of_worker(Connection& c, std::int64_t worker_id) const {
  auto result = c.execute(std::string(kHoldSelect) + "WHERE h.worker_id = $1 ORDER BY h.transfer_id DESC", {worker_id});
  std::vector<Hold> out;
  for (const Row& row : result.rows) out.push_back(hold_from_row(row));
  return out;
}

std::optional<Transfer> Ledger::find_transfer(Connection& c, const std::string& key) const {
  auto result =
      c.execute(std::string("SELECT ") + kTransferColumns + " FROM ledger_transfers WHERE transfer_key = $1", {key});
  if (result.empty()) return std::nullopt;
  return transfer_from_row(result.single());
}

std::vector<Transfer> Ledger::transfers_of_account(Connection& c, std::int64_t account_id, Timestamp from,
                                                   Timestamp to) const {
  auto result = c.execute(std::string("SELECT ") + kTransferColumns +
                              " FROM ledger_transfers WHERE (debit_account = $1 OR credit_account = $1) "
                              "AND created_at >= $2 AND created_at < $3 ORDER BY created_at, id",
                          {account_id, from, to});
  std::vector<Transfer> out;
  for (const Row& row : result.rows) out.push_back(transfer_from_row(row));
  return out;
}

std::vector<Violation> Ledger::verify(Connection& c) {
  std::vector<Violation> violations;
  auto report = [&](std::string invariant, std::string message, std::vector<std::string> rows) {
    if (!rows.empty()) violations.push_back({std::move(invariant), std::move(message), std::move(rows)});
  };

  // 1. Every transfer balances.
  {
    std::vector<std::string> rows;
    auto result = c.execute(
        "SELECT t.id, t.transfer_key, t.amount, t.currency, d.currency, c.currency, t.debit_account, t.credit_account "
        "FROM ledger_transfers t LEFT JOIN ledger_accounts d ON d.id = t.debit_account "
        "LEFT JOIN ledger_accounts c ON c.id = t.credit_account "
        "WHERE t.amount <= 0 OR t.debit_account = t.credit_account OR d.id IS NULL OR c.id IS NULL "
        "OR d.currency <> t.currency OR c.currency <> t.currency ORDER BY t.id");
    for (const Row& r : result.rows) {
      rows.push_back("transfer " + std::to_string(r.integer(0)) + " key=" + r.text(1) +
                     " amount=" + std::to_string(r.integer(2)) + " " + r.text(3) +
                     " debit=" + std::to_string(r.integer(6)) + " (" + r.optional_text(4).value_or("missing") + ")" +
                     " credit=" + std::to_string(r.integer(7)) + " (" + r.optional_text(5).value_or("missing") + ")");
    }
    auto resolutions = c.execute(
        "SELECT r.id, r.transfer_key, r.kind, p.id, p.kind FROM ledger_transfers r "
        "LEFT JOIN ledger_transfers p ON p.id = r.pending_id "
        "WHERE (r.kind IN ('posted', 'pending') AND r.pending_id IS NOT NULL) "
        "OR (r.kind IN ('post_pending', 'void_pending') AND (p.id IS NULL OR p.kind <> 'pending' "
        "OR p.debit_account <> r.debit_account OR p.credit_account <> r.credit_account OR p.amount <> r.amount "
        "OR p.currency <> r.currency)) ORDER BY r.id");
    for (const Row& r : resolutions.rows) {
      rows.push_back("transfer " + std::to_string(r.integer(0)) + " key=" + r.text(1) + " kind=" + r.text(2) +
                     " does not match the hold it resolves (" +
                     (r.is_null(3) ? std::string("none") : std::to_string(r.integer(3)) + " " + r.text(4)) + ")");
    }
    report("transfer_balances", "transfers that do not move one amount between two accounts of their currency",
           std::move(rows));
  }

  // 2. Per currency, balances and pending amounts sum to zero.
  {
    std::vector<std::string> rows;
    auto result = c.execute(
        "SELECT currency, SUM(balance), SUM(pending_debits), SUM(pending_credits) FROM ledger_accounts "
        "GROUP BY currency HAVING SUM(balance) <> 0 OR SUM(pending_debits) <> SUM(pending_credits) ORDER BY currency");
    for (const Row& r : result.rows) {
      rows.push_back("currency " + r.text(0) + ": sum of balances " + std::to_string(r.integer(1)) +
                     ", pending debits " + std::to_string(r.integer(2)) + " vs pending credits " +
                     std::to_string(r.integer(3)));
    }
    report("currency_sum_zero", "currencies whose account balances do not sum to zero", std::move(rows));
  }

  // 3 and 4. Stored balances equal the sums of the transfers; non-negative
  // accounts are not negative.
  {
    std::vector<std::string> mismatched;
    std::vector<std::string> negative;
    auto result = c.execute(
        "SELECT a.id, a.owner_kind, a.owner_id, a.purpose, a.currency, a.non_negative, a.balance, a.pending_debits, "
        "a.pending_credits, "
        "COALESCE((SELECT SUM(t.amount) FROM ledger_transfers t WHERE t.credit_account = a.id "
        "  AND t.kind IN ('posted', 'post_pending')), 0), "
        "COALESCE((SELECT SUM(t.amount) FROM ledger_transfers t WHERE t.debit_account = a.id "
        "  AND t.kind IN ('posted', 'post_pending')), 0), "
        "COALESCE((SELECT SUM(t.amount) FROM ledger_transfers t WHERE t.debit_account = a.id AND t.kind = 'pending' "
        "  AND NOT EXISTS (SELECT 1 FROM ledger_transfers r WHERE r.pending_id = t.id)), 0), "
        "COALESCE((SELECT SUM(t.amount) FROM ledger_transfers t WHERE t.credit_account = a.id AND t.kind = 'pending' "
        "  AND NOT EXISTS (SELECT 1 FROM ledger_transfers r WHERE r.pending_id = t.id)), 0) "
        "FROM ledger_accounts a ORDER BY a.id");
    for (const Row& r : result.rows) {
      std::string name = "account " + std::to_string(r.integer(0)) + " (" + r.text(1) + " " +
                         std::to_string(r.integer(2)) + " " + r.text(3) + " " + r.text(4) + ")";
      std::int64_t balance = r.integer(6), pending_debits = r.integer(7), pending_credits = r.integer(8);
      std::int64_t computed_balance = r.integer(9) - r.integer(10);
      if (balance != computed_balance || pending_debits != r.integer(11) || pending_credits != r.integer(12)) {
        mismatched.push_back(name + ": stored balance " + std::to_string(balance) + " pending " +
                             std::to_string(pending_debits) + "/" + std::to_string(pending_credits) +
                             ", transfers say " + std::to_string(computed_balance) + " pending " +
                             std::to_string(r.integer(11)) + "/" + std::to_string(r.integer(12)));
      }
      // The purpose decides, not the stored flag, which could be edited too.
      bool must_not_go_negative = is_non_negative(purpose_from_string(r.text(3)));
      if (must_not_go_negative && (balance - pending_debits < 0 || computed_balance - r.integer(11) < 0)) {
        negative.push_back(name + ": available " + std::to_string(balance - pending_debits) + " (from transfers " +
                           std::to_string(computed_balance - r.integer(11)) + ")");
      }
    }
    report("balance_matches_transfers", "accounts whose stored balance differs from their transfers",
           std::move(mismatched));
    report("non_negative", "escrow, payable, fee or clearing accounts below zero", std::move(negative));
  }

  // 4. No transfer changed since it was written (digest of its body).
  {
    std::vector<std::string> rows;
    std::int64_t after = 0;
    for (;;) {
      auto page = c.execute(std::string("SELECT ") + kTransferColumns +
                                ", digest FROM ledger_transfers WHERE id > $1 ORDER BY id LIMIT 5000",
                            {after});
      if (page.empty()) break;
      for (const Row& r : page.rows) {
        Transfer t = transfer_from_row(r);
        after = t.id;
        if (transfer_digest(t) != r.text(13)) rows.push_back(describe(t) + ": body does not match its digest");
      }
    }
    report("transfer_unchanged", "transfers changed after they were written", std::move(rows));
  }

  // 5. Holds agree with their transfers; a void records who and why.
  {
    std::vector<std::string> rows;
    auto result = c.execute(
        "SELECT h.transfer_id, h.state, p.kind, r.id, r.kind, h.resolution_transfer, h.decided_by, h.decision_reason "
        "FROM ledger_holds h JOIN ledger_transfers p ON p.id = h.transfer_id "
        "LEFT JOIN ledger_transfers r ON r.pending_id = h.transfer_id ORDER BY h.transfer_id");
    for (const Row& r : result.rows) {
      std::string state = r.text(1);
      std::optional<std::string> resolution_kind = r.optional_text(4);
      bool ok = r.text(2) == "pending";
      if (state == "pending") ok = ok && !resolution_kind;
      if (state == "posted") ok = ok && resolution_kind == "post_pending";
      if (state == "voided") {
        ok = ok && resolution_kind == "void_pending" && !r.is_null(6) && r.optional_text(7).value_or("") != "";
      }
      if (state != "pending") ok = ok && r.optional_integer(5) == r.optional_integer(3);
      if (!ok) {
        rows.push_back("hold " + std::to_string(r.integer(0)) + " state=" + state + " transfer kind=" + r.text(2) +
                       " resolution=" + resolution_kind.value_or("none"));
      }
    }
    auto orphans = c.execute(
        "SELECT p.id, p.transfer_key FROM ledger_transfers p LEFT JOIN ledger_holds h ON h.transfer_id = p.id "
        "WHERE p.kind = 'pending' AND h.transfer_id IS NULL ORDER BY p.id");
    for (const Row& r : orphans.rows) {
      rows.push_back("pending transfer " + std::to_string(r.integer(0)) + " key=" + r.text(1) + " has no hold record");
    }
    report("hold_consistent", "holds whose state disagrees with their transfers", std::move(rows));
  }
  return violations;
}

}  // namespace fairlabel::money
