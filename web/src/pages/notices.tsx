// A worker's notices (GET /me/notices): every pay and standing notification
// — held pay and when it will be paid, disputes opened, answered and
// decided, sanctions proposed and decided — newest first. Opening the page
// marks them seen, which clears the count beside "Notices" in the menu
// (useNoticeCount; remembered in this browser, per user).

import { Fragment } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { Api } from '../api/client';
import type { User, WorkerNotice } from '../api/types';
import { useApp } from '../app';
import { ErrorBanner, Link } from '../components/ui';
import { localTime } from './earnings_logic';
import { LatestAnnouncement } from './announcements';
import { newestFirst, newestTime, noticeFacts, noticeKindName, unseenCount } from './protection_logic';

const seenKey = (userId: number) => `fairlabel.notices-seen.${userId}`;

function seenUntil(userId: number): string | null {
  try {
    return localStorage.getItem(seenKey(userId));
  } catch {
    return null;
  }
}

function markSeen(userId: number, notices: WorkerNotice[]): void {
  const newest = newestTime(notices);
  try {
    if (newest) localStorage.setItem(seenKey(userId), newest);
  } catch {
    /* storage disabled: the count stays */
  }
}

/**
 * How many notices the worker has not seen, for the menu: fetched again on
 * every change of page (`tick`), zero on the notices page itself.
 */
export function useNoticeCount(api: Api, user: User | null, tick: unknown, onNoticesPage: boolean): number {
  const [count, setCount] = useState(0);
  const isWorker = !!user && user.roles.includes('worker');
  useEffect(() => {
    if (!user || !isWorker) {
      setCount(0);
      return;
    }
    let live = true;
    api
      .get<{ items: WorkerNotice[] }>('/me/notices?limit=100')
      .then((r) => {
        if (!live) return;
        if (onNoticesPage) markSeen(user.id, r.items);
        setCount(onNoticesPage ? 0 : unseenCount(r.items, seenUntil(user.id)));
      })
      .catch(() => {
        /* the count is a hint; the page itself shows errors */
      });
    return () => {
      live = false;
    };
  }, [api, user, isWorker, tick, onNoticesPage]);
  return count;
}

/** Where a notice's subject ("dispute:4", "sanction:2") is shown, if it has a page. */
function subjectLink(subject: string): { href: string; text: string } | null {
  const [kind, id] = subject.split(':');
  if (kind === 'dispute' && id) return { href: `/disputes/${id}`, text: `Dispute #${id}` };
  if (kind === 'sanction' && id) return { href: '/sanctions', text: `Sanction ${id}` };
  if (kind === 'hold' && id) return { href: '/earnings', text: `Held payment ${id}` };
  return null;
}

export function NoticesPage() {
  const { api } = useApp();
  const [notices, setNotices] = useState<WorkerNotice[] | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    api
      .get<{ items: WorkerNotice[] }>('/me/notices?limit=100')
      .then((r) => setNotices(newestFirst(r.items)))
      .catch(setError);
  }, [api]);

  return (
    <section>
      <h1>Notices</h1>
      <p>
        What happened to your pay and your standing, newest first. Whatever a notice says, your earnings are still paid:
        payouts pay every balance you have earned, whatever your account's status.
      </p>
      <ErrorBanner error={error} />
      <LatestAnnouncement />
      <p>
        <Link href="/announcements">All announcements</Link>
      </p>
      {notices === null ? (
        !error && <p aria-busy="true">Loading…</p>
      ) : notices.length === 0 ? (
        <p>No notices.</p>
      ) : (
        <ol class="notices" aria-label="Notices, newest first">
          {notices.map((n, i) => {
            const link = subjectLink(n.subject);
            return (
              <li key={n.id ?? `standing-${i}`} class="card">
                <h2 class="notice-kind">{noticeKindName(n.kind)}</h2>
                <p class="muted">{localTime(n.created_at)}</p>
                <p>{typeof n.body.message === 'string' ? n.body.message : JSON.stringify(n.body)}</p>
                {noticeFacts(n.body, localTime).length > 0 && (
                  <dl class="facts">
                    {noticeFacts(n.body, localTime).map((f) => (
                      <Fragment key={f.label}>
                        <dt>{f.label}</dt>
                        <dd>{f.value}</dd>
                      </Fragment>
                    ))}
                  </dl>
                )}
                {link && <Link href={link.href}>{link.text}</Link>}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
