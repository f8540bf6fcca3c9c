// Held rejections (anti-retaliation): a reviewer's rejection of a worker
// who disputed in the last 30 days is not in effect until an admin other
// than the reviewer approves it. Admins see the pending ones with the
// reviewer's reason, clause and evidence, and approve or refuse with a
// reason; the server's refusals (approver_is_reviewer, rejection_decided)
// are shown as it words them. Auditors read the list.

import { useEffect, useState } from 'preact/hooks';
import { hasRole, useApp } from '../app';
import type { HeldRejection } from '../api/types';
import { DecisionForm, type DecisionChoice } from '../components/decision_form';
import { ErrorBanner, Field, focusSoon } from '../components/ui';
import { localTime } from './earnings_logic';
import { evidenceLines, whyHeldText } from './terms_logic';

const HELD_DECISIONS: DecisionChoice[] = [
  { value: 'approve', label: 'Approve the rejection' },
  { value: 'refuse', label: 'Refuse it' },
];

export function HeldRejectionsPage() {
  const { api, user } = useApp();
  const [state, setState] = useState<'pending' | 'all'>('pending');
  const [items, setItems] = useState<HeldRejection[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const isAdmin = hasRole(user, 'admin');

  useEffect(() => {
    setItems(null);
    setError(null);
    api
      .get<{ items: HeldRejection[] }>(`/held-rejections?state=${state}&limit=200`)
      .then((r) => setItems(r.items))
      .catch(setError);
  }, [api, state]);

  const replace = (h: HeldRejection) =>
    setItems((list) => (list ?? []).map((x) => (x.review_id === h.review_id ? h : x)));

  return (
    <section>
      <h1>Held rejections</h1>
      <p>
        A reviewer's rejection of a worker who opened a dispute in the last 30 days waits here: it takes effect only when an
        admin other than the reviewer approves it. Refusing it sends the work back to review.
      </p>
      <Field id="held-state" label="Show">
        <select id="held-state" value={state} onChange={(e) => setState((e.target as HTMLSelectElement).value as 'pending' | 'all')}>
          <option value="pending">Waiting for a decision</option>
          <option value="all">All, decided ones too</option>
        </select>
      </Field>
      <ErrorBanner error={error} />
      {items === null ? (
        !error && <p aria-busy="true">Loading…</p>
      ) : items.length === 0 ? (
        <p>{state === 'pending' ? 'No rejection is waiting for a second admin.' : 'No held rejections.'}</p>
      ) : (
        items.map((h) => <HeldCard key={h.review_id} held={h} isAdmin={isAdmin} onChange={replace} />)
      )}
    </section>
  );
}

function HeldCard({ held: h, isAdmin, onChange }: { held: HeldRejection; isAdmin: boolean; onChange: (h: HeldRejection) => void }) {
  const evidence = evidenceLines(h.evidence);
  return (
    <section class="card" aria-labelledby={`held-${h.review_id}`}>
      <h2 id={`held-${h.review_id}`}>Rejection in review {h.review_id}</h2>
      <dl class="facts" aria-label={`Held rejection ${h.review_id}`}>
        <dt>State</dt>
        <dd>{h.state}</dd>
        <dt>Worker</dt>
        <dd>{h.worker_id}</dd>
        <dt>Project / assignment</dt>
        <dd>
          {h.project_id} / {h.assignment_id}
        </dd>
        <dt>Reviewer</dt>
        <dd>{h.reviewer_id}</dd>
        <dt>Why held</dt>
        <dd>{whyHeldText(h.why_held)}</dd>
        <dt>Reason code</dt>
        <dd>
          {h.reason_code}
          {h.fraud ? ' (fraud)' : ''}
        </dd>
        <dt>Clause</dt>
        <dd>{h.clause}</dd>
        <dt>Reviewer's comment</dt>
        <dd class="pre">{h.comment ?? 'none'}</dd>
        <dt>Evidence</dt>
        <dd>
          {evidence.length === 0 ? (
            'none'
          ) : (
            <ul>
              {evidence.map((line, i) => (
                <li key={i}>{line}</li>
              ))}
            </ul>
          )}
        </dd>
        <dt>Held</dt>
        <dd>
          {localTime(h.held_at)}; review deadline {localTime(h.review_deadline_at)}
        </dd>
        {h.decided_at && (
          <>
            <dt>Decision</dt>
            <dd>
              {h.state} {localTime(h.decided_at)}
              {h.decided_by !== null ? ` by admin ${h.decided_by}` : ''}
              {h.decision_reason ? `: ${h.decision_reason}` : ''}
            </dd>
          </>
        )}
      </dl>
      {isAdmin && h.state === 'pending' && (
        <DecideHeld
          held={h}
          onChange={(next) => {
            onChange(next);
            focusSoon(() => document.getElementById(`held-${h.review_id}`)); // the form is gone: on to the card, decided
          }}
        />
      )}
    </section>
  );
}

function DecideHeld({ held, onChange }: { held: HeldRejection; onChange: (h: HeldRejection) => void }) {
  const { api } = useApp();
  return (
    <DecisionForm
      name={`held-decision-${held.review_id}`}
      reasonId={`held-reason-${held.review_id}`}
      label={`Decide held rejection ${held.review_id}`}
      choices={HELD_DECISIONS}
      submitLabel={`Record decision on review ${held.review_id}`}
      send={(body) => api.post<HeldRejection>(`/held-rejections/${held.review_id}/decision`, body)}
      onDecided={onChange}
    />
  );
}
