-- The work pipeline: project work settings, published acceptance rules,
-- tasks with their overlap slots, assignments (a worker's lease on a slot,
-- with measured time, draft and submission), review verdicts per stage,
-- the event history, and workers' qualifications.
-- Conventions as in 0001: epoch microseconds, booleans 0/1, JSON as TEXT.

CREATE TABLE project_settings (
  project_id            INTEGER PRIMARY KEY REFERENCES projects(id),
  label_schema          TEXT NOT NULL,      -- JSON, docs/task-types.md
  piece_rate_minor      INTEGER NOT NULL,   -- per accepted submission, in `currency` minor units
  currency              TEXT NOT NULL,      -- ISO 4217
  time_estimate_seconds INTEGER NOT NULL,   -- the requester's estimate per task
  overlap               INTEGER NOT NULL,   -- independent workers per task
  max_overlap           INTEGER NOT NULL,   -- ceiling for dynamic overlap
  confidence_percent    INTEGER NOT NULL DEFAULT 70,  -- below it, a task gets another worker (up to max_overlap)
  review_stages         TEXT NOT NULL,      -- JSON array of stages
  gold_share_percent    INTEGER NOT NULL,
  eligibility           TEXT NOT NULL,      -- JSON {countries, regions, qualifications}
  lease_seconds         INTEGER NOT NULL,
  training              TEXT,               -- JSON {pass_percent, grants} for a training project
  updated_at            INTEGER NOT NULL
) STRICT;

CREATE TABLE rule_versions (
  project_id   INTEGER NOT NULL REFERENCES projects(id),
  version      INTEGER NOT NULL,
  clauses      TEXT NOT NULL,               -- JSON [{number, text}]
  published_by INTEGER NOT NULL REFERENCES users(id),
  published_at INTEGER NOT NULL,
  PRIMARY KEY (project_id, version)
) STRICT;

CREATE TABLE tasks (
  id         INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES projects(id),
  input      TEXT NOT NULL,                 -- JSON task input
  gold       TEXT,                          -- JSON expected answer; NULL for ordinary tasks
  status     TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'complete')),
  result     TEXT,                          -- JSON aggregated result
  confidence_ppm INTEGER,                   -- confidence of `result`, parts per million
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX tasks_by_project ON tasks(project_id, id);

-- One row per unit of overlap. A slot is open while assignment_id is NULL;
-- claiming sets it (conditionally, so no slot is handed out twice); an
-- expired lease or a rejection opens it again.
CREATE TABLE task_slots (
  id            INTEGER PRIMARY KEY,
  task_id       INTEGER NOT NULL REFERENCES tasks(id),
  project_id    INTEGER NOT NULL REFERENCES projects(id),
  slot_no       INTEGER NOT NULL,
  assignment_id INTEGER,
  UNIQUE (task_id, slot_no)
) STRICT;
CREATE INDEX task_slots_open ON task_slots(project_id, assignment_id, task_id);

CREATE TABLE assignments (
  id                INTEGER PRIMARY KEY,
  task_id           INTEGER NOT NULL REFERENCES tasks(id),
  project_id        INTEGER NOT NULL REFERENCES projects(id),
  worker_id         INTEGER NOT NULL REFERENCES users(id),
  slot_id           INTEGER REFERENCES task_slots(id),   -- NULL for gold tasks
  is_gold           INTEGER NOT NULL DEFAULT 0,
  status            TEXT NOT NULL CHECK (status IN ('leased', 'in_review', 'redo', 'accepted', 'rejected', 'expired')),
  rules_version     INTEGER NOT NULL,       -- the acceptance rules the worker accepted
  attempt           INTEGER NOT NULL DEFAULT 1,
  review_stage      INTEGER NOT NULL DEFAULT 0,
  claimed_at        INTEGER NOT NULL,
  lease_expires_at  INTEGER NOT NULL,
  last_heartbeat_at INTEGER NOT NULL,
  active_us         INTEGER NOT NULL DEFAULT 0,   -- measured active working time
  draft             TEXT,
  payload           TEXT,
  submitted_at      INTEGER,
  decided_at        INTEGER,
  UNIQUE (task_id, worker_id)               -- never the same task twice for one worker
) STRICT;
CREATE INDEX assignments_by_worker ON assignments(worker_id, id);
CREATE INDEX assignments_live_by_worker ON assignments(worker_id, status, project_id);
CREATE INDEX assignments_by_status ON assignments(status, lease_expires_at);
CREATE INDEX assignments_by_project ON assignments(project_id, id);

CREATE TABLE reviews (
  id                INTEGER PRIMARY KEY,
  assignment_id     INTEGER NOT NULL REFERENCES assignments(id),
  project_id        INTEGER NOT NULL REFERENCES projects(id),
  attempt           INTEGER NOT NULL,
  stage             INTEGER NOT NULL,
  status            TEXT NOT NULL CHECK (status IN ('open', 'claimed', 'decided')),
  reviewer_id       INTEGER REFERENCES users(id),
  opened_at         INTEGER NOT NULL,
  deadline_at       INTEGER NOT NULL,       -- no verdict by then: accepted automatically
  claimed_at        INTEGER,
  verdict           TEXT CHECK (verdict IN ('accept', 'accept_with_corrections', 'redo', 'reject', 'auto_accept')),
  reason_code       TEXT,
  clause            TEXT,
  comment           TEXT,
  evidence          TEXT,                   -- JSON array
  corrected_payload TEXT,
  diff              TEXT,
  decided_at        INTEGER
) STRICT;
CREATE INDEX reviews_queue ON reviews(project_id, stage, status, id);
CREATE INDEX reviews_by_deadline ON reviews(status, deadline_at);
CREATE INDEX reviews_by_assignment ON reviews(assignment_id, id);

CREATE TABLE work_events (
  id            INTEGER PRIMARY KEY,
  assignment_id INTEGER NOT NULL REFERENCES assignments(id),
  at            INTEGER NOT NULL,
  actor_id      INTEGER,                    -- NULL: the platform (a deadline)
  kind          TEXT NOT NULL,
  detail        TEXT NOT NULL               -- JSON
) STRICT;
CREATE INDEX work_events_by_assignment ON work_events(assignment_id, id);

CREATE TABLE user_qualifications (
  user_id       INTEGER NOT NULL REFERENCES users(id),
  qualification TEXT NOT NULL,
  granted_at    INTEGER NOT NULL,
  source        TEXT NOT NULL,
  PRIMARY KEY (user_id, qualification)
) STRICT;

-- The median measured time of a project's accepted work, kept up to date
-- incrementally: recomputed while there are few answers and then whenever
-- the count grew by 5 % (so an acceptance never scans the whole project).
CREATE TABLE project_medians (
  project_id         INTEGER PRIMARY KEY REFERENCES projects(id),
  accepted           INTEGER NOT NULL,
  median_seconds     INTEGER NOT NULL,
  refreshed_at_count INTEGER NOT NULL
) STRICT;
CREATE INDEX assignments_accepted_time ON assignments(project_id, status, active_us);
