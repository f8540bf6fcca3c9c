// "My skill": the worker's skill estimate per project as the server
// computed it (GET /me/skill), with its 95 % interval drawn, the agreement
// with consensus and the server's own text on how it was computed; and the
// review decisions on their recent work with reasons and evidence
// (GET /me/assignments, /assignments/{id}/verdicts). Skill only decides
// which tasks are offered first; the page says so, because a worker who
// sees a score will reasonably ask whether it costs them money.

import { useEffect, useState } from 'preact/hooks';
import { useApp } from '../app';
import type { Verdict } from '../api/types';
import { ErrorBanner, Link } from '../components/ui';
import type { ProjectAssignment } from './progress_logic';
import { consensusText, describeEvidence, goldText, percentText, type SkillItem } from './skill_logic';

interface Decided {
  assignment: ProjectAssignment & { project_id: number };
  verdicts: Verdict[];
}

/** Decisions fetched for at most this many recent assignments: one request each. */
const RECENT = 20;
const DECIDED_STATUSES = ['accepted', 'rejected', 'redo'];

export function SkillPage() {
  const { api } = useApp();
  const [skill, setSkill] = useState<SkillItem[] | null>(null);
  const [decided, setDecided] = useState<Decided[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [decisionsError, setDecisionsError] = useState<unknown>(null);

  useEffect(() => {
    api
      .get<{ items: SkillItem[] }>('/me/skill')
      .then((r) => setSkill(r.items))
      .catch(setError);
    (async () => {
      try {
        const mine = await api.get<{ items: (ProjectAssignment & { project_id: number })[] }>(`/me/assignments?limit=${RECENT}`);
        const done = mine.items.filter((a) => DECIDED_STATUSES.includes(a.status));
        const verdicts = await Promise.all(
          done.map((a) => api.get<{ items: Verdict[] }>(`/assignments/${a.id}/verdicts`)),
        );
        setDecided(done.map((assignment, i) => ({ assignment, verdicts: verdicts[i].items.filter((v) => v.verdict) })));
      } catch (e) {
        setDecisionsError(e);
      }
    })();
  }, [api]);

  return (
    <section>
      <h1>My skill</h1>
      <p class="banner banner-info">
        Your skill estimate steers which tasks you are offered first (contested tasks go first to workers whose estimate
        is high). It never changes your pay: every accepted task is paid its piece rate.
      </p>
      <ErrorBanner error={error} />
      {skill === null && !error && <p aria-busy="true">Loading…</p>}
      {skill?.length === 0 && (
        <p>
          No estimate yet. It appears once you have answered a gold task (one with a known answer) or a task several
          workers answered has a result.
        </p>
      )}
      {skill?.map((s) => (
        <section class="card" key={s.project_id} aria-labelledby={`skill-${s.project_id}`}>
          <h2 id={`skill-${s.project_id}`}>{s.project_name}</h2>
          <dl class="stats stats-text">
            <div>
              <dt>Gold accuracy</dt>
              <dd>{goldText(s)}</dd>
            </div>
            <div>
              <dt>Estimate used for routing</dt>
              <dd>{percentText(s.estimate)}</dd>
            </div>
            <div>
              <dt>95 % interval</dt>
              <dd>
                {percentText(s.interval_95[0])} – {percentText(s.interval_95[1])}
              </dd>
            </div>
            <div>
              <dt>Agreement with consensus</dt>
              <dd>{consensusText(s)}</dd>
            </div>
          </dl>
          <p class="muted">
            The bar is 0–100 %; the shaded part is the 95 % interval, the mark the estimate.
          </p>
          <div
            class="interval"
            role="img"
            aria-label={`Estimate ${percentText(s.estimate)}, 95 % interval ${percentText(s.interval_95[0])} to ${percentText(
              s.interval_95[1],
            )}`}
          >
            <span
              class="interval-range"
              style={{ left: `${s.interval_95[0] * 100}%`, width: `${(s.interval_95[1] - s.interval_95[0]) * 100}%` }}
            />
            <span class="interval-point" style={{ left: `${s.estimate * 100}%` }} />
          </div>
          <h3>How this was computed</h3>
          <p class="method">{s.how_computed}</p>
        </section>
      ))}

      <section class="card" aria-labelledby="decisions-title">
        <h2 id="decisions-title">Decisions on your recent work</h2>
        <ErrorBanner error={decisionsError} />
        {decided === null && !decisionsError && <p aria-busy="true">Loading…</p>}
        {decided?.length === 0 && <p>None of your recent work has been decided yet.</p>}
        {decided && decided.length > 0 && (
          <table class="table" aria-label="Decisions on your recent work">
            <thead>
              <tr>
                <th scope="col">Task</th>
                <th scope="col">Outcome</th>
                <th scope="col">Reasons and evidence</th>
              </tr>
            </thead>
            <tbody>
              {decided.map(({ assignment, verdicts }) => (
                <tr key={assignment.id}>
                  <td>
                    <Link href={`/assignments/${assignment.id}`}>Assignment {assignment.id}</Link>
                  </td>
                  <td>{assignment.status}</td>
                  <td>
                    {verdicts.length === 0 ? (
                      <span class="muted">
                        {assignment.status === 'accepted' ? 'Accepted without review' : 'No decision recorded'}
                      </span>
                    ) : (
                      <ul class="list">
                        {verdicts.map((v) => (
                          <li key={v.review_id}>
                            <strong>{v.verdict?.replace(/_/g, ' ')}</strong> at stage {v.stage + 1}
                            {v.reason_code && <> — reason: {v.reason_code}</>}
                            {v.clause && <> — rule {v.clause}</>}
                            {v.comment && <> — “{v.comment}”</>}
                            {v.evidence.length > 0 && (
                              <ul>
                                {v.evidence.map((e, i) => (
                                  <li key={i}>Evidence: {describeEvidence(e)}</li>
                                ))}
                              </ul>
                            )}
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <p class="muted">
        Training projects and qualifications are not offered by this server's API yet; they will appear here when it
        does.
      </p>
    </section>
  );
}
