// A project's progress for its requesters (and admins, auditors: it only
// reads): tasks done and open as a picture, accepted work over time, how
// much the answers agreed, the escrow and the piece pay so far, and every
// task's status, result and confidence. All from GET /projects/{id},
// /tasks, /assignments, /settings and /escrow; nothing here changes data.

import { useEffect, useState } from 'preact/hooks';
import { useApp } from '../app';
import type { Escrow, Project } from '../api/types';
import { BarChart, StackedBar } from '../components/charts';
import { ErrorBanner, Link } from '../components/ui';
import { formatMoney } from '../lib/money';
import type { SettingsDoc } from './work_settings';
import {
  bucketLabel,
  countByStatus,
  describeResult,
  fetchAll,
  formatPercent,
  formatPpm,
  pieceCostMinor,
  summariseTasks,
  throughput,
  type ProjectAssignment,
  type ProjectTask,
} from './progress_logic';

interface Loaded {
  project: Project;
  tasks: ProjectTask[];
  assignments: ProjectAssignment[];
  settings: SettingsDoc | null;
  escrow: Escrow | null;
}

/** Shown per page of the task table; the rest behind "Show more" so a big project stays quick to read. */
const TASK_ROWS = 50;

export function ProgressPage({ projectId }: { projectId: number }) {
  const { api } = useApp();
  const [data, setData] = useState<Loaded | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [rows, setRows] = useState(TASK_ROWS);
  const [assignmentRows, setAssignmentRows] = useState(TASK_ROWS);

  useEffect(() => {
    (async () => {
      try {
        const get = <T,>(path: string) => api.get<T>(path);
        const [project, tasks, assignments] = await Promise.all([
          get<Project>(`/projects/${projectId}`),
          fetchAll<ProjectTask>(get, `/projects/${projectId}/tasks`),
          fetchAll<ProjectAssignment>(get, `/projects/${projectId}/assignments`),
        ]);
        // Settings and escrow are missing on a project not set up yet: the rest still shows.
        const [settings, escrow] = await Promise.all([
          get<SettingsDoc>(`/projects/${projectId}/settings`).catch(() => null),
          get<Escrow>(`/projects/${projectId}/escrow`).catch(() => null),
        ]);
        setData({ project, tasks, assignments, settings, escrow });
      } catch (e) {
        setError(e);
      }
    })();
  }, [api, projectId]);

  if (error)
    return (
      <section>
        <h1>Progress</h1>
        <ErrorBanner error={error} />
      </section>
    );
  if (!data) return <p aria-busy="true">Loading…</p>;

  const { project, tasks, assignments, settings, escrow } = data;
  const overlap = settings?.overlap ?? Math.min(...tasks.map((t) => t.slots), 1);
  const summary = summariseTasks(tasks, overlap);
  const flow = throughput(assignments);
  const byStatus = countByStatus(assignments);
  const newestFirst = [...assignments].sort((x, y) => y.id - x.id);
  const accepted = byStatus.find((s) => s.status === 'accepted')?.count ?? 0;

  return (
    <section>
      <p class="crumbs">
        <Link href={`/orgs/${project.org_id}`}>Organisation</Link> / <Link href={`/projects/${project.id}`}>{project.name}</Link> /
      </p>
      <h1>Progress: {project.name}</h1>

      <section class="card" aria-labelledby="progress-tasks">
        <h2 id="progress-tasks">Tasks</h2>
        <StackedBar
          title="Tasks by status"
          segments={[
            { label: 'Complete', value: summary.complete, className: 'seg-complete' },
            { label: 'Open', value: summary.open, className: 'seg-open' },
          ]}
        />
        <dl class="stats">
          <div>
            <dt>Tasks</dt>
            <dd>{summary.total}</dd>
          </div>
          <div>
            <dt>Complete</dt>
            <dd>{summary.complete}</dd>
          </div>
          <div>
            <dt>Gold (known answer)</dt>
            <dd>{summary.gold}</dd>
          </div>
          <div>
            <dt>Mean confidence of results</dt>
            <dd>{formatPercent(summary.meanConfidence)}</dd>
          </div>
          <div>
            <dt>Needed extra workers</dt>
            <dd>
              {formatPercent(summary.extraWorkersShare)}{' '}
              <span class="muted">({summary.extraWorkers})</span>
            </dd>
          </div>
        </dl>
        <p class="muted">
          A task gets another worker when its answers agree less than the project's confidence threshold (the normal
          overlap is {overlap} answer{overlap === 1 ? '' : 's'} per task).
        </p>
      </section>

      <section class="card" aria-labelledby="progress-throughput">
        <h2 id="progress-throughput">Accepted work over time</h2>
        {flow.buckets.length === 0 ? (
          <p>No work has been accepted yet.</p>
        ) : (
          <BarChart
            title={`Accepted assignments per ${flow.unit}`}
            description={flow.buckets.map((b) => `${bucketLabel(b.start, flow.unit)} ${b.count}`).join(', ')}
            bars={flow.buckets.map((b) => ({ label: bucketLabel(b.start, flow.unit), value: b.count }))}
          />
        )}
        <p class="muted">Per {flow.unit}, UTC. Assignments by status:</p>
        <table class="table" aria-label="Assignments by status">
          <thead>
            <tr>
              <th scope="col">Status</th>
              <th scope="col">Assignments</th>
            </tr>
          </thead>
          <tbody>
            {byStatus.length === 0 ? (
              <tr>
                <td colSpan={2}>No assignments yet.</td>
              </tr>
            ) : (
              byStatus.map((s) => (
                <tr key={s.status}>
                  <td>{s.status}</td>
                  <td>{s.count}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </section>

      <section class="card" aria-labelledby="progress-money">
        <h2 id="progress-money">Escrow and cost so far</h2>
        {settings && (
          <p>
            Piece pay for {accepted} accepted assignment{accepted === 1 ? '' : 's'}:{' '}
            <strong>{formatMoney(pieceCostMinor(assignments, settings.piece_rate_minor), settings.currency)}</strong>{' '}
            <span class="muted">(platform fee and any wage-floor top-ups come on top; the escrow shows what is left)</span>
          </p>
        )}
        {!escrow || escrow.items.length === 0 ? (
          <p>Nothing deposited into this project's escrow yet.</p>
        ) : (
          <table class="table" aria-label="Escrow">
            <thead>
              <tr>
                <th scope="col">Currency</th>
                <th scope="col">Balance</th>
                <th scope="col">Available</th>
              </tr>
            </thead>
            <tbody>
              {escrow.items.map((a) => (
                <tr key={`${a.purpose}-${a.currency}`}>
                  <td>{a.currency}</td>
                  <td>{formatMoney(a.balance.minor, a.balance.currency)}</td>
                  <td>{formatMoney(a.available.minor, a.available.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section class="card" aria-labelledby="progress-results">
        <h2 id="progress-results">Results per task</h2>
        {tasks.length === 0 ? (
          <p>No tasks imported yet.</p>
        ) : (
          <>
            <table class="table" aria-label="Tasks with status, result and confidence">
              <thead>
                <tr>
                  <th scope="col">Task</th>
                  <th scope="col">Status</th>
                  <th scope="col">Slots taken</th>
                  <th scope="col">Result</th>
                  <th scope="col">Confidence</th>
                </tr>
              </thead>
              <tbody>
                {tasks.slice(0, rows).map((t) => (
                  <tr key={t.id}>
                    <td>
                      #{t.id}
                      {t.is_gold && <span class="muted"> (gold)</span>}
                    </td>
                    <td>{t.status}</td>
                    <td>
                      {t.slots_taken} / {t.slots}
                    </td>
                    <td>{describeResult(t.result)}</td>
                    <td>{formatPpm(t.confidence_ppm)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {tasks.length > rows && (
              <button type="button" onClick={() => setRows(rows + TASK_ROWS)}>
                Show more tasks ({tasks.length - rows} more)
              </button>
            )}
          </>
        )}
      </section>

      <section class="card" aria-labelledby="progress-assignments">
        <h2 id="progress-assignments">Assignments</h2>
        {assignments.length === 0 ? (
          <p>No task has been claimed yet.</p>
        ) : (
          <>
            <table class="table" aria-label="Assignments, newest first">
              <thead>
                <tr>
                  <th scope="col">Assignment</th>
                  <th scope="col">Task</th>
                  <th scope="col">Worker</th>
                  <th scope="col">Status</th>
                  <th scope="col">Attempt</th>
                  <th scope="col">Decided</th>
                </tr>
              </thead>
              <tbody>
                {newestFirst.slice(0, assignmentRows).map((a) => (
                  <tr key={a.id}>
                    <td>
                      #{a.id}
                      {a.is_gold && <span class="muted"> (gold)</span>}
                    </td>
                    <td>#{a.task_id}</td>
                    <td>{a.worker_id}</td>
                    <td>{a.status}</td>
                    <td>{a.attempt}</td>
                    <td>{a.decided_at ? new Date(a.decided_at).toLocaleString() : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {assignments.length > assignmentRows && (
              <button type="button" onClick={() => setAssignmentRows(assignmentRows + TASK_ROWS)}>
                Show more assignments ({assignments.length - assignmentRows} more)
              </button>
            )}
          </>
        )}
      </section>
    </section>
  );
}
