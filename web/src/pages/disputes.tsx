// Disputes (src/protection/disputes.h). A worker lists their own, with the
// deadlines the platform promised, and opens one about a held payment, a
// rejected task, a sanction or anything else (GET /dispute-categories
// publishes each category's deadlines). Admins and auditors see the queue of
// every dispute, overdue first, filtered by status and category. One
// dispute's page (DisputePage) shows the thread, the reply box, and the
// decision; admins answer and decide there, citing a rule.

import { useEffect, useState } from 'preact/hooks';
import { hasRole, useApp } from '../app';
import type { Dispute, DisputeCategory, Hold, Sanction } from '../api/types';
import { ApiError } from '../api/client';
import { describedBy, ErrorBanner, Field, focusSoon, Link, navigate, Notice, ProblemBanner, SubmitButton, useErrorFocus } from '../components/ui';
import { formatMoney } from '../lib/money';
import { localTime } from './earnings_logic';
import {
  categoryPromise,
  checkDecisionForm,
  checkDisputeForm,
  deadline,
  disputeStatusName,
  filterQueue,
  isOverdue,
  levelName,
  linkedRecord,
  outcomeName,
  queueOrder,
  type FormErrors,
  type QueueFilter,
} from './protection_logic';

/** The time now, refreshed every minute so "in 2 days" and "overdue" stay true while the page is open. */
export function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

/** A deadline: the local time, and how far away it is or that it passed. */
export function Deadline({ at, now, met, metWord = 'met' }: { at: string; now: number; met?: string | null; metWord?: string }) {
  if (met) return <span>{metWord} ({localTime(met)})</span>;
  const d = deadline(at, now);
  return (
    <span class={d.overdue ? 'overdue' : undefined}>
      {localTime(at)} <span class="muted">({d.relative})</span>
    </span>
  );
}

/** `about`: "sanction:3" and the like, to start the form about that record (a link from another page). */
export function DisputesPage({ about }: { about?: string }) {
  const { user } = useApp();
  const staff = hasRole(user, 'admin', 'auditor');
  return (
    <section>
      <h1>Disputes</h1>
      {staff ? <DisputeQueue /> : <MyDisputes about={about} />}
    </section>
  );
}

function MyDisputes({ about }: { about?: string }) {
  const { api } = useApp();
  const now = useNow();
  const [disputes, setDisputes] = useState<Dispute[] | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    api
      .get<{ items: Dispute[] }>('/disputes?limit=200')
      .then((r) => setDisputes(r.items))
      .catch(setError);
  }, [api]);

  return (
    <>
      <p>
        Contest a payment, a rejection, a sanction or anything else about your work. Each kind of dispute has published
        deadlines for a first answer and a decision; every decision names the rule it relies on.
      </p>
      <ErrorBanner error={error} />
      <section class="card" aria-labelledby="my-disputes-title">
        <h2 id="my-disputes-title">My disputes</h2>
        {disputes === null ? (
          !error && <p aria-busy="true">Loading…</p>
        ) : disputes.length === 0 ? (
          <p>You have not opened a dispute.</p>
        ) : (
          <DisputeTable disputes={disputes} now={now} label="My disputes, newest first" />
        )}
      </section>
      <OpenDispute about={about} />
    </>
  );
}

function DisputeTable({ disputes, now, label, showWorker }: { disputes: Dispute[]; now: number; label: string; showWorker?: boolean }) {
  return (
    <table class="table" aria-label={label}>
      <thead>
        <tr>
          <th scope="col">Dispute</th>
          {showWorker && <th scope="col">Worker</th>}
          <th scope="col">About</th>
          <th scope="col">Status</th>
          <th scope="col">First answer due</th>
          <th scope="col">Decision due</th>
          <th scope="col">Outcome</th>
        </tr>
      </thead>
      <tbody>
        {disputes.map((d) => (
          <tr key={d.id} class={isOverdue(d, now) ? 'row-overdue' : undefined}>
            <td>
              <Link href={`/disputes/${d.id}`}>#{d.id}</Link> {d.category}
            </td>
            {showWorker && <td>{d.worker_id}</td>}
            <td>
              {d.summary.length > 80 ? `${d.summary.slice(0, 80)}…` : d.summary}
              {linkedRecord(d) && <span class="muted"> ({linkedRecord(d)})</span>}
            </td>
            <td>{disputeStatusName(d.status)}</td>
            <td>
              <Deadline at={d.answer_due_at} now={now} met={d.first_answer_at ?? (d.status === 'decided' ? d.decided_at : null)} />
            </td>
            <td>
              <Deadline at={d.decision_due_at} now={now} met={d.decided_at} />
            </td>
            <td>{d.outcome ? outcomeName(d.outcome) : '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

interface LinkChoice {
  value: string;
  text: string;
}

/** The records of the worker a category can name, as choices for the select. */
function useLinkChoices(): { holds: LinkChoice[]; assignments: LinkChoice[]; sanctions: LinkChoice[]; error: unknown } {
  const { api } = useApp();
  const [holds, setHolds] = useState<LinkChoice[]>([]);
  const [assignments, setAssignments] = useState<LinkChoice[]>([]);
  const [sanctions, setSanctions] = useState<LinkChoice[]>([]);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    (async () => {
      try {
        const [h, a, s] = await Promise.all([
          api.get<{ items: Hold[] }>('/me/holds'),
          api.get<{ items: { id: number; task_id: number; project_id: number; status: string; decided_at: string | null }[] }>(
            '/me/assignments?limit=200',
          ),
          api.get<{ items: Sanction[] }>('/sanctions?limit=200'),
        ]);
        setHolds(
          h.items.map((x) => ({
            value: String(x.hold_id),
            text: `${formatMoney(x.amount.minor, x.amount.currency)} held: ${x.reason} (${x.state})`,
          })),
        );
        setAssignments(
          a.items
            .filter((x) => x.status === 'rejected')
            .map((x) => ({
              value: String(x.id),
              text: `Assignment ${x.id} (task ${x.task_id}, project ${x.project_id}), rejected${x.decided_at ? ` ${localTime(x.decided_at)}` : ''}`,
            })),
        );
        setSanctions(
          s.items.map((x) => ({ value: String(x.id), text: `${levelName(x.level)} ${x.id} (${x.reason_code}, ${x.state})` })),
        );
      } catch (e) {
        setError(e);
      }
    })();
  }, [api]);
  return { holds, assignments, sanctions, error };
}

const LINK_LABELS: Record<string, string> = {
  hold_id: 'Held payment',
  assignment_id: 'Rejected task',
  sanction_id: 'Sanction',
};

/** The category and record a link such as "sanction:3" starts the form with. */
const ABOUT_CATEGORY: Record<string, string> = { hold: 'payment', assignment: 'rejection', sanction: 'sanction' };

function OpenDispute({ about }: { about?: string }) {
  const { api } = useApp();
  const [categories, setCategories] = useState<DisputeCategory[]>([]);
  const [form, setForm] = useState(() => {
    const [kind, id] = (about ?? '').split(':');
    return ABOUT_CATEGORY[kind] ? { category: ABOUT_CATEGORY[kind], link: id, summary: '' } : { category: '', link: '', summary: '' };
  });
  const [errors, setErrors] = useState<FormErrors>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const choices = useLinkChoices();
  const { ref, showErrors } = useErrorFocus();

  useEffect(() => {
    api
      .get<{ items: DisputeCategory[] }>('/dispute-categories')
      .then((r) => setCategories(r.items))
      .catch(setError);
  }, [api]);

  const category = categories.find((c) => c.name === form.category);
  const options =
    category?.links === 'hold_id'
      ? choices.holds
      : category?.links === 'assignment_id'
        ? choices.assignments
        : category?.links === 'sanction_id'
          ? choices.sanctions
          : [];
  const fieldError = (pointer: string) =>
    errors[pointer] ?? (error instanceof ApiError ? error.field(pointer) : undefined);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    setError(null);
    const checked = checkDisputeForm(form, categories);
    setErrors(checked.errors);
    if (!checked.body) {
      showErrors();
      return;
    }
    setBusy(true);
    try {
      const opened = await api.post<Dispute>('/disputes', checked.body);
      navigate(`/disputes/${opened.id}`);
    } catch (err) {
      setError(err);
      showErrors();
    } finally {
      setBusy(false);
    }
  };

  const linkId = 'dispute-link';
  const linkError = category?.links ? fieldError(`/${category.links}`) : undefined;
  return (
    <section class="card" aria-labelledby="open-dispute-title">
      <h2 id="open-dispute-title">Open a dispute</h2>
      <ErrorBanner error={error ?? choices.error} />
      <form ref={ref} onSubmit={submit} noValidate>
        <fieldset aria-describedby={fieldError('/category') ? 'dispute-category-error' : undefined}>
          <legend>What is it about?</legend>
          {categories.map((c) => (
            <div class="choice" key={c.name}>
              <label>
                <input
                  type="radio"
                  name="dispute-category"
                  value={c.name}
                  checked={form.category === c.name}
                  onChange={() => setForm({ ...form, category: c.name, link: '' })}
                />{' '}
                <strong>{c.name}</strong>: {c.covers}
              </label>
              <small class="hint">{categoryPromise(c)}</small>
            </div>
          ))}
          {fieldError('/category') && (
            <small id="dispute-category-error" class="error" role="alert">
              {fieldError('/category')}
            </small>
          )}
        </fieldset>
        {category?.links && (
          <Field
            id={linkId}
            label={LINK_LABELS[category.links] ?? 'Record'}
            error={linkError}
            hint={options.length ? undefined : 'You have none to choose from.'}
          >
            <select
              id={linkId}
              value={form.link}
              aria-describedby={describedBy(linkId, linkError, options.length ? undefined : 'none')}
              onChange={(e) => {
                setForm({ ...form, link: (e.target as HTMLSelectElement).value });
                const { [`/${category.links}`]: _chosen, ...rest } = errors; // chosen now: its error no longer applies
                setErrors(rest);
              }}
            >
              <option value="">Choose…</option>
              {options.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.text}
                </option>
              ))}
            </select>
          </Field>
        )}
        <Field id="dispute-summary" label="What happened, and what do you ask for?" error={fieldError('/summary')}>
          <textarea
            id="dispute-summary"
            rows={5}
            maxLength={4000}
            value={form.summary}
            aria-describedby={describedBy('dispute-summary', fieldError('/summary'))}
            onInput={(e) => setForm({ ...form, summary: (e.target as HTMLTextAreaElement).value })}
          />
        </Field>
        <SubmitButton busy={busy}>Open dispute</SubmitButton>
      </form>
    </section>
  );
}

function DisputeQueue() {
  const { api } = useApp();
  const now = useNow();
  const [disputes, setDisputes] = useState<Dispute[] | null>(null);
  const [categories, setCategories] = useState<DisputeCategory[]>([]);
  const [filter, setFilter] = useState<QueueFilter>({ status: '', category: '' });
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    Promise.all([api.get<{ items: Dispute[] }>('/disputes?limit=200'), api.get<{ items: DisputeCategory[] }>('/dispute-categories')])
      .then(([d, c]) => {
        setDisputes(d.items);
        setCategories(c.items);
      })
      .catch(setError);
  }, [api]);

  const shown = disputes ? queueOrder(filterQueue(disputes, filter, now), now) : [];
  const overdue = disputes ? disputes.filter((d) => isOverdue(d, now)).length : 0;
  return (
    <>
      <p>Every dispute, those past a deadline first, then by the nearest deadline; decided ones last.</p>
      <ErrorBanner error={error} />
      {overdue > 0 && (
        <Notice>
          {overdue} {overdue === 1 ? 'dispute is' : 'disputes are'} past a deadline.
        </Notice>
      )}
      <div class="row filters">
        <Field id="queue-status" label="Status">
          <select id="queue-status" value={filter.status} onChange={(e) => setFilter({ ...filter, status: (e.target as HTMLSelectElement).value })}>
            <option value="">All</option>
            <option value="overdue">Past a deadline</option>
            <option value="open">Open (no answer yet)</option>
            <option value="answered">Answered</option>
            <option value="decided">Decided</option>
          </select>
        </Field>
        <Field id="queue-category" label="Category">
          <select
            id="queue-category"
            value={filter.category}
            onChange={(e) => setFilter({ ...filter, category: (e.target as HTMLSelectElement).value })}
          >
            <option value="">All</option>
            {categories.map((c) => (
              <option key={c.name} value={c.name}>
                {c.name}
              </option>
            ))}
          </select>
        </Field>
      </div>
      {disputes !== null && (
        // Said when a filter changes, for those who cannot see the table change.
        <p class="muted" aria-live="polite">
          {shown.length} of {disputes.length} {disputes.length === 1 ? 'dispute' : 'disputes'} shown.
        </p>
      )}
      {disputes === null ? (
        !error && <p aria-busy="true">Loading…</p>
      ) : shown.length === 0 ? (
        <p>No dispute matches.</p>
      ) : (
        <DisputeTable disputes={shown} now={now} label="Dispute queue, overdue first" showWorker />
      )}
    </>
  );
}

/** Who wrote a message, as the reader sees it. */
function authorName(authorId: number, d: Dispute, myId: number): string {
  if (authorId === myId) return 'You';
  if (authorId === d.worker_id) return `Worker ${authorId}`;
  return `Admin ${authorId}`;
}

export function DisputePage({ disputeId }: { disputeId: number }) {
  const { api, user } = useApp();
  const now = useNow();
  const [dispute, setDispute] = useState<Dispute | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [reply, setReply] = useState('');
  const [replyError, setReplyError] = useState<unknown>(null);
  const [replyMissing, setReplyMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const replyFocus = useErrorFocus();

  useEffect(() => {
    setDispute(null);
    api.get<Dispute>(`/disputes/${disputeId}`).then(setDispute).catch(setError);
  }, [api, disputeId]);

  if (error) {
    return (
      <section>
        <h1>Dispute {disputeId}</h1>
        <ErrorBanner error={error} />
        <Link href="/disputes">All disputes</Link>
      </section>
    );
  }
  if (!dispute || !user) return <p aria-busy="true">Loading…</p>;

  const isAdmin = hasRole(user, 'admin');
  const mayWrite = dispute.status !== 'decided' && (dispute.worker_id === user.id || isAdmin);

  const send = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    setReplyError(null);
    const text = reply.trim();
    setReplyMissing(!text);
    if (!text) {
      replyFocus.showErrors();
      return;
    }
    setBusy(true);
    try {
      setDispute(await api.post<Dispute>(`/disputes/${dispute.id}/messages`, { body: text }));
      setReply('');
    } catch (err) {
      setReplyError(err);
      replyFocus.showErrors();
    } finally {
      setBusy(false);
    }
  };

  return (
    <section>
      <p class="crumbs">
        <Link href="/disputes">Disputes</Link> /
      </p>
      <h1>
        Dispute #{dispute.id}: {dispute.category}
      </h1>
      <dl class="facts" aria-label="The dispute">
        <dt>Status</dt>
        <dd>{disputeStatusName(dispute.status)}</dd>
        <dt>Worker</dt>
        <dd>{dispute.worker_id === user.id ? 'you' : dispute.worker_id}</dd>
        {linkedRecord(dispute) && (
          <>
            <dt>About</dt>
            <dd>{linkedRecord(dispute)}</dd>
          </>
        )}
        <dt>Opened</dt>
        <dd>{localTime(dispute.opened_at)}</dd>
        <dt>First answer due</dt>
        <dd>
          <Deadline at={dispute.answer_due_at} now={now} met={dispute.first_answer_at ?? (dispute.status === 'decided' ? dispute.decided_at : null)} />
        </dd>
        <dt>Decision due</dt>
        <dd>
          <Deadline at={dispute.decision_due_at} now={now} met={dispute.decided_at} />
        </dd>
        {dispute.escalated_at && (
          <>
            <dt>Escalated</dt>
            <dd>
              {localTime(dispute.escalated_at)}
              {dispute.escalation ? ` (${dispute.escalation.replace(/_/g, ' ')})` : ''}
            </dd>
          </>
        )}
      </dl>
      <section class="card" aria-labelledby="summary-title">
        <h2 id="summary-title">What the worker asks</h2>
        <p class="pre">{dispute.summary}</p>
      </section>

      {dispute.outcome && <Decision dispute={dispute} myId={user.id} />}

      <section class="card" aria-labelledby="thread-title">
        <h2 id="thread-title">Messages</h2>
        {dispute.messages.length === 0 ? (
          <p>No messages yet.</p>
        ) : (
          <ol class="thread" aria-label="Messages, oldest first">
            {dispute.messages.map((m) => (
              <li key={m.id}>
                <p class="muted">
                  {authorName(m.author_id, dispute, user.id)}, {localTime(m.at)}
                </p>
                <p class="pre">{m.body}</p>
              </li>
            ))}
          </ol>
        )}
        {mayWrite && (
          <form ref={replyFocus.ref} onSubmit={send} noValidate>
            <ProblemBanner error={replyError} />
            <Field
              id="dispute-reply"
              label={isAdmin && dispute.worker_id !== user.id ? 'Answer the worker' : 'Your reply'}
              error={replyMissing ? 'Write a message first.' : replyError instanceof ApiError ? replyError.field('/body') : undefined}
            >
              <textarea
                id="dispute-reply"
                rows={4}
                maxLength={8000}
                value={reply}
                aria-describedby={describedBy('dispute-reply', replyMissing || (replyError instanceof ApiError && replyError.field('/body')) ? 'x' : undefined)}
                onInput={(e) => setReply((e.target as HTMLTextAreaElement).value)}
              />
            </Field>
            <SubmitButton busy={busy}>Send message</SubmitButton>
          </form>
        )}
      </section>

      {isAdmin && !dispute.outcome && (
        <DecideDispute
          dispute={dispute}
          onDecided={(d) => {
            setDispute(d);
            focusSoon(() => document.getElementById('decision-title')); // the form is gone: on to the decision it made
          }}
        />
      )}
    </section>
  );
}

function Decision({ dispute, myId }: { dispute: Dispute; myId: number }) {
  const paid =
    dispute.amount_minor !== null && dispute.currency
      ? formatMoney(dispute.amount_minor, dispute.currency)
      : 'nothing (no money was in question, or the decision was against the claim)';
  return (
    <section class="card" aria-labelledby="decision-title">
      <h2 id="decision-title">Decision</h2>
      <dl class="facts" aria-label="The decision">
        <dt>Outcome</dt>
        <dd>{outcomeName(dispute.outcome ?? '')}</dd>
        <dt>Decided by</dt>
        <dd>
          {dispute.decided_by === null ? 'the platform, by deadline' : dispute.decided_by === myId ? 'you' : `admin ${dispute.decided_by}`}
          {dispute.decided_at ? `, ${localTime(dispute.decided_at)}` : ''}
        </dd>
        <dt>Rule cited</dt>
        <dd>{dispute.decision_rule}</dd>
        <dt>Reason</dt>
        <dd class="pre">{dispute.decision_reason}</dd>
        <dt>Amount paid</dt>
        <dd>{paid}</dd>
      </dl>
    </section>
  );
}

function DecideDispute({ dispute, onDecided }: { dispute: Dispute; onDecided: (d: Dispute) => void }) {
  const { api } = useApp();
  const [form, setForm] = useState({ outcome: '', rule: '', reason: '' });
  const [errors, setErrors] = useState<FormErrors>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const fieldError = (pointer: string) => errors[pointer] ?? (error instanceof ApiError ? error.field(pointer) : undefined);
  const { ref, showErrors } = useErrorFocus();

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    setError(null);
    const checked = checkDecisionForm(form);
    setErrors(checked.errors);
    if (!checked.body) {
      showErrors();
      return;
    }
    setBusy(true);
    try {
      onDecided(await api.post<Dispute>(`/disputes/${dispute.id}/decision`, checked.body));
    } catch (err) {
      setError(err);
      showErrors();
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="card" aria-labelledby="decide-title">
      <h2 id="decide-title">Decide</h2>
      <p class="hint">
        {dispute.category === 'payment' || dispute.category === 'rejection'
          ? 'Upholding pays the worker: the held amount, or the piece rate of the rejected task.'
          : 'The decision is recorded in the audit log and sent to the worker.'}
      </p>
      <ProblemBanner error={error} />
      <form ref={ref} onSubmit={submit} noValidate>
        <fieldset aria-describedby={fieldError('/outcome') ? 'decide-outcome-error' : undefined}>
          <legend>Outcome</legend>
          <label>
            <input type="radio" name="outcome" value="upheld" checked={form.outcome === 'upheld'} onChange={() => setForm({ ...form, outcome: 'upheld' })} />{' '}
            Upheld (for the worker)
          </label>{' '}
          <label>
            <input type="radio" name="outcome" value="denied" checked={form.outcome === 'denied'} onChange={() => setForm({ ...form, outcome: 'denied' })} />{' '}
            Denied
          </label>
          {fieldError('/outcome') && (
            <small id="decide-outcome-error" class="error" role="alert">
              {fieldError('/outcome')}
            </small>
          )}
        </fieldset>
        <Field id="decide-rule" label="Rule cited" error={fieldError('/rule')} hint='For example "project rules v2 clause 3" or "terms 4.1".'>
          <input
            id="decide-rule"
            maxLength={400}
            value={form.rule}
            aria-describedby={describedBy('decide-rule', fieldError('/rule'), 'hint')}
            onInput={(e) => setForm({ ...form, rule: (e.target as HTMLInputElement).value })}
          />
        </Field>
        <Field id="decide-reason" label="Reason" error={fieldError('/reason')}>
          <textarea
            id="decide-reason"
            rows={4}
            maxLength={4000}
            value={form.reason}
            aria-describedby={describedBy('decide-reason', fieldError('/reason'))}
            onInput={(e) => setForm({ ...form, reason: (e.target as HTMLTextAreaElement).value })}
          />
        </Field>
        <SubmitButton busy={busy}>Record decision</SubmitButton>
      </form>
    </section>
  );
}
