// The reviewer's pages: taking the next submission of a project at a
// stage, and deciding on it — the submission drawn in its tool (editable:
// an edit makes it "accept with corrections"), earlier stages' verdicts,
// the rules it was done under, and the decision with its reason, rule and
// pinned evidence.

import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { useApp } from '../app';
import { ApiError } from '../api/client';
import type { LabelSchema, Payload, RuleClause, TaskType, Verdict, WorkOffer } from '../api/types';
import { ErrorBanner, Field, Link, navigate, Notice } from '../components/ui';
import type { ToolFocus } from '../tools/common';
import { ServerMedia } from '../tools/media';
import { TASK_TYPE_NAMES } from '../tools/registry';
import { ToolFor } from '../tools/TaskPlayer';
import { verdictOutcome } from './terms_logic';
import { evidenceFor, REASON_CODES, verdictBody, type VerdictKind } from './review_logic';

interface ReviewView {
  id: number;
  stage: number;
  attempt: number;
  status: string;
  deadline_at: string;
  verdict: string | null;
  assignment: { id: number; task_id: number; project_id: number; payload: Payload | null };
  task_type: TaskType;
  input: Record<string, unknown>;
  label_schema: LabelSchema;
  rules: { version: number; clauses: RuleClause[] };
  earlier_verdicts: Verdict[];
}

export function ReviewPage() {
  const { api } = useApp();
  const [projects, setProjects] = useState<WorkOffer[] | null>(null);
  const [projectId, setProjectId] = useState('');
  const [stage, setStage] = useState('1');
  const [error, setError] = useState<unknown>(null);
  const [empty, setEmpty] = useState(false);

  useEffect(() => {
    api.get<{ items: WorkOffer[] }>('/work/projects').then((r) => setProjects(r.items), () => setProjects([]));
  }, []);

  const claim = async (id: number) => {
    setError(null);
    setEmpty(false);
    try {
      const review = await api.post<ReviewView>(`/review/projects/${id}/claim`, { stage: Math.max(0, Number(stage) - 1) });
      navigate(`/reviews/${review.id}`);
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) setEmpty(true);
      else setError(e);
    }
  };

  return (
    <section>
      <h1>Review</h1>
      <ErrorBanner error={error} />
      {empty && <Notice>Nothing is waiting for review there right now.</Notice>}
      <section class="card" aria-labelledby="review-take">
        <h2 id="review-take">Take the next submission</h2>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (/^[1-9]\d*$/.test(projectId)) claim(Number(projectId));
          }}
        >
          <div class="row">
            <Field id="review-project" label="Project number">
              <input id="review-project" inputMode="numeric" value={projectId} onInput={(e) => setProjectId(e.currentTarget.value)} />
            </Field>
            <Field id="review-stage" label="Stage">
              <input id="review-stage" inputMode="numeric" size={3} value={stage} onInput={(e) => setStage(e.currentTarget.value)} />
            </Field>
            <button type="submit">Take next</button>
          </div>
        </form>
        {projects && projects.length > 0 && (
          <ul class="list" aria-label="Live projects">
            {projects.map((p) => (
              <li key={p.project_id}>
                {p.name} <span class="muted">(project {p.project_id}, {TASK_TYPE_NAMES[p.task_type]})</span>{' '}
                <button type="button" onClick={() => claim(p.project_id)}>
                  Review next<span class="visually-hidden"> of {p.name}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
    </section>
  );
}

const VERDICT_LABELS: Record<VerdictKind, string> = {
  accept: 'Accept',
  accept_with_corrections: 'Accept with my corrections',
  redo: 'Send back to redo',
  reject: 'Reject',
};

export function ReviewItemPage({ reviewId }: { reviewId: number }) {
  const { api } = useApp();
  const media = useMemo(() => new ServerMedia(api), [api]);
  const [review, setReview] = useState<ReviewView | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [verdict, setVerdict] = useState<VerdictKind>('accept');
  const [reasonCode, setReasonCode] = useState('');
  const [clause, setClause] = useState('');
  const [comment, setComment] = useState('');
  const [problems, setProblems] = useState<string[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<{ held: boolean; message: string } | null>(null);
  const focus = useRef<ToolFocus>({ objectId: null });
  const [focusText, setFocusText] = useState('the task as a whole');
  const corrected = useRef<{ payload: unknown; json: string } | null>(null);
  const original = useRef('');
  const [changed, setChanged] = useState(false);

  useEffect(() => {
    api.get<ReviewView>(`/reviews/${reviewId}`).then((r) => {
      setReview(r);
      original.current = JSON.stringify(r.assignment.payload);
    }, setLoadError);
  }, [reviewId]);

  if (loadError) return (<section><h1>Review</h1><ErrorBanner error={loadError} /></section>);
  if (!review) return <p aria-busy="true">Loading the submission…</p>;
  if (done) {
    return (
      <section>
        <h1>{done.held ? 'Rejection waiting for a second admin' : 'Decision recorded'}</h1>
        {done.held ? <Notice>{done.message}</Notice> : <p>{done.message}</p>}
        <p>
          <Link href="/review">Review more</Link>
        </p>
      </section>
    );
  }

  const decide = async (e: Event) => {
    e.preventDefault();
    setError(null);
    const evidence = evidenceFor(review.task_type, focus.current, comment);
    const { body, problems: found } = verdictBody({
      verdict,
      reasonCode,
      clause,
      comment,
      evidence,
      corrected: corrected.current?.payload ?? null,
      changed,
    });
    setProblems(found);
    if (!body) return;
    try {
      const answer = await api.post<unknown>(`/reviews/${review.id}/verdict`, body);
      setDone(verdictOutcome(VERDICT_LABELS[verdict], review.assignment.task_id, answer));
    } catch (err) {
      setError(err);
    }
  };

  const onFocusChange = (f: ToolFocus) => {
    focus.current = f;
    setFocusText(
      f.span
        ? `the selected text of the ${f.span.field} (characters ${f.span.start + 1}–${f.span.end})`
        : f.objectId
          ? `${f.objectId}${f.frame !== undefined && review.task_type === 'video_track' ? ` on frame ${f.frame + 1}` : ''}`
          : 'the task as a whole',
    );
  };

  return (
    <section class="player" aria-labelledby="review-title">
      <header class="player-bar">
        <h1 id="review-title">
          Review: {TASK_TYPE_NAMES[review.task_type]} task {review.assignment.task_id}
        </h1>
        <span class="muted">
          stage {review.stage + 1}, attempt {review.attempt}; decide by {new Date(review.deadline_at).toLocaleString()} (silence accepts)
        </span>
      </header>
      {review.earlier_verdicts.length > 0 && (
        <section class="card" aria-labelledby="earlier-title">
          <h2 id="earlier-title">Earlier verdicts</h2>
          <ul class="list">
            {review.earlier_verdicts.map((v) => (
              <li key={v.review_id}>
                Stage {v.stage + 1}, attempt {v.attempt}: {v.verdict ?? v.status}
                {v.reason_code && ` — ${v.reason_code}`}
                {v.clause && ` — rule ${v.clause}`}
                {v.comment && ` — ${v.comment}`}
              </li>
            ))}
          </ul>
        </section>
      )}
      <ToolFor
        type={review.task_type}
        props={{
          input: review.input,
          schema: review.label_schema,
          initial: review.assignment.payload,
          media,
          onChange: (p: Payload) => {
            const json = JSON.stringify(p);
            corrected.current = { payload: p, json };
            setChanged(json !== original.current);
          },
          onFocusChange,
        }}
      />
      <section class="card" aria-labelledby="decision-title">
        <h2 id="decision-title">Decision</h2>
        <form onSubmit={decide} noValidate>
          {problems.length > 0 && (
            <div class="banner banner-error" role="alert">
              <ul>{problems.map((p) => <li key={p}>{p}</li>)}</ul>
            </div>
          )}
          <ErrorBanner error={error} />
          <fieldset>
            <legend>Verdict</legend>
            {(Object.keys(VERDICT_LABELS) as VerdictKind[]).map((v) => (
              <label key={v} class="choice">
                <input type="radio" name="verdict" value={v} checked={verdict === v} onChange={() => setVerdict(v)}
                  disabled={v === 'accept_with_corrections' && !changed} />
                {VERDICT_LABELS[v]}
                {v === 'accept_with_corrections' && !changed && <span class="muted"> (edit the work above first)</span>}
              </label>
            ))}
          </fieldset>
          {verdict !== 'accept' && (
            <div class="row">
              <Field id="reason" label="Reason">
                <select id="reason" value={reasonCode} onChange={(e) => setReasonCode(e.currentTarget.value)}>
                  <option value="">Choose…</option>
                  {REASON_CODES.map((r) => (
                    <option key={r.code} value={r.code}>{r.label}</option>
                  ))}
                </select>
              </Field>
              <Field id="clause" label={`Rule broken (version ${review.rules.version})`}>
                <select id="clause" value={clause} onChange={(e) => setClause(e.currentTarget.value)}>
                  <option value="">{verdict === 'reject' ? 'Choose…' : 'None'}</option>
                  {review.rules.clauses.map((c) => (
                    <option key={c.number} value={String(c.number)}>
                      {c.number}. {c.text.length > 70 ? `${c.text.slice(0, 70)}…` : c.text}
                    </option>
                  ))}
                </select>
              </Field>
            </div>
          )}
          <Field id="comment" label="Comment for the worker">
            <textarea id="comment" rows={3} value={comment} onInput={(e) => setComment(e.currentTarget.value)} />
          </Field>
          {(verdict === 'redo' || verdict === 'reject') && (
            <p role="status">
              Evidence is pinned to {focusText}.{' '}
              {review.task_type === 'text_edit' || review.task_type === 'text_rank'
                ? 'Select text above to pin it there.'
                : `Select an object${review.task_type === 'video_track' ? ' and frame' : ''} above to pin it there.`}
            </p>
          )}
          <button type="submit" class="primary">Record decision</button>
        </form>
      </section>
    </section>
  );
}
