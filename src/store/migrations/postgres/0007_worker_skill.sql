-- Per worker and project: the gold answers judged so far. Kept up to date in
-- the transaction that judges a gold answer (src/work/training.cc), so the
-- dispatcher and the fusers read a worker's skill with one indexed lookup
-- instead of replaying the events. Skill steers routing and fusion weights,
-- never pay.
CREATE TABLE worker_skill (
  project_id    BIGINT NOT NULL REFERENCES projects(id),
  worker_id     BIGINT NOT NULL REFERENCES users(id),
  gold_answered BIGINT NOT NULL DEFAULT 0,
  gold_correct  BIGINT NOT NULL DEFAULT 0 CHECK (gold_correct <= gold_answered),
  PRIMARY KEY (project_id, worker_id)
);

INSERT INTO worker_skill (project_id, worker_id, gold_answered, gold_correct)
SELECT a.project_id, a.worker_id, COUNT(*),
       SUM(CASE WHEN (e.detail::jsonb ->> 'correct')::boolean THEN 1 ELSE 0 END)
FROM work_events e JOIN assignments a ON a.id = e.assignment_id
WHERE e.kind = 'gold_feedback'
GROUP BY a.project_id, a.worker_id;

-- A contested slot is one dynamic overlap opened because the first answers
-- disagreed (src/work/task_results.cc). Open contested slots are few; the
-- partial index finds them without walking a project's open slots.
ALTER TABLE task_slots ADD COLUMN contested BIGINT NOT NULL DEFAULT 0;
CREATE INDEX task_slots_contested ON task_slots(project_id, task_id) WHERE assignment_id IS NULL AND contested = 1;

-- Fresh open slots in task order: the claim's first row. Without it the
-- planner may walk the (task_id, slot_no) key past every taken slot.
CREATE INDEX task_slots_fresh ON task_slots(project_id, task_id) WHERE assignment_id IS NULL AND contested = 0;
