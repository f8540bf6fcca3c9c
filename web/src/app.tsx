// The application shell: session, routing, navigation per role. Every
// screen gets the API client and the signed-in user from AppContext.

import { createContext } from 'preact';
import { useContext, useEffect, useRef, useState } from 'preact/hooks';
import { Api, ApiError } from './api/client';
import type { Role, User } from './api/types';
import { Link, navigate } from './components/ui';
import { isPublic, parseRoute, pathOf, type Route } from './lib/router';
import { HomePage } from './pages/home';
import { LoginPage, SignupPage } from './pages/auth';
import { OrgPage, OrgsPage } from './pages/orgs';
import { ProjectPage } from './pages/project';
import { AssignmentPage, SamplePage, WorkPage } from './pages/work';
import { ReviewItemPage, ReviewPage } from './pages/review';
import { EarningsPage } from './pages/earnings';
import { ProgressPage } from './pages/progress';
import { SkillPage } from './pages/skill';
import { UsersPage } from './pages/users';
import { DisputePage, DisputesPage } from './pages/disputes';
import { NoticesPage, useNoticeCount } from './pages/notices';
import { SanctionsPage } from './pages/sanctions';
import { ReportPage } from './pages/report';
import { AuditPage } from './pages/audit';
import { TermsPage } from './pages/terms';
import { AnnouncementsPage } from './pages/announcements';
import { HeldRejectionsPage } from './pages/held_rejections';

export interface AppState {
  api: Api;
  user: User | null;
  signedIn: (token: string) => Promise<User>;
  signOut: () => Promise<void>;
}

export const AppContext = createContext<AppState>(null as unknown as AppState);
export const useApp = () => useContext(AppContext);

export const hasRole = (user: User | null, ...roles: Role[]) => !!user && roles.some((r) => user.roles.includes(r));

/**
 * Auditors read every organisation's data but change none of it; the
 * server refuses their edits, and the pages do not offer them. Someone who
 * is also a requester or admin edits as that role.
 */
export const readsOnly = (user: User | null) => hasRole(user, 'auditor') && !hasRole(user, 'requester', 'admin');

function currentRoute(): Route {
  return parseRoute(location.pathname, location.search);
}

const TITLES: Record<Route['name'], string> = {
  home: 'Home',
  login: 'Log in',
  signup: 'Sign up',
  orgs: 'Organisations',
  org: 'Organisation',
  project: 'Project',
  progress: 'Progress',
  skill: 'My skill',
  users: 'Users',
  work: 'Work',
  earnings: 'Earnings',
  assignment: 'Task',
  sample: 'Practice task',
  review: 'Review',
  review_item: 'Review',
  disputes: 'Disputes',
  dispute: 'Dispute',
  notices: 'Notices',
  sanctions: 'Sanctions',
  report: 'Transparency report',
  audit: 'Audit log',
  terms: 'Platform terms',
  announcements: 'Announcements',
  held_rejections: 'Held rejections',
  not_found: 'Not found',
};

export function App() {
  const [api] = useState(() => new Api());
  const [user, setUser] = useState<User | null>(null);
  const [loading, setLoading] = useState(api.authenticated);
  const [route, setRoute] = useState<Route>(currentRoute);
  const main = useRef<HTMLElement>(null);
  const unseenNotices = useNoticeCount(api, user, route, route.name === 'notices');

  useEffect(() => {
    const onPop = () => setRoute(currentRoute());
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  // A session the server no longer accepts: back to the login page, then to where the user was.
  useEffect(() => {
    api.onUnauthorized = () => {
      api.setToken(null);
      setUser(null);
    };
  }, [api]);

  // Restore the session from the stored token.
  useEffect(() => {
    if (!api.authenticated) return;
    api
      .get<User>('/me')
      .then(setUser)
      .catch((e) => {
        if (e instanceof ApiError && e.status === 401) api.setToken(null);
      })
      .finally(() => setLoading(false));
  }, [api]);

  // A new screen: a new title, and focus on its heading for keyboard and screen-reader users, once per screen.
  // A screen that loads first (the session, a dispute, a project) draws its heading later: focus goes there
  // when it appears, unless the user has moved focus in the meantime — never again after they have.
  useEffect(() => {
    document.title = `${TITLES[route.name]} · fairlabel`;
    const focusHeading = () => {
      const heading = main.current?.querySelector('h1');
      if (!heading) return false;
      heading.setAttribute('tabindex', '-1');
      heading.focus({ preventScroll: true });
      return true;
    };
    if (focusHeading() || !main.current) return;
    const from = document.activeElement; // e.g. the menu link that was followed
    const observer = new MutationObserver(() => {
      const now = document.activeElement;
      const moved = now && now !== document.body && now !== from;
      if (moved || focusHeading()) observer.disconnect();
    });
    observer.observe(main.current, { childList: true, subtree: true });
    const stop = setTimeout(() => observer.disconnect(), 10_000);
    return () => {
      observer.disconnect();
      clearTimeout(stop);
    };
  }, [route]);

  const state: AppState = {
    api,
    user,
    signedIn: async (token) => {
      api.setToken(token);
      const me = await api.get<User>('/me');
      setUser(me);
      return me;
    },
    signOut: async () => {
      try {
        await api.post('/auth/logout');
      } catch {
        /* the token is dropped below either way */
      }
      api.setToken(null);
      setUser(null);
      navigate('/login');
    },
  };

  const needsLogin = !loading && !user && !isPublic(route);
  useEffect(() => {
    if (!needsLogin) return;
    const next = pathOf(route);
    navigate(pathOf({ name: 'login', next: next === '/' ? undefined : next }), true);
  }, [needsLogin, route]);

  let page;
  if (loading) {
    page = <p aria-busy="true">Loading…</p>;
  } else if (needsLogin) {
    page = null;
  } else {
    page = <Page route={route} />;
  }

  return (
    <AppContext.Provider value={state}>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="topbar">
        <Link href="/" class="brand">
          fairlabel
        </Link>
        <nav aria-label="Main">
          {user && <Link href="/">Home</Link>}
          {hasRole(user, 'requester', 'admin', 'auditor') && <Link href="/orgs">Organisations</Link>}
          {hasRole(user, 'worker') && <Link href="/work">Work</Link>}
          {hasRole(user, 'worker') && <Link href="/earnings">Earnings</Link>}
          {hasRole(user, 'worker') && <Link href="/skill">My skill</Link>}
          {hasRole(user, 'reviewer') && <Link href="/review">Review</Link>}
          {hasRole(user, 'worker', 'admin', 'auditor') && <Link href="/disputes">Disputes</Link>}
          {hasRole(user, 'worker') && (
            <Link href="/notices">
              Notices
              {unseenNotices > 0 && (
                <span class="count" aria-label={`, ${unseenNotices} new`}>
                  {unseenNotices}
                </span>
              )}
            </Link>
          )}
          {hasRole(user, 'worker', 'admin', 'auditor') && (
            <Link href="/sanctions">{hasRole(user, 'admin', 'auditor') ? 'Sanctions' : 'My sanctions'}</Link>
          )}
          {hasRole(user, 'admin', 'auditor', 'council') && <Link href="/reports/transparency">Transparency</Link>}
          {hasRole(user, 'admin', 'auditor') && <Link href="/audit">Audit log</Link>}
          {hasRole(user, 'admin', 'auditor') && <Link href="/admin/held-rejections">Held rejections</Link>}
          {hasRole(user, 'worker', 'admin', 'requester', 'council') && <Link href="/announcements">Announcements</Link>}
          {hasRole(user, 'admin') && <Link href="/admin/users">Users</Link>}
          <Link href="/terms">Terms</Link>
        </nav>
        <div class="session">
          {user ? (
            <>
              <span class="who">
                {user.display_name} <span class="roles">({user.roles.join(', ')})</span>
              </span>
              <button type="button" class="link-button" onClick={() => state.signOut()}>
                Log out
              </button>
            </>
          ) : (
            <>
              <Link href="/login">Log in</Link>
              <Link href="/signup">Sign up</Link>
            </>
          )}
        </div>
      </header>
      <main id="main" ref={main}>
        {page}
      </main>
    </AppContext.Provider>
  );
}

function Page({ route }: { route: Route }) {
  switch (route.name) {
    case 'home':
      return <HomePage />;
    case 'login':
      return <LoginPage next={route.next} />;
    case 'signup':
      return <SignupPage />;
    case 'orgs':
      return <OrgsPage />;
    case 'org':
      return <OrgPage orgId={route.orgId} />;
    case 'project':
      return <ProjectPage projectId={route.projectId} />;
    case 'progress':
      return <ProgressPage projectId={route.projectId} />;
    case 'skill':
      return <SkillPage />;
    case 'users':
      return <UsersPage />;
    case 'work':
      return <WorkPage />;
    case 'earnings':
      return <EarningsPage />;
    case 'assignment':
      return <AssignmentPage assignmentId={route.assignmentId} />;
    case 'sample':
      return <SamplePage taskType={route.taskType} />;
    case 'review':
      return <ReviewPage />;
    case 'review_item':
      return <ReviewItemPage reviewId={route.reviewId} />;
    case 'disputes':
      return <DisputesPage about={route.about} />;
    case 'dispute':
      return <DisputePage disputeId={route.disputeId} />;
    case 'notices':
      return <NoticesPage />;
    case 'sanctions':
      return <SanctionsPage />;
    case 'report':
      return <ReportPage />;
    case 'audit':
      return <AuditPage />;
    case 'terms':
      return <TermsPage />;
    case 'announcements':
      return <AnnouncementsPage />;
    case 'held_rejections':
      return <HeldRejectionsPage />;
    case 'not_found':
      return (
        <section>
          <h1>Not found</h1>
          <p>
            There is no page at <code>{route.path}</code>. <Link href="/">Go home</Link>.
          </p>
        </section>
      );
  }
}
