// Sanctions with due process (src/protection/sanctions.h). A worker sees
// their own: the notice, the evidence, the window to answer and an answer
// box, and the decision — and that their earnings are paid whatever
// happens. Admins propose (a warning, a project removal, a suspension —
// immediately only on a fraud or safety basis — or a deactivation), a second
// admin approves a sanction flagged as possible retaliation, and an admin
// other than the proposer confirms or refuses; the server's refusals are
// shown as it words them. Auditors read the list.

import { useEffect, useState } from 'preact/hooks';
import { hasRole, useApp } from '../app';
import { ApiError } from '../api/client';
import { SANCTION_LEVELS, type Sanction } from '../api/types';
import { DecisionForm, type DecisionChoice } from '../components/decision_form';
import { describedBy, ErrorBanner, Field, focusSoon, Link, Notice, ProblemBanner, SubmitButton, useErrorFocus } from '../components/ui';
import { localTime } from './earnings_logic';
import { Deadline, useNow } from './disputes';
import {
  canAnswer,
  checkSanctionForm,
  levelName,
  sanctionActions,
  sanctionStateName,
  type FormErrors,
  type SanctionForm,
} from './protection_logic';

const EARNINGS_PAID =
  'Your earnings are never forfeited: whatever is decided here, payouts pay every balance you have earned on the normal schedule, whatever your account status.';

export function SanctionsPage() {
  const { api, user } = useApp();
  const now = useNow();
  const [sanctions, setSanctions] = useState<Sanction[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const staff = hasRole(user, 'admin', 'auditor');
  const isAdmin = hasRole(user, 'admin');

  const load = () =>
    api
      .get<{ items: Sanction[] }>('/sanctions?limit=200')
      .then((r) => setSanctions(r.items))
      .catch(setError);
  useEffect(() => {
    load();
  }, [api]);

  const replace = (s: Sanction) => setSanctions((list) => (list ?? []).map((x) => (x.id === s.id ? s : x)));

  return (
    <section>
      <h1>{staff ? 'Sanctions' : 'My sanctions'}</h1>
      {staff ? (
        <p>
          Every sanction, newest first. Beyond a warning, the worker is told what and why and may answer; an admin other than
          the proposer decides. A sanction of a worker who opened a dispute in the last 30 days is flagged as possible
          retaliation and needs a second admin's approval.
        </p>
      ) : (
        <Notice>{EARNINGS_PAID}</Notice>
      )}
      <ErrorBanner error={error} />
      {isAdmin && user && <ProposeSanction onProposed={(s) => setSanctions((list) => [s, ...(list ?? [])])} />}
      {sanctions === null ? (
        !error && <p aria-busy="true">Loading…</p>
      ) : sanctions.length === 0 ? (
        <p>{staff ? 'No sanctions.' : 'You have no sanctions.'}</p>
      ) : (
        sanctions.map((s) => (
          <SanctionCard key={s.id} sanction={s} now={now} staff={staff} isAdmin={isAdmin} myId={user?.id ?? 0} onChange={replace} />
        ))
      )}
    </section>
  );
}

function SanctionCard({
  sanction: s,
  now,
  staff,
  isAdmin,
  myId,
  onChange,
}: {
  sanction: Sanction;
  now: number;
  staff: boolean;
  isAdmin: boolean;
  myId: number;
  onChange: (s: Sanction) => void;
}) {
  const title = `${levelName(s.level)} ${s.id}`;
  const actions = sanctionActions(s, myId);
  // A change (an answer sent, an approval, a decision) removes the control that made it: focus goes on from the
  // decision form when there is still one to fill in, else to the card's heading — never back to the top of the page.
  const changed = (next: Sanction) => {
    onChange(next);
    focusSoon(() => {
      const active = document.activeElement;
      if (active && active !== document.body && active.isConnected) return null; // focus is still somewhere useful
      return document.querySelector<HTMLElement>(`input[name="decision-${s.id}"]`) ?? document.getElementById(`sanction-${s.id}`);
    });
  };
  return (
    <section class="card" aria-labelledby={`sanction-${s.id}`}>
      <h2 id={`sanction-${s.id}`}>{title}</h2>
      <dl class="facts" aria-label={`Sanction ${s.id}`}>
        {staff && (
          <>
            <dt>Worker</dt>
            <dd>{s.worker_id}</dd>
          </>
        )}
        <dt>State</dt>
        <dd>{sanctionStateName(s.state)}</dd>
        {s.project_id !== null && (
          <>
            <dt>Project</dt>
            <dd>{s.project_id}</dd>
          </>
        )}
        <dt>Reason code</dt>
        <dd>{s.reason_code}</dd>
        <dt>Evidence</dt>
        <dd class="pre">{s.evidence}</dd>
        <dt>Notice</dt>
        <dd class="pre">{s.notice || (s.level === 'warning' ? '(a warning needs no notice)' : '')}</dd>
        {s.immediate_basis && (
          <>
            <dt>In effect at once because of</dt>
            <dd>
              {s.immediate_basis}
              {s.lapses_at ? `; lapses ${localTime(s.lapses_at)} unless confirmed` : ''}
            </dd>
          </>
        )}
        <dt>Proposed</dt>
        <dd>
          {localTime(s.proposed_at)}
          {staff ? ` by admin ${s.proposed_by}` : ''}
        </dd>
        <dt>Answer window</dt>
        <dd>
          {s.state === 'proposed' || s.state === 'interim' ? <Deadline at={s.answer_due_at} now={now} met={s.answered_at} metWord="answered" /> : `until ${localTime(s.answer_due_at)}`}
        </dd>
        <dt>Worker's answer</dt>
        <dd class="pre">{s.worker_answer ?? 'none'}</dd>
        {s.retaliation_flag && (
          <>
            <dt>Possible retaliation</dt>
            <dd>
              the worker opened dispute {s.retaliation_dispute} in the 30 days before;{' '}
              {s.approved_by !== null ? `approved by admin ${s.approved_by}` : 'needs a second admin’s approval'}
            </dd>
          </>
        )}
        {s.decided_at && (
          <>
            <dt>Decision</dt>
            <dd>
              {s.state} {localTime(s.decided_at)}
              {s.decided_by !== null ? (staff ? ` by admin ${s.decided_by}` : ' by an admin') : ''}
              {s.decision_reason ? `: ${s.decision_reason}` : ''}
            </dd>
          </>
        )}
      </dl>
      {!staff && canAnswer(s, now) && <AnswerNotice sanction={s} onAnswered={changed} />}
      {!staff && (
        <p>
          <Link href={`/disputes?about=sanction:${s.id}`}>Dispute this {levelName(s.level).toLowerCase()}</Link>
        </p>
      )}
      {isAdmin && (actions.approve || actions.decide) && <AdminActions sanction={s} approve={actions.approve} onChange={changed} />}
    </section>
  );
}

function AnswerNotice({ sanction, onAnswered }: { sanction: Sanction; onAnswered: (s: Sanction) => void }) {
  const { api } = useApp();
  const [text, setText] = useState('');
  const [missing, setMissing] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const id = `answer-${sanction.id}`;
  const { ref, showErrors } = useErrorFocus();
  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    setError(null);
    setMissing(!text.trim());
    if (!text.trim()) {
      showErrors();
      return;
    }
    setBusy(true);
    try {
      onAnswered(await api.post<Sanction>(`/sanctions/${sanction.id}/answer`, { answer: text.trim() }));
    } catch (err) {
      setError(err);
      showErrors();
    } finally {
      setBusy(false);
    }
  };
  const fieldError = missing ? 'Write your answer first.' : error instanceof ApiError ? error.field('/answer') : undefined;
  return (
    <form ref={ref} onSubmit={submit} noValidate>
      <ProblemBanner error={error} />
      <Field id={id} label="Your answer to the notice" error={fieldError} hint="Once, before the window closes. The admin who decides reads it.">
        <textarea
          id={id}
          rows={4}
          maxLength={8000}
          value={text}
          aria-describedby={describedBy(id, fieldError, 'hint')}
          onInput={(e) => setText((e.target as HTMLTextAreaElement).value)}
        />
      </Field>
      <SubmitButton busy={busy}>Send answer</SubmitButton>
    </form>
  );
}

const SANCTION_DECISIONS: DecisionChoice[] = [
  { value: 'confirm', label: 'Confirm' },
  { value: 'refuse', label: 'Refuse' },
];

function AdminActions({ sanction, approve, onChange }: { sanction: Sanction; approve: boolean; onChange: (s: Sanction) => void }) {
  const { api } = useApp();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const approveNow = async () => {
    if (busy) return;
    setBusy(true);
    try {
      onChange(await api.post<Sanction>(`/sanctions/${sanction.id}/approval`));
      setError(null);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="admin-actions">
      <ProblemBanner error={error} />
      {approve && (
        <p>
          <button type="button" aria-disabled={busy ? 'true' : undefined} onClick={approveNow}>
            Approve as second admin ({levelName(sanction.level)} {sanction.id})
          </button>
        </p>
      )}
      <DecisionForm
        name={`decision-${sanction.id}`}
        reasonId={`decision-reason-${sanction.id}`}
        label={`Decide sanction ${sanction.id}`}
        choices={SANCTION_DECISIONS}
        submitLabel={`Record decision on sanction ${sanction.id}`}
        send={(body) => api.post<Sanction>(`/sanctions/${sanction.id}/decision`, body)}
        onDecided={onChange}
      />
    </div>
  );
}

const EMPTY_FORM: SanctionForm = {
  workerId: '',
  level: 'warning',
  projectId: '',
  reasonCode: '',
  evidence: '',
  notice: '',
  answerDays: '7',
  immediateBasis: '',
};

function ProposeSanction({ onProposed }: { onProposed: (s: Sanction) => void }) {
  const { api } = useApp();
  const [form, setForm] = useState<SanctionForm>(EMPTY_FORM);
  const [errors, setErrors] = useState<FormErrors>({});
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<Sanction | null>(null);
  const [busy, setBusy] = useState(false);
  const fieldError = (pointer: string) => errors[pointer] ?? (error instanceof ApiError ? error.field(pointer) : undefined);
  const set = (key: keyof SanctionForm) => (e: Event) => setForm({ ...form, [key]: (e.target as HTMLInputElement).value });
  const { ref, showErrors } = useErrorFocus();

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    setError(null);
    setDone(null);
    const checked = checkSanctionForm(form);
    setErrors(checked.errors);
    if (!checked.body) {
      showErrors();
      return;
    }
    setBusy(true);
    try {
      const s = await api.post<Sanction>('/sanctions', checked.body);
      setDone(s);
      setForm(EMPTY_FORM);
      onProposed(s);
    } catch (err) {
      setError(err);
      showErrors();
    } finally {
      setBusy(false);
    }
  };

  const text = (id: string, key: keyof SanctionForm, label: string, pointer: string, hint?: string, multiline = false) => (
    <Field id={id} label={label} error={fieldError(pointer)} hint={hint}>
      {multiline ? (
        <textarea id={id} rows={3} value={form[key]} aria-describedby={describedBy(id, fieldError(pointer), hint)} onInput={set(key)} />
      ) : (
        <input id={id} value={form[key]} aria-describedby={describedBy(id, fieldError(pointer), hint)} onInput={set(key)} />
      )}
    </Field>
  );

  return (
    <section class="card" aria-labelledby="propose-title">
      <h2 id="propose-title">Propose a sanction</h2>
      <ProblemBanner error={error} />
      {done && (
        <Notice>
          Proposed {levelName(done.level).toLowerCase()} {done.id}: {sanctionStateName(done.state)}
          {done.retaliation_flag ? '; flagged as possible retaliation' : ''}.
        </Notice>
      )}
      <form ref={ref} onSubmit={submit} noValidate>
        <div class="row">
          {text('sanction-worker', 'workerId', 'Worker id', '/worker_id')}
          <Field id="sanction-level" label="Level" error={fieldError('/level')}>
            <select
              id="sanction-level"
              value={form.level}
              aria-describedby={describedBy('sanction-level', fieldError('/level'))}
              onChange={(e) => {
                const level = (e.target as HTMLSelectElement).value;
                setForm({ ...form, level, immediateBasis: level === 'suspension' ? form.immediateBasis : '' });
              }}
            >
              {SANCTION_LEVELS.map((l) => (
                <option key={l} value={l}>
                  {levelName(l)}
                </option>
              ))}
            </select>
          </Field>
          {form.level === 'project_removal' && text('sanction-project', 'projectId', 'Project id', '/project_id')}
          {text('sanction-days', 'answerDays', 'Answer window (days)', '/answer_days', '3 to 30 days')}
        </div>
        {text('sanction-reason', 'reasonCode', 'Reason code', '/reason_code', 'For example "gold_failures" or "copied_answers".')}
        {text('sanction-evidence', 'evidence', 'Evidence', '/evidence', 'What the records show: tasks, dates, counts.', true)}
        {text(
          'sanction-notice',
          'notice',
          form.level === 'warning' ? 'Notice to the worker (optional for a warning)' : 'Notice to the worker',
          '/notice',
          'What the worker is told, and why; they can answer it.',
          true,
        )}
        {form.level === 'suspension' && (
          <Field
            id="sanction-immediate"
            label="Take effect immediately?"
            error={fieldError('/immediate_basis')}
            hint="Only on a recorded fraud or safety basis; an immediate suspension lapses after 7 days unless confirmed."
          >
            <select
              id="sanction-immediate"
              value={form.immediateBasis}
              aria-describedby={describedBy('sanction-immediate', fieldError('/immediate_basis'), 'hint')}
              onChange={set('immediateBasis')}
            >
              <option value="">No: after the answer window and a decision</option>
              <option value="fraud">Yes, on a fraud basis</option>
              <option value="safety">Yes, on a safety basis</option>
            </select>
          </Field>
        )}
        <SubmitButton busy={busy}>Propose sanction</SubmitButton>
      </form>
    </section>
  );
}
