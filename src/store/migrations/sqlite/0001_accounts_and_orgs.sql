-- Accounts, sessions, API keys, organisations and projects.
-- Conventions (see store/database.h): timestamps are epoch microseconds,
-- booleans 0/1, all in BIGINT-compatible INTEGER columns; STRICT tables.

CREATE TABLE users (
  id            INTEGER PRIMARY KEY,
  email         TEXT NOT NULL UNIQUE,          -- lowercased
  password_hash TEXT NOT NULL,                 -- libsodium argon2id string
  display_name  TEXT NOT NULL,
  country       TEXT,                          -- ISO 3166-1 alpha-2, drives the wage floor
  region        TEXT,                          -- ISO 3166-2 subdivision code or ''
  language      TEXT NOT NULL DEFAULT 'en',    -- BCP 47 tag for notices
  payout_method TEXT,                          -- JSON document
  status        TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'deactivated')),
  failed_logins INTEGER NOT NULL DEFAULT 0,
  locked_until  INTEGER,
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL
) STRICT;

CREATE TABLE user_roles (
  user_id    INTEGER NOT NULL REFERENCES users(id),
  role       TEXT NOT NULL CHECK (role IN ('worker', 'reviewer', 'requester', 'admin', 'auditor', 'council')),
  granted_at INTEGER NOT NULL,
  PRIMARY KEY (user_id, role)
) STRICT;

CREATE TABLE sessions (
  id           INTEGER PRIMARY KEY,
  token_hash   TEXT NOT NULL UNIQUE,           -- hex SHA-256 of the token; the token itself is never stored
  user_id      INTEGER NOT NULL REFERENCES users(id),
  created_at   INTEGER NOT NULL,
  expires_at   INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  revoked_at   INTEGER
) STRICT;
CREATE INDEX sessions_by_user ON sessions(user_id);

CREATE TABLE organisations (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL,
  slug       TEXT NOT NULL UNIQUE,
  created_by INTEGER NOT NULL REFERENCES users(id),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE org_members (
  org_id      INTEGER NOT NULL REFERENCES organisations(id),
  user_id     INTEGER NOT NULL REFERENCES users(id),
  member_role TEXT NOT NULL CHECK (member_role IN ('owner', 'member')),
  added_at    INTEGER NOT NULL,
  PRIMARY KEY (org_id, user_id)
) STRICT;
CREATE INDEX org_members_by_user ON org_members(user_id);

CREATE TABLE api_keys (
  id           INTEGER PRIMARY KEY,
  user_id      INTEGER NOT NULL REFERENCES users(id),
  name         TEXT NOT NULL,
  prefix       TEXT NOT NULL,                  -- first characters, shown to identify the key
  key_hash     TEXT NOT NULL UNIQUE,           -- hex SHA-256 of the key
  created_at   INTEGER NOT NULL,
  last_used_at INTEGER,
  revoked_at   INTEGER
) STRICT;
CREATE INDEX api_keys_by_user ON api_keys(user_id);

CREATE TABLE projects (
  id           INTEGER PRIMARY KEY,
  org_id       INTEGER NOT NULL REFERENCES organisations(id),
  name         TEXT NOT NULL,
  description  TEXT NOT NULL DEFAULT '',
  instructions TEXT NOT NULL DEFAULT '',       -- Markdown
  task_type    TEXT NOT NULL,
  status       TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'active', 'paused', 'archived')),
  version      INTEGER NOT NULL DEFAULT 1,     -- bumped on every update (optimistic concurrency)
  created_by   INTEGER NOT NULL REFERENCES users(id),
  created_at   INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL
) STRICT;
CREATE INDEX projects_by_org ON projects(org_id, id);
