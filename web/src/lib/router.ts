// The application's routes: pure parsing of a location path into a Route,
// and back. The server answers every non-API path with index.html, so any
// of these can be loaded directly or reloaded.

import { TASK_TYPES, type TaskType } from '../api/types';

export type Route =
  | { name: 'home' }
  | { name: 'login'; next?: string }
  | { name: 'signup' }
  | { name: 'orgs' }
  | { name: 'org'; orgId: number }
  | { name: 'project'; projectId: number }
  | { name: 'progress'; projectId: number }
  | { name: 'skill' }
  | { name: 'users' }
  | { name: 'work' }
  | { name: 'earnings' }
  | { name: 'assignment'; assignmentId: number }
  | { name: 'sample'; taskType: TaskType }
  | { name: 'review' }
  | { name: 'review_item'; reviewId: number }
  /** `about`: a dispute to open about this record of the worker's ("sanction:3"), from a link elsewhere. */
  | { name: 'disputes'; about?: string }
  | { name: 'dispute'; disputeId: number }
  | { name: 'notices' }
  | { name: 'sanctions' }
  | { name: 'report' }
  | { name: 'audit' }
  | { name: 'terms' }
  | { name: 'announcements' }
  | { name: 'held_rejections' }
  | { name: 'not_found'; path: string };

function positiveId(text: string): number | null {
  if (!/^[1-9][0-9]{0,15}$/.test(text)) return null;
  return Number(text);
}

export function parseRoute(path: string, search = ''): Route {
  const clean = path.replace(/\/+$/, '') || '/';
  const parts = clean.split('/').slice(1);
  const query = new URLSearchParams(search);
  if (clean === '/') return { name: 'home' };
  if (clean === '/login') {
    const next = query.get('next');
    // Only local paths, so a crafted link cannot send a user elsewhere after login.
    return next && next.startsWith('/') && !next.startsWith('//') ? { name: 'login', next } : { name: 'login' };
  }
  if (clean === '/signup') return { name: 'signup' };
  if (clean === '/orgs') return { name: 'orgs' };
  if (clean === '/work') return { name: 'work' };
  if (clean === '/earnings') return { name: 'earnings' };
  if (clean === '/review') return { name: 'review' };
  if (clean === '/skill') return { name: 'skill' };
  if (clean === '/admin/users') return { name: 'users' };
  if (clean === '/disputes') {
    const about = query.get('about');
    return about && /^(hold|assignment|sanction):[1-9][0-9]{0,15}$/.test(about) ? { name: 'disputes', about } : { name: 'disputes' };
  }
  if (clean === '/notices') return { name: 'notices' };
  if (clean === '/sanctions') return { name: 'sanctions' };
  if (clean === '/reports/transparency') return { name: 'report' };
  if (clean === '/audit') return { name: 'audit' };
  if (clean === '/terms') return { name: 'terms' };
  if (clean === '/announcements') return { name: 'announcements' };
  if (clean === '/admin/held-rejections') return { name: 'held_rejections' };
  if (parts.length === 2 && parts[0] === 'disputes') {
    const id = positiveId(parts[1]);
    if (id) return { name: 'dispute', disputeId: id };
  }
  if (parts.length === 3 && parts[0] === 'projects' && parts[2] === 'progress') {
    const id = positiveId(parts[1]);
    if (id) return { name: 'progress', projectId: id };
  }
  if (parts.length === 2 && parts[0] === 'orgs') {
    const id = positiveId(parts[1]);
    if (id) return { name: 'org', orgId: id };
  }
  if (parts.length === 2 && parts[0] === 'projects') {
    const id = positiveId(parts[1]);
    if (id) return { name: 'project', projectId: id };
  }
  if (parts.length === 2 && parts[0] === 'assignments') {
    const id = positiveId(parts[1]);
    if (id) return { name: 'assignment', assignmentId: id };
  }
  if (parts.length === 2 && parts[0] === 'reviews') {
    const id = positiveId(parts[1]);
    if (id) return { name: 'review_item', reviewId: id };
  }
  if (parts.length === 3 && parts[0] === 'play' && parts[1] === 'sample') {
    const type = parts[2] as TaskType;
    if (TASK_TYPES.includes(type)) return { name: 'sample', taskType: type };
  }
  return { name: 'not_found', path };
}

export function pathOf(route: Route): string {
  switch (route.name) {
    case 'home':
      return '/';
    case 'login':
      return route.next ? `/login?next=${encodeURIComponent(route.next)}` : '/login';
    case 'signup':
      return '/signup';
    case 'orgs':
      return '/orgs';
    case 'org':
      return `/orgs/${route.orgId}`;
    case 'project':
      return `/projects/${route.projectId}`;
    case 'progress':
      return `/projects/${route.projectId}/progress`;
    case 'skill':
      return '/skill';
    case 'users':
      return '/admin/users';
    case 'work':
      return '/work';
    case 'earnings':
      return '/earnings';
    case 'assignment':
      return `/assignments/${route.assignmentId}`;
    case 'sample':
      return `/play/sample/${route.taskType}`;
    case 'review':
      return '/review';
    case 'review_item':
      return `/reviews/${route.reviewId}`;
    case 'disputes':
      return route.about ? `/disputes?about=${encodeURIComponent(route.about)}` : '/disputes';
    case 'dispute':
      return `/disputes/${route.disputeId}`;
    case 'notices':
      return '/notices';
    case 'sanctions':
      return '/sanctions';
    case 'report':
      return '/reports/transparency';
    case 'audit':
      return '/audit';
    case 'terms':
      return '/terms';
    case 'announcements':
      return '/announcements';
    case 'held_rejections':
      return '/admin/held-rejections';
    case 'not_found':
      return route.path;
  }
}

/** Routes anyone may open without logging in. */
export function isPublic(route: Route): boolean {
  return route.name === 'login' || route.name === 'signup' || route.name === 'terms' || route.name === 'not_found';
}
