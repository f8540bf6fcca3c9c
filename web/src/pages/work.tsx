// The worker's pages: offers (pay, median time and the hourly rate beside
// the local minimum wage, before accepting), the tasks they hold, the task
// player on a real assignment, and practice tasks.

import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { useApp } from '../app';
import { ApiError } from '../api/client';
import { WORKABLE_STATUSES, type Assignment, type Payload, type TaskType, type Verdict, type WorkOffer } from '../api/types';
import { ErrorBanner, Link, navigate, Notice } from '../components/ui';
import { formatMoney } from '../lib/money';
import { ServerMedia, SampleMedia } from '../tools/media';
import { TASK_TYPE_NAMES } from '../tools/registry';
import { sampleAssignment } from '../tools/samples';
import { TaskPlayer } from '../tools/TaskPlayer';
import { TermsAcceptance } from './terms';
import { isTermsRefusal } from './terms_logic';

function notOnServer(e: unknown): boolean {
  return e instanceof ApiError && e.status === 404 && e.code === 'route_not_found';
}

export function WorkPage() {
  const { api } = useApp();
  const [offers, setOffers] = useState<WorkOffer[] | null>(null);
  const [held, setHeld] = useState<Assignment[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [missing, setMissing] = useState(false);
  const [claiming, setClaiming] = useState<number | null>(null);
  /** A claim refused until the worker accepts the terms in force: the project to claim from once they do. */
  const [termsFor, setTermsFor] = useState<{ projectId: number; detail: string } | null>(null);

  useEffect(() => {
    api
      .get<{ items: WorkOffer[] } | WorkOffer[]>('/work/projects')
      .then((r) => setOffers(Array.isArray(r) ? r : r.items))
      .catch((e) => (notOnServer(e) ? setMissing(true) : setError(e)));
    api
      .get<{ items: Assignment[] } | Assignment[]>('/me/assignments')
      .then((r) => setHeld(Array.isArray(r) ? r : r.items))
      .catch((e) => (notOnServer(e) ? setMissing(true) : setError(e)));
  }, []);

  const claim = async (projectId: number) => {
    setClaiming(projectId);
    setError(null);
    setTermsFor(null);
    try {
      const assignment = await api.post<Assignment>(`/work/projects/${projectId}/claim`);
      navigate(`/assignments/${assignment.id}`);
    } catch (e) {
      if (isTermsRefusal(e)) setTermsFor({ projectId, detail: e.detail });
      else setError(e);
    } finally {
      setClaiming(null);
    }
  };

  return (
    <section>
      <h1>Work</h1>
      <ErrorBanner error={error} />
      {termsFor && (
        <TermsAcceptance
          reason={`Claiming a task needs the current platform terms accepted (the server says: ${termsFor.detail}). Once you accept, the task is claimed.`}
          onAccepted={() => claim(termsFor.projectId)}
        />
      )}
      {missing && <Notice>This server does not offer paid work yet (the work API is not installed). Practise the tools meanwhile.</Notice>}
      {held && held.length > 0 && (
        <section class="card" aria-labelledby="held">
          <h2 id="held">Tasks you hold</h2>
          <ul class="list">
            {held.map((a) => (
              <li key={a.id}>
                <Link href={`/assignments/${a.id}`}>
                  {a.task_type ? `${TASK_TYPE_NAMES[a.task_type]} task` : 'Task'} {a.task_id}
                </Link>{' '}
                <span class="muted">
                  project {a.project_id} · {a.status}
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
      {offers && (
        <section class="card" aria-labelledby="offers">
          <h2 id="offers">Available work</h2>
          {offers.length === 0 ? (
            <p>No work is open for you right now.</p>
          ) : (
            <table class="table">
              <thead>
                <tr>
                  <th scope="col">Project</th>
                  <th scope="col">Type</th>
                  <th scope="col">Pay per task</th>
                  <th scope="col">Median time</th>
                  <th scope="col">Hourly rate</th>
                  <th scope="col">Your local minimum</th>
                  <th scope="col"><span class="visually-hidden">Action</span></th>
                </tr>
              </thead>
              <tbody>
                {offers.map((o) => {
                  const minimum = o.local_minimum_hourly_minor ?? null;
                  const rate = o.hourly_rate_minor || null; // 0: no median to compute it from
                  const below = rate !== null && minimum !== null && rate < minimum;
                  return (
                    <tr key={o.project_id}>
                      <td>
                        {o.name}
                        {o.open_slots !== undefined && <span class="muted"> · {o.open_slots} open</span>}
                      </td>
                      <td>{TASK_TYPE_NAMES[o.task_type] ?? o.task_type}</td>
                      <td>{formatMoney(o.piece_rate_minor, o.currency)}</td>
                      <td>
                        {o.median_seconds ? `${o.median_seconds} s` : 'not known yet'}
                        {o.median_seconds && o.median_is_estimate ? <span class="muted"> (requester's estimate)</span> : null}
                      </td>
                      <td class={below ? 'below-floor' : ''}>
                        {rate === null ? '—' : `${formatMoney(rate, o.currency)}/h`}
                        {below && ' (topped up to the minimum)'}
                      </td>
                      <td>{minimum === null ? 'not known yet' : `${formatMoney(minimum, o.currency)}/h`}</td>
                      <td>
                        <button type="button" onClick={() => claim(o.project_id)} disabled={claiming !== null}>
                          Accept a task<span class="visually-hidden"> from {o.name}</span>
                        </button>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </section>
      )}
      <section class="card" aria-labelledby="practice">
        <h2 id="practice">Practice</h2>
        <ul class="inline-list">
          {(Object.keys(TASK_TYPE_NAMES) as TaskType[]).map((t) => (
            <li key={t}>
              <Link href={`/play/sample/${t}`}>{TASK_TYPE_NAMES[t]}</Link>
            </li>
          ))}
        </ul>
      </section>
    </section>
  );
}

const HEARTBEAT_SECONDS = 15; // the server counts gaps up to 60 s as active
const IDLE_SECONDS = 60;

export function AssignmentPage({ assignmentId }: { assignmentId: number }) {
  const { api } = useApp();
  const media = useMemo(() => new ServerMedia(api), [api]);
  const [assignment, setAssignment] = useState<Assignment | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [submitted, setSubmitted] = useState(false);
  const [activeSeconds, setActiveSeconds] = useState<number | undefined>(undefined);
  const lastInput = useRef(Date.now());

  useEffect(() => {
    api.get<Assignment>(`/assignments/${assignmentId}`).then(setAssignment, setError);
  }, [assignmentId]);

  // Heartbeats while the page is open: `active` when it is visible and was used in the last minute.
  useEffect(() => {
    if (!assignment || submitted) return;
    const touch = () => (lastInput.current = Date.now());
    window.addEventListener('keydown', touch);
    window.addEventListener('pointerdown', touch);
    const beat = () => {
      const active = document.visibilityState === 'visible' && Date.now() - lastInput.current < IDLE_SECONDS * 1000;
      api
        .post<{ active_seconds: number }>(`/assignments/${assignment.id}/heartbeat`, { active })
        .then((r) => setActiveSeconds(r.active_seconds), () => undefined);
    };
    const timer = setInterval(beat, HEARTBEAT_SECONDS * 1000);
    return () => {
      clearInterval(timer);
      window.removeEventListener('keydown', touch);
      window.removeEventListener('pointerdown', touch);
    };
  }, [assignment, submitted]);

  if (error) return (<section><h1>Task</h1><ErrorBanner error={error} /></section>);
  if (!assignment) return <p aria-busy="true">Loading the task…</p>;
  const verdicts = <Verdicts verdicts={assignment.verdicts ?? []} />;
  if (!submitted && !WORKABLE_STATUSES.includes(assignment.status)) {
    return (
      <section>
        <h1>Task {assignment.task_id}</h1>
        <p>
          This task is <strong>{assignment.status}</strong>: there is nothing more to do on it.
        </p>
        {verdicts}
        <Link href="/work">Back to work</Link>
      </section>
    );
  }
  if (submitted) {
    return (
      <section>
        <h1>Submitted</h1>
        <p>Thank you. Your work is in review; you will see the verdict and its reasons under Work.</p>
        <Link href="/work">Back to work</Link>
      </section>
    );
  }
  return (
    <>
    {assignment.status === 'redo' && verdicts}
    <TaskPlayer
      // A redo continues from the submitted work unless a newer draft exists.
      assignment={{ ...assignment, draft: assignment.draft ?? assignment.payload ?? null }}
      media={media}
      activeSeconds={activeSeconds}
      saveDraft={(payload: Payload, closing: boolean) => api.put(`/assignments/${assignment.id}/draft`, { payload }, closing)}
      submit={async (payload: Payload) => {
        await api.post(`/assignments/${assignment.id}/submit`, { payload });
        setSubmitted(true);
      }}
    />
    </>
  );
}

const VERDICT_NAMES: Record<string, string> = {
  accept: 'Accepted',
  accept_with_corrections: 'Accepted with corrections',
  redo: 'Sent back to redo',
  reject: 'Rejected',
};

/** The decisions on this work, with their reasons, clause and comment. */
function Verdicts({ verdicts }: { verdicts: Verdict[] }) {
  const decided = verdicts.filter((v) => v.verdict);
  if (decided.length === 0) return null;
  return (
    <section class="card" aria-labelledby="verdicts-title">
      <h2 id="verdicts-title">Review decisions</h2>
      <ul class="list">
        {decided.map((v) => (
          <li key={v.review_id}>
            <strong>{VERDICT_NAMES[v.verdict!] ?? v.verdict}</strong> at stage {v.stage + 1}, attempt {v.attempt}
            {v.reason_code && <> — reason: {v.reason_code}</>}
            {v.clause && <> — rule {v.clause}</>}
            {v.comment && <p>{v.comment}</p>}
          </li>
        ))}
      </ul>
    </section>
  );
}

const PRACTICE_KEY = (type: TaskType) => `fairlabel.practice.${type}`;

export function SamplePage({ taskType }: { taskType: TaskType }) {
  const media = useMemo(() => new SampleMedia(), []);
  const [result, setResult] = useState<Payload | null>(null);
  const assignment = useMemo(() => {
    const a = sampleAssignment(taskType);
    try {
      const saved = localStorage.getItem(PRACTICE_KEY(taskType));
      if (saved) a.draft = JSON.parse(saved);
    } catch {
      /* no storage: start fresh */
    }
    return a;
  }, [taskType]);

  return (
    <>
      <p class="crumbs">
        <Link href="/work">Work</Link> / Practice — nothing here is submitted or paid.{' '}
        <button
          type="button"
          class="link-button"
          onClick={() => {
            localStorage.removeItem(PRACTICE_KEY(taskType));
            location.reload();
          }}
        >
          Start over
        </button>
      </p>
      <TaskPlayer
        key={taskType}
        assignment={assignment}
        media={media}
        submitLabel="Check answer"
        saveDraft={async (payload) => localStorage.setItem(PRACTICE_KEY(taskType), JSON.stringify(payload))}
        submit={async (payload) => setResult(payload)}
      />
      {result && (
        <section class="card" aria-labelledby="payload-title">
          <h2 id="payload-title">Your answer is complete</h2>
          <p>This is exactly what would be submitted:</p>
          <pre class="payload" data-testid="payload">{JSON.stringify(result, null, 2)}</pre>
        </section>
      )}
    </>
  );
}
