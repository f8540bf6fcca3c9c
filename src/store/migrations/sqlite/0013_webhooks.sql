-- Project webhooks (src/webhooks/webhooks.h): subscriptions, the events
-- that happened, and the outbox of deliveries (one per event and
-- subscription), written in the transaction of the event's cause.
CREATE TABLE webhook_subscriptions (
  id          INTEGER PRIMARY KEY,
  project_id  INTEGER NOT NULL REFERENCES projects(id),
  url         TEXT NOT NULL,
  events      TEXT NOT NULL,                 -- JSON array of event types
  secret      TEXT NOT NULL,                 -- the signing key, kept so the server can sign
  active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  description TEXT NOT NULL DEFAULT '',
  created_by  INTEGER NOT NULL,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX webhook_subscriptions_by_project ON webhook_subscriptions(project_id, id);

-- One row per event. source_key names its cause ("task:12:completed"), so
-- an event is recorded once however often its cause is reported; event_id
-- is what receivers deduplicate on; body is the exact JSON sent.
CREATE TABLE webhook_events (
  id          INTEGER PRIMARY KEY,
  event_id    TEXT NOT NULL UNIQUE,
  source_key  TEXT NOT NULL UNIQUE,
  project_id  INTEGER NOT NULL,
  type        TEXT NOT NULL,
  body        TEXT NOT NULL,
  created_at  INTEGER NOT NULL
) STRICT;

-- The outbox. state: pending (due at next_attempt_at), sending (taken by
-- one server until next_attempt_at, the lease), delivered, failed.
CREATE TABLE webhook_deliveries (
  id              INTEGER PRIMARY KEY,
  subscription_id INTEGER NOT NULL REFERENCES webhook_subscriptions(id),
  event_row       INTEGER NOT NULL REFERENCES webhook_events(id),
  project_id      INTEGER NOT NULL,
  state           TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'delivered', 'failed')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_attempt_at INTEGER,
  last_status     INTEGER,                   -- the receiver's HTTP status, if it answered
  last_error      TEXT,
  delivered_at    INTEGER,
  created_at      INTEGER NOT NULL,
  UNIQUE (subscription_id, event_row)
) STRICT;
CREATE INDEX webhook_deliveries_due ON webhook_deliveries(state, next_attempt_at);
CREATE INDEX webhook_deliveries_by_subscription ON webhook_deliveries(subscription_id, id);
-- purge_finished() drops an event once no delivery refers to it.
CREATE INDEX webhook_deliveries_by_event ON webhook_deliveries(event_row);

-- batch.completed asks, at each task completion of a project with
-- webhooks, whether an ordinary task is still open: answered from this
-- small index rather than by reading the project's completed tasks.
CREATE INDEX tasks_open_by_project ON tasks(project_id) WHERE status = 'open' AND gold IS NULL;
