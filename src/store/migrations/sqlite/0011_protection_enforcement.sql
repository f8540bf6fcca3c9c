-- Worker protection (issue 7), the remaining pieces: rejections held for a
-- second admin's approval (anti-retaliation), announcements, and versioned
-- platform terms with each worker's acceptance. See src/protection/ and
-- src/work/work_service.h.

-- A reject verdict on a worker who opened a dispute in the last 30 days
-- waits here, with everything needed to apply it, until an admin other
-- than the reviewer approves or refuses it (or the review deadline passes:
-- then the work is accepted). The review itself stays 'claimed' meanwhile.
CREATE TABLE held_rejections (
  review_id       INTEGER PRIMARY KEY REFERENCES reviews(id),
  assignment_id   INTEGER NOT NULL REFERENCES assignments(id),
  worker_id       INTEGER NOT NULL REFERENCES users(id),
  reviewer_id     INTEGER NOT NULL REFERENCES users(id),
  reason_code     TEXT NOT NULL,
  clause          TEXT NOT NULL,
  comment         TEXT,
  evidence        TEXT NOT NULL,           -- JSON array, as pinned by the reviewer
  fraud           INTEGER NOT NULL DEFAULT 0,
  why_held        TEXT NOT NULL,           -- JSON object (the recent dispute)
  state           TEXT NOT NULL CHECK (state IN ('pending', 'approved', 'refused', 'lapsed')),
  held_at         INTEGER NOT NULL,
  decided_by      INTEGER,                 -- NULL while pending, or lapsed by the deadline
  decided_at      INTEGER,
  decision_reason TEXT
) STRICT;
CREATE INDEX held_rejections_by_state ON held_rejections(state, held_at);

-- Announcements to workers: to everyone who works here, or to a project's
-- workers. (No team or site concept exists yet.)
CREATE TABLE announcements (
  id           INTEGER PRIMARY KEY,
  scope        TEXT NOT NULL CHECK (scope IN ('project', 'all_workers')),
  project_id   INTEGER REFERENCES projects(id),
  title        TEXT NOT NULL,
  body         TEXT NOT NULL,
  language     TEXT,
  author_id    INTEGER NOT NULL REFERENCES users(id),
  published_at INTEGER NOT NULL
) STRICT;
CREATE INDEX announcements_by_scope ON announcements(scope, project_id, id);

-- Versioned platform terms: 1, 2, 3, … The newest is in force.
CREATE TABLE platform_terms (
  version      INTEGER PRIMARY KEY,
  text         TEXT NOT NULL,
  published_by INTEGER NOT NULL REFERENCES users(id),
  published_at INTEGER NOT NULL
) STRICT;

CREATE TABLE terms_acceptances (
  user_id     INTEGER NOT NULL REFERENCES users(id),
  version     INTEGER NOT NULL REFERENCES platform_terms(version),
  accepted_at INTEGER NOT NULL,
  PRIMARY KEY (user_id, version)
) STRICT;

-- The platform terms in force when the assignment was claimed (NULL: none
-- were published then), as rules_version records the project's rules.
ALTER TABLE assignments ADD COLUMN terms_version INTEGER;
