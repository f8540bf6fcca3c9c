-- Scheduled payout batches (src/money/payout_schedule.h): one row per
-- (period, provider, currency) claims that period's run. The UNIQUE
-- constraint is what makes a run happen exactly once, however many server
-- processes tick at the same moment: the first insert wins, the others
-- match the existing row and do nothing.
CREATE TABLE payout_schedule_runs (
  id             INTEGER PRIMARY KEY,
  period_start   INTEGER NOT NULL,              -- the scheduled moment (epoch microseconds, UTC)
  provider       TEXT NOT NULL CHECK (provider IN ('paypal', 'bank_csv', 'mpesa')),
  currency       TEXT NOT NULL,
  minimum        INTEGER NOT NULL CHECK (minimum >= 0),  -- minor units, as configured for this run
  batch_id       INTEGER REFERENCES payout_batches(id),  -- NULL: nobody was due
  items          INTEGER NOT NULL DEFAULT 0,
  deferred       INTEGER NOT NULL DEFAULT 0,    -- workers owed money but below the minimum or without a method
  ran_at         INTEGER NOT NULL,
  UNIQUE (period_start, provider, currency)
) STRICT;
