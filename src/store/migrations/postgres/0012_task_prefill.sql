-- Pre-annotations (docs/formats.md): a task may carry labels a worker
-- starts from (imported from another tool's predictions or annotations).
-- A claim copies them into the new assignment's draft; the worker corrects
-- and submits as usual. NULL: the worker starts from nothing.
ALTER TABLE tasks ADD COLUMN prefill TEXT;  -- JSON, the submission payload shape
