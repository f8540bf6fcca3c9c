// The home page: one section per role the user holds, each leading to the
// pages that role works in.

import { hasRole, useApp } from '../app';
import { TASK_TYPES } from '../api/types';
import { Link } from '../components/ui';
import { TASK_TYPE_NAMES } from '../tools/registry';
import { OrgList } from './orgs';
import { LatestAnnouncement } from './announcements';
import { TermsReminder } from './terms';

export function HomePage() {
  const { user } = useApp();
  if (!user) return null;
  return (
    <section>
      <h1>Welcome, {user.display_name}</h1>
      {hasRole(user, 'worker') && <TermsReminder />}
      {hasRole(user, 'worker') && <LatestAnnouncement />}
      {hasRole(user, 'worker') && (
        <section class="card" aria-labelledby="home-worker">
          <h2 id="home-worker">Your work</h2>
          <p>
            Find paid tasks, see what each pays per hour against your local minimum wage, and continue the tasks you
            hold.
          </p>
          <p>
            <Link href="/work" class="button">
              Find work
            </Link>{' '}
            <Link href="/skill">Your skill estimate and review decisions</Link>
          </p>
          <h3>Practise a tool</h3>
          <p>Sample tasks run in your browser only: nothing is submitted or paid.</p>
          <ul class="inline-list">
            {TASK_TYPES.map((t) => (
              <li key={t}>
                <Link href={`/play/sample/${t}`}>{TASK_TYPE_NAMES[t]}</Link>
              </li>
            ))}
          </ul>
        </section>
      )}
      {hasRole(user, 'requester', 'admin', 'auditor') && (
        <section class="card" aria-labelledby="home-requester">
          <h2 id="home-requester">{hasRole(user, 'requester') ? 'Your organisations' : 'Organisations'}</h2>
          <OrgList limit={5} />
          <p>
            <Link href="/orgs">All organisations{hasRole(user, 'requester') ? ' and a new one' : ''}</Link>
          </p>
        </section>
      )}
      {hasRole(user, 'reviewer') && (
        <section class="card" aria-labelledby="home-reviewer">
          <h2 id="home-reviewer">Reviewing</h2>
          <p>
            Take the next submission of a project, see it drawn over its media with earlier stages' verdicts, and
            accept, correct, send back or reject it with a reason and the rule it breaks.
          </p>
          <p>
            <Link href="/review" class="button">
              Review work
            </Link>
          </p>
        </section>
      )}
      {hasRole(user, 'council', 'auditor', 'admin') && (
        <section class="card" aria-labelledby="home-oversight">
          <h2 id="home-oversight">Oversight</h2>
          <p>
            Transparency reports, disputes and the audit log appear here as the platform's protection features land.
            Your roles: {user.roles.join(', ')}.
          </p>
          {hasRole(user, 'auditor') && (
            <p>Every organisation's projects, with their progress, results and escrow, are open to you to read.</p>
          )}
          {hasRole(user, 'admin') && (
            <p>
              <Link href="/admin/users">Users: create accounts with any roles, grant roles</Link>
            </p>
          )}
        </section>
      )}
      <section class="card" aria-labelledby="home-profile">
        <h2 id="home-profile">Your profile</h2>
        <dl class="facts">
          <dt>Email</dt>
          <dd>{user.email}</dd>
          <dt>Country / region</dt>
          <dd>
            {user.country ?? '—'} {user.region ?? ''}
          </dd>
          <dt>Language</dt>
          <dd>{user.language}</dd>
        </dl>
      </section>
    </section>
  );
}
