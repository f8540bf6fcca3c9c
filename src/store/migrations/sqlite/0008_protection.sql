-- Worker protection (issue 7): the hash-chained audit log, disputes with
-- deadlines, due-process sanctions, retaliation flags and per-worker
-- notifications. See src/audit/audit_log.h and src/protection/.

-- Append-only, hash-chained (src/audit/audit_log.h). The triggers stop
-- accidental changes; the chain makes deliberate ones detectable.
CREATE TABLE audit_log (
  seq       INTEGER PRIMARY KEY,
  at        INTEGER NOT NULL,
  actor_id  INTEGER,                 -- NULL: the platform (a deadline)
  action    TEXT NOT NULL,
  subject   TEXT NOT NULL,           -- "dispute:4", "assignment:12", "user:7"
  reason    TEXT NOT NULL,
  detail    TEXT NOT NULL,           -- JSON object
  prev_hash TEXT NOT NULL,
  hash      TEXT NOT NULL
) STRICT;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'the audit log is append-only');
END;
-- The chain's head: one row, updated by every append (it serialises
-- appenders and lets verify notice a removed last entry).
CREATE TABLE audit_head (
  id   INTEGER PRIMARY KEY CHECK (id = 1),
  seq  INTEGER NOT NULL,
  hash TEXT NOT NULL
) STRICT;
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TABLE disputes (
  id              INTEGER PRIMARY KEY,
  worker_id       INTEGER NOT NULL REFERENCES users(id),
  category        TEXT NOT NULL CHECK (category IN ('payment', 'rejection', 'sanction', 'other')),
  hold_id         INTEGER,
  assignment_id   INTEGER,
  sanction_id     INTEGER,
  summary         TEXT NOT NULL,
  status          TEXT NOT NULL CHECK (status IN ('open', 'answered', 'decided')),
  opened_at       INTEGER NOT NULL,
  answer_due_at   INTEGER NOT NULL,
  decision_due_at INTEGER NOT NULL,
  first_answer_at INTEGER,
  escalated_at    INTEGER,
  escalation      TEXT,
  outcome         TEXT CHECK (outcome IN ('upheld', 'denied', 'upheld_by_deadline')),
  decided_by      INTEGER,
  decided_at      INTEGER,
  decision_rule   TEXT,
  decision_reason TEXT,
  amount          INTEGER,
  currency        TEXT,
  transfer_id     INTEGER
) STRICT;
CREATE INDEX disputes_by_worker ON disputes(worker_id, opened_at);
CREATE INDEX disputes_due ON disputes(status, decision_due_at);

CREATE TABLE dispute_messages (
  id         INTEGER PRIMARY KEY,
  dispute_id INTEGER NOT NULL REFERENCES disputes(id),
  author_id  INTEGER NOT NULL REFERENCES users(id),
  body       TEXT NOT NULL,
  at         INTEGER NOT NULL
) STRICT;
CREATE INDEX dispute_messages_by_dispute ON dispute_messages(dispute_id, id);

CREATE TABLE sanctions (
  id                    INTEGER PRIMARY KEY,
  worker_id             INTEGER NOT NULL REFERENCES users(id),
  level                 TEXT NOT NULL CHECK (level IN ('warning', 'project_removal', 'suspension', 'deactivation')),
  project_id            INTEGER,
  reason_code           TEXT NOT NULL,
  evidence              TEXT NOT NULL,
  notice                TEXT NOT NULL,
  language              TEXT NOT NULL,
  state                 TEXT NOT NULL CHECK (state IN ('proposed', 'interim', 'confirmed', 'refused', 'lapsed')),
  immediate_basis       TEXT CHECK (immediate_basis IN ('fraud', 'safety')),
  proposed_by           INTEGER NOT NULL REFERENCES users(id),
  proposed_at           INTEGER NOT NULL,
  answer_due_at         INTEGER NOT NULL,
  lapses_at             INTEGER,
  worker_answer         TEXT,
  answered_at           INTEGER,
  retaliation_flag      INTEGER NOT NULL DEFAULT 0,
  retaliation_dispute   INTEGER,
  approved_by           INTEGER,
  approved_at           INTEGER,
  decided_by            INTEGER,
  decided_at            INTEGER,
  decision_reason       TEXT
) STRICT;
CREATE INDEX sanctions_by_worker ON sanctions(worker_id, proposed_at);
CREATE INDEX sanctions_lapsing ON sanctions(state, lapses_at);

-- Events that may be retaliation: a sanction or rejection of a worker who
-- opened a dispute in the 30 days before (counted in the transparency report).
CREATE TABLE retaliation_flags (
  id          INTEGER PRIMARY KEY,
  worker_id   INTEGER NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('sanction', 'rejection')),
  subject_id  INTEGER NOT NULL,
  dispute_id  INTEGER NOT NULL,
  flagged_at  INTEGER NOT NULL,
  approved_by INTEGER,
  approved_at INTEGER,
  UNIQUE (kind, subject_id)
) STRICT;

CREATE TABLE notifications (
  id         INTEGER PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES users(id),
  kind       TEXT NOT NULL,
  subject    TEXT NOT NULL,
  language   TEXT NOT NULL,
  body       TEXT NOT NULL,          -- JSON object
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX notifications_by_user ON notifications(user_id, id);
