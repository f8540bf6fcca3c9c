-- Per project, the secret key that turns worker ids into the pseudonyms
-- exports carry (src/exporting/pseudonyms.h): stable within one project,
-- unlinkable across projects, not reversible without the key. Created on
-- the project's first export that names workers.
CREATE TABLE export_pseudonym_keys (
  project_id INTEGER PRIMARY KEY REFERENCES projects(id),
  secret     TEXT NOT NULL             -- 32 random bytes, hex
) STRICT;
