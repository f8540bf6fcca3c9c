-- The double-entry ledger (src/money/ledger.h documents every invariant).
-- Money is INTEGER minor units of the account's ISO 4217 currency.

CREATE TABLE ledger_accounts (
  id              INTEGER PRIMARY KEY,
  owner_kind      TEXT NOT NULL CHECK (owner_kind IN ('worker', 'project', 'org', 'platform', 'external')),
  owner_id        INTEGER NOT NULL,
  purpose         TEXT NOT NULL,
  currency        TEXT NOT NULL,
  non_negative    INTEGER NOT NULL CHECK (non_negative IN (0, 1)),
  balance         INTEGER NOT NULL DEFAULT 0,   -- posted credits minus posted debits
  pending_debits  INTEGER NOT NULL DEFAULT 0,   -- held (pending) amounts leaving the account
  pending_credits INTEGER NOT NULL DEFAULT 0,   -- held amounts coming in
  created_at      INTEGER NOT NULL,
  UNIQUE (owner_kind, owner_id, purpose, currency),
  CHECK (non_negative = 0 OR balance - pending_debits >= 0),
  CHECK (pending_debits >= 0 AND pending_credits >= 0)
) STRICT;

-- No FOREIGN KEY clauses on transfers: they would cost two lookups per
-- insert on the hottest path, and the same checks happen anyway — every
-- transfer updates both of its accounts in the same transaction (matching
-- id AND currency, or the post fails), and `fairlabel ledger verify`
-- reports any transfer whose accounts are missing or of another currency.
CREATE TABLE ledger_transfers (
  id             INTEGER PRIMARY KEY,
  transfer_key   TEXT NOT NULL UNIQUE,          -- the idempotency id: posts at most once
  kind           TEXT NOT NULL CHECK (kind IN ('posted', 'pending', 'post_pending', 'void_pending')),
  debit_account  INTEGER NOT NULL,                  -- ledger_accounts(id); see the note above
  credit_account INTEGER NOT NULL,
  amount         INTEGER NOT NULL CHECK (amount > 0),
  currency       TEXT NOT NULL,
  reason         TEXT NOT NULL,
  cause_kind     TEXT NOT NULL,
  cause_id       INTEGER NOT NULL,
  pending_id     INTEGER,                           -- the hold a post/void resolves (unique: see below)
  detail         TEXT NOT NULL,                 -- JSON facts for statements (seconds, rate)
  created_at     INTEGER NOT NULL,
  digest         TEXT NOT NULL,                 -- BLAKE2b of the body; verify() recomputes it
  CHECK (debit_account <> credit_account)
) STRICT;
CREATE INDEX ledger_transfers_by_debit ON ledger_transfers(debit_account, created_at);
CREATE INDEX ledger_transfers_by_credit ON ledger_transfers(credit_account, created_at);
-- A hold is resolved at most once. Partial: most transfers resolve no hold.
CREATE UNIQUE INDEX ledger_transfers_resolving ON ledger_transfers(pending_id) WHERE pending_id IS NOT NULL;

CREATE TRIGGER ledger_transfers_no_update BEFORE UPDATE ON ledger_transfers
BEGIN
  SELECT RAISE(ABORT, 'ledger transfers are immutable');
END;
CREATE TRIGGER ledger_transfers_no_delete BEFORE DELETE ON ledger_transfers
BEGIN
  SELECT RAISE(ABORT, 'ledger transfers are immutable');
END;

CREATE TABLE ledger_holds (
  transfer_id         INTEGER PRIMARY KEY REFERENCES ledger_transfers(id),
  worker_id           INTEGER,                  -- whose money is held (who sees the hold), if a worker's
  hold_reason         TEXT NOT NULL,
  release_at          INTEGER NOT NULL,
  state               TEXT NOT NULL CHECK (state IN ('pending', 'posted', 'voided')),
  resolved_at         INTEGER,
  resolution_transfer INTEGER REFERENCES ledger_transfers(id),
  decided_by          INTEGER,                  -- who voided (or released early); NULL: the deadline
  decision_reason     TEXT
) STRICT;
CREATE INDEX ledger_holds_due ON ledger_holds(state, release_at);
CREATE INDEX ledger_holds_by_worker ON ledger_holds(worker_id, state);

-- Time counted for pay, per worker, project and currency (src/money/pay_service.h):
-- the input of the pay-period wage-floor top-up.
CREATE TABLE pay_time_entries (
  id              INTEGER PRIMARY KEY,
  worker_id       INTEGER NOT NULL,
  project_id      INTEGER NOT NULL,
  currency        TEXT NOT NULL,
  counted_seconds INTEGER NOT NULL CHECK (counted_seconds >= 0),
  net_pay         INTEGER NOT NULL CHECK (net_pay >= 0),
  kind            TEXT NOT NULL CHECK (kind IN ('accepted', 'rejected')),
  cause_kind      TEXT NOT NULL,
  cause_id        INTEGER NOT NULL,
  occurred_at     INTEGER NOT NULL,
  hold_id         INTEGER,                      -- pay held: the entry does not count once the hold is voided
  UNIQUE (kind, cause_kind, cause_id)
) STRICT;
CREATE INDEX pay_time_entries_by_worker ON pay_time_entries(worker_id, currency, occurred_at);

CREATE TABLE pay_period_closes (
  id              INTEGER PRIMARY KEY,
  worker_id       INTEGER NOT NULL,
  currency        TEXT NOT NULL,
  period_start    INTEGER NOT NULL,
  period_end      INTEGER NOT NULL,
  counted_seconds INTEGER NOT NULL,
  net_pay         INTEGER NOT NULL,
  floor_pay       INTEGER NOT NULL,
  top_up          INTEGER NOT NULL,
  floor_basis     TEXT NOT NULL,                -- which wage-table row, for the statement
  closed_at       INTEGER NOT NULL,
  UNIQUE (worker_id, currency, period_start)
) STRICT;

-- Payouts (src/money/payouts.h).
CREATE TABLE payout_batches (
  id              INTEGER PRIMARY KEY,
  provider        TEXT NOT NULL CHECK (provider IN ('paypal', 'bank_csv', 'mpesa')),
  currency        TEXT NOT NULL,
  sender_batch_id TEXT NOT NULL UNIQUE,         -- never reused (derived from id)
  created_at      INTEGER NOT NULL
) STRICT;

CREATE TABLE payout_items (
  id               INTEGER PRIMARY KEY,
  batch_id         INTEGER NOT NULL REFERENCES payout_batches(id),
  worker_id        INTEGER NOT NULL,
  currency         TEXT NOT NULL,
  amount           INTEGER NOT NULL CHECK (amount > 0),
  recipient_type   TEXT NOT NULL,
  receiver         TEXT NOT NULL,
  account_holder   TEXT NOT NULL,
  state            TEXT NOT NULL CHECK (state IN ('pending', 'succeeded', 'failed')),
  provider_ref     TEXT,
  failure_reason   TEXT,
  result_at        INTEGER,
  UNIQUE (batch_id, worker_id)
) STRICT;
CREATE INDEX payout_items_by_worker ON payout_items(worker_id);
