// A project's work setup for its requester: labels or rubric, pay with the
// hourly rate it implies, review stages, eligibility; the numbered
// acceptance rules; importing tasks; going live. Each part saves on its own
// (PUT settings, POST rules, POST tasks, POST deposits, POST activate:
// src/work/, src/money/). Going live needs the escrow to cover the batch;
// the server says how much is missing, and the page shows it.

import { useEffect, useState } from 'preact/hooks';
import { useApp } from '../app';
import { ApiError } from '../api/client';
import type { Escrow, Project, RuleClause } from '../api/types';
import { ErrorBanner, Field, Notice, fieldError } from '../components/ui';
import { formatMoney, hourlyMinor, parseMoney } from '../lib/money';
import {
  clausesFromText,
  defaultForm,
  docFromForm,
  formFromDoc,
  tasksFromJsonLines,
  usesLabels,
  type FormProblem,
  type SettingsDoc,
  type SettingsForm,
} from './work_settings';

const routeMissing = (e: unknown) => e instanceof ApiError && e.code === 'route_not_found';

export function WorkSetup({ project, onChanged }: { project: Project; onChanged: () => void }) {
  const { api } = useApp();
  const type = project.task_type;
  const [form, setForm] = useState<SettingsForm>(() => defaultForm(type));
  const [unavailable, setUnavailable] = useState(false);
  const [problems, setProblems] = useState<FormProblem[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [rules, setRules] = useState<{ version: number; clauses: RuleClause[] } | null>(null);
  const [rulesText, setRulesText] = useState('');
  const [rulesError, setRulesError] = useState<unknown>(null);
  const [tasksText, setTasksText] = useState('');
  const [tasksProblems, setTasksProblems] = useState<FormProblem[]>([]);
  const [tasksError, setTasksError] = useState<unknown>(null);
  const [imported, setImported] = useState<number | null>(null);
  const [activateError, setActivateError] = useState<unknown>(null);
  const [escrow, setEscrow] = useState<Escrow | null>(null);
  const [fundAmount, setFundAmount] = useState('');
  const [fundReference, setFundReference] = useState('');
  const [fundError, setFundError] = useState<unknown>(null);
  const [funded, setFunded] = useState<string | null>(null);

  const loadEscrow = () =>
    api.get<Escrow>(`/projects/${project.id}/escrow`).then(setEscrow, () => setEscrow(null));

  useEffect(() => {
    api.get<SettingsDoc>(`/projects/${project.id}/settings`).then(
      (doc) => setForm(formFromDoc(doc, type)),
      (e) => routeMissing(e) && setUnavailable(true),
    );
    api.get<{ version: number; clauses: RuleClause[] }>(`/projects/${project.id}/rules`).then(
      (r) => {
        setRules(r);
        setRulesText(r.clauses.map((c) => c.text).join('\n'));
      },
      () => undefined,
    );
    loadEscrow();
  }, [project.id]);

  if (unavailable) return <Notice>Work settings need the work API, which this server does not have yet.</Notice>;

  const set = <K extends keyof SettingsForm>(key: K, value: SettingsForm[K]) => setForm({ ...form, [key]: value });
  const problemAt = (pointer: string) =>
    problems.find((p) => p.pointer === pointer)?.detail ?? (error instanceof ApiError ? error.field(pointer) : undefined);

  const save = async (e: Event) => {
    e.preventDefault();
    setSaved(null);
    setError(null);
    const { doc, problems: found } = docFromForm(form, type);
    setProblems(found);
    if (!doc) return;
    try {
      setForm(formFromDoc(await api.put<SettingsDoc>(`/projects/${project.id}/settings`, doc), type));
      setSaved(new Date().toLocaleTimeString());
    } catch (err) {
      setError(err);
    }
  };

  const publishRules = async (e: Event) => {
    e.preventDefault();
    setRulesError(null);
    try {
      setRules(await api.post(`/projects/${project.id}/rules`, { clauses: clausesFromText(rulesText) }));
    } catch (err) {
      setRulesError(err);
    }
  };

  const importTasks = async (e: Event) => {
    e.preventDefault();
    setTasksError(null);
    setImported(null);
    const { tasks, problems: found } = tasksFromJsonLines(tasksText);
    setTasksProblems(found);
    if (!tasks) return;
    try {
      const result = await api.post<{ imported: number }>(`/projects/${project.id}/tasks`, { tasks });
      setImported(result.imported);
      setTasksText('');
    } catch (err) {
      setTasksError(err);
    }
  };

  const fund = async (e: Event) => {
    e.preventDefault();
    setFundError(null);
    setFunded(null);
    try {
      const result = await api.post<{ amount: { minor: number; currency: string } }>(`/projects/${project.id}/deposits`, {
        amount: fundAmount.trim(),
        currency,
        reference: fundReference.trim(),
      });
      setFunded(formatMoney(result.amount.minor, result.amount.currency));
      setFundAmount('');
      setFundReference('');
      setActivateError(null);
      await loadEscrow();
    } catch (err) {
      setFundError(err);
    }
  };

  const activate = async () => {
    setActivateError(null);
    try {
      await api.post(`/projects/${project.id}/activate`);
      onChanged();
    } catch (err) {
      setActivateError(err);
      loadEscrow();
    }
  };

  const currency = /^[A-Za-z]{3}$/.test(form.currency.trim()) ? form.currency.trim().toUpperCase() : 'USD';
  const pay = parseMoney(form.pay, currency);
  const hourly = pay === null ? null : hourlyMinor(pay, Number(form.timeEstimate));

  return (
    <>
      <section class="card" aria-labelledby="settings-title">
        <h2 id="settings-title">Work settings</h2>
        <form onSubmit={save} noValidate>
          {problems.length > 0 && <div class="banner banner-error" role="alert">Please correct the marked fields.</div>}
          <ErrorBanner error={error} />
          {saved && <Notice>Settings saved at {saved}.</Notice>}
          {usesLabels(type) && (
            <fieldset>
              <legend>Labels</legend>
              {problemAt('/label_schema/labels') && <p class="error">{problemAt('/label_schema/labels')}</p>}
              {form.labels.map((l, i) => (
                <div class="row" key={i}>
                  <Field id={`label-${i}`} label={`Label ${i + 1}`} error={problemAt(`/label_schema/labels/${i}/name`)}>
                    <input id={`label-${i}`} value={l.name}
                      onInput={(e) => set('labels', form.labels.map((x, j) => (j === i ? { ...x, name: e.currentTarget.value } : x)))} />
                  </Field>
                  <Field id={`label-color-${i}`} label="Colour">
                    <input id={`label-color-${i}`} type="color" value={l.color}
                      onInput={(e) => set('labels', form.labels.map((x, j) => (j === i ? { ...x, color: e.currentTarget.value } : x)))} />
                  </Field>
                  <button type="button" aria-label={`Remove label ${i + 1}`} onClick={() => set('labels', form.labels.filter((_, j) => j !== i))}>
                    Remove
                  </button>
                </div>
              ))}
              <button type="button" onClick={() => set('labels', [...form.labels, { name: '', color: '#4363d8' }])}>
                Add label
              </button>
            </fieldset>
          )}
          {type === 'text_edit' && (
            <fieldset>
              <legend>Rubric</legend>
              {form.rubric.map((c, i) => (
                <div class="row" key={i}>
                  <Field id={`rubric-id-${i}`} label="Id" error={problemAt(`/label_schema/rubric/${i}/id`)}>
                    <input id={`rubric-id-${i}`} value={c.id} onInput={(e) => set('rubric', form.rubric.map((x, j) => (j === i ? { ...x, id: e.currentTarget.value } : x)))} />
                  </Field>
                  <Field id={`rubric-title-${i}`} label="Criterion" error={problemAt(`/label_schema/rubric/${i}/title`)}>
                    <input id={`rubric-title-${i}`} value={c.title} onInput={(e) => set('rubric', form.rubric.map((x, j) => (j === i ? { ...x, title: e.currentTarget.value } : x)))} />
                  </Field>
                  <Field id={`rubric-min-${i}`} label="From">
                    <input id={`rubric-min-${i}`} inputMode="numeric" size={3} value={c.min} onInput={(e) => set('rubric', form.rubric.map((x, j) => (j === i ? { ...x, min: e.currentTarget.value } : x)))} />
                  </Field>
                  <Field id={`rubric-max-${i}`} label="To" error={problemAt(`/label_schema/rubric/${i}/max`)}>
                    <input id={`rubric-max-${i}`} inputMode="numeric" size={3} value={c.max} onInput={(e) => set('rubric', form.rubric.map((x, j) => (j === i ? { ...x, max: e.currentTarget.value } : x)))} />
                  </Field>
                  <button type="button" aria-label={`Remove criterion ${i + 1}`} onClick={() => set('rubric', form.rubric.filter((_, j) => j !== i))}>Remove</button>
                </div>
              ))}
              <button type="button" onClick={() => set('rubric', [...form.rubric, { id: '', title: '', min: '1', max: '5' }])}>Add criterion</button>
            </fieldset>
          )}
          <fieldset>
            <legend>Pay</legend>
            <div class="row">
              <Field id="pay" label="Pay per task" error={problemAt('/piece_rate_minor')}>
                <input id="pay" inputMode="decimal" value={form.pay} onInput={(e) => set('pay', e.currentTarget.value)} />
              </Field>
              <Field id="currency" label="Currency" error={problemAt('/currency')}>
                <input id="currency" maxLength={3} size={4} value={form.currency} onInput={(e) => set('currency', e.currentTarget.value)} />
              </Field>
              <Field id="time-estimate" label="Expected seconds per task" error={problemAt('/time_estimate_seconds')}>
                <input id="time-estimate" inputMode="numeric" value={form.timeEstimate} onInput={(e) => set('timeEstimate', e.currentTarget.value)} />
              </Field>
            </div>
            <p role="status">
              {hourly === null
                ? 'Enter the pay and the expected time to see the hourly rate.'
                : `At that pace a worker earns ${formatMoney(hourly, currency)} per hour. Workers below their local minimum wage are topped up, at this project's cost.`}
            </p>
          </fieldset>
          <fieldset>
            <legend>Quality and review</legend>
            <div class="row">
              <Field id="overlap" label="Workers per task" error={problemAt('/overlap')}>
                <input id="overlap" inputMode="numeric" size={3} value={form.overlap} onInput={(e) => set('overlap', e.currentTarget.value)} />
              </Field>
              <Field id="gold" label="Gold tasks (%)" error={problemAt('/gold_share_percent')}>
                <input id="gold" inputMode="numeric" size={3} value={form.goldShare} onInput={(e) => set('goldShare', e.currentTarget.value)} />
              </Field>
              <Field id="lease" label="Minutes to finish a claimed task" error={problemAt('/lease_seconds')}>
                <input id="lease" inputMode="numeric" size={4} value={form.leaseMinutes} onInput={(e) => set('leaseMinutes', e.currentTarget.value)} />
              </Field>
            </div>
            {form.stages.map((s, i) => (
              <div class="row" key={i}>
                <Field id={`stage-${i}`} label={`Review stage ${i + 1}`} error={problemAt(`/review_stages/${i}/name`)}>
                  <input id={`stage-${i}`} value={s.name} onInput={(e) => set('stages', form.stages.map((x, j) => (j === i ? { ...x, name: e.currentTarget.value } : x)))} />
                </Field>
                <Field id={`stage-hours-${i}`} label="Deadline (hours; silence accepts)" error={problemAt(`/review_stages/${i}/deadline_seconds`)}>
                  <input id={`stage-hours-${i}`} inputMode="decimal" size={5} value={s.deadlineHours} onInput={(e) => set('stages', form.stages.map((x, j) => (j === i ? { ...x, deadlineHours: e.currentTarget.value } : x)))} />
                </Field>
                <button type="button" aria-label={`Remove review stage ${i + 1}`} onClick={() => set('stages', form.stages.filter((_, j) => j !== i))}>Remove</button>
              </div>
            ))}
            <button type="button" onClick={() => set('stages', [...form.stages, { name: '', deadlineHours: '48' }])}>Add review stage</button>
          </fieldset>
          <fieldset>
            <legend>Who may work on it</legend>
            <div class="row">
              <Field id="countries" label="Countries (codes, empty: all)" error={problemAt('/eligibility/countries')}>
                <input id="countries" value={form.countries} onInput={(e) => set('countries', e.currentTarget.value)} />
              </Field>
              <Field id="regions" label="Regions (e.g. PH-00)" error={problemAt('/eligibility/regions')}>
                <input id="regions" value={form.regions} onInput={(e) => set('regions', e.currentTarget.value)} />
              </Field>
            </div>
          </fieldset>
          <button type="submit">Save settings</button>
        </form>
      </section>

      <section class="card" aria-labelledby="rules-title">
        <h2 id="rules-title">Acceptance rules{rules ? ` (version ${rules.version})` : ''}</h2>
        <p class="muted">One rule per line. Rejections must cite a rule; work keeps the version it was claimed under.</p>
        <form onSubmit={publishRules} noValidate>
          <ErrorBanner error={rulesError} />
          <Field id="rules-text" label="Rules">
            <textarea id="rules-text" rows={4} value={rulesText} onInput={(e) => setRulesText(e.currentTarget.value)} />
          </Field>
          <button type="submit">Publish rules</button>
        </form>
        {rules && (
          <ol class="rules" aria-label="Published rules">
            {rules.clauses.map((c) => <li key={c.number} value={Number(c.number)}>{c.text}</li>)}
          </ol>
        )}
      </section>

      <section class="card" aria-labelledby="tasks-title">
        <h2 id="tasks-title">Tasks</h2>
        <p class="muted">One task input per line, as JSON (docs/task-types.md).</p>
        <form onSubmit={importTasks} noValidate>
          {tasksProblems.length > 0 && (
            <div class="banner banner-error" role="alert">
              <ul>{tasksProblems.map((p) => <li key={p.pointer}>{p.pointer}: {p.detail}</li>)}</ul>
            </div>
          )}
          <ErrorBanner error={tasksError} />
          {imported !== null && <Notice>Imported {imported} task{imported === 1 ? '' : 's'}.</Notice>}
          <Field id="tasks-text" label="Task inputs (JSON lines)">
            <textarea id="tasks-text" rows={4} class="mono" value={tasksText} onInput={(e) => setTasksText(e.currentTarget.value)} />
          </Field>
          <button type="submit">Import tasks</button>
        </form>
      </section>

      <section class="card" aria-labelledby="escrow-title">
        <h2 id="escrow-title">Fund escrow</h2>
        <p class="muted">
          Workers are paid from this project's escrow. It must cover the pay for every task and worker, the fee and the
          minimum-wage reserve before the project can go live.
        </p>
        <EscrowBalance escrow={escrow} />
        <form onSubmit={fund} noValidate>
          <ErrorBanner error={fundError} />
          {funded && <Notice>Deposit of {funded} recorded.</Notice>}
          <div class="row">
            <Field id="fund-amount" label={`Amount (${currency})`} error={fieldError(fundError, '/amount') ?? fieldError(fundError, '/currency')}>
              <input id="fund-amount" inputMode="decimal" value={fundAmount} onInput={(e) => setFundAmount(e.currentTarget.value)} />
            </Field>
            <Field id="fund-reference" label="Payment reference" error={fieldError(fundError, '/reference')}>
              <input id="fund-reference" value={fundReference} onInput={(e) => setFundReference(e.currentTarget.value)} />
            </Field>
          </div>
          <button type="submit">Record deposit</button>
        </form>
      </section>

      <section class="card" aria-labelledby="live-title">
        <h2 id="live-title">Go live</h2>
        <ErrorBanner error={activateError} />
        {project.status === 'active' ? (
          <p>This project is live: workers can claim its tasks.</p>
        ) : (
          <button type="button" class="primary" onClick={activate}>
            Make the project live
          </button>
        )}
      </section>
    </>
  );
}

/** The project's escrow accounts (normally one per currency) with what is free to commit. */
function EscrowBalance({ escrow }: { escrow: Escrow | null }) {
  if (!escrow) return null;
  if (escrow.items.length === 0) return <p role="status">Escrow balance: nothing deposited yet.</p>;
  return (
    <ul aria-label="Escrow balance">
      {escrow.items.map((a) => (
        <li key={`${a.purpose}-${a.currency}`}>
          Escrow {a.purpose === 'escrow' ? '' : `(${a.purpose}) `}balance: {formatMoney(a.balance.minor, a.currency)}
          {a.available.minor !== a.balance.minor && `, ${formatMoney(a.available.minor, a.currency)} available`}
        </li>
      ))}
    </ul>
  );
}
