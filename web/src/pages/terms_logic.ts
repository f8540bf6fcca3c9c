// Pure logic of the platform-terms, announcement and held-rejection pages
// (src/protection/terms.h, announcements.h; the held rejections of
// src/work): what a claim's refusal means, which announcement scopes a
// role may choose, and the checks of each form before it is sent.

import { ApiError } from '../api/client';
import type { Announcement, AnnouncementScope, Role, TermsStatus } from '../api/types';
import type { FormErrors } from './protection_logic';

/** A claim (or any call) refused because the worker has not accepted the terms in force. */
export function isTermsRefusal(e: unknown): e is ApiError {
  return e instanceof ApiError && e.status === 403 && e.code === 'terms_not_accepted';
}

/** The version a terms_not_accepted detail names ("… accept version 3 …"), if it names one. */
export function versionInDetail(detail: string): number | null {
  const m = /version\s+(\d+)/i.exec(detail);
  return m ? Number(m[1]) : null;
}

/** Whether the signed-in user still has to accept the terms in force. */
export function needsAcceptance(status: TermsStatus | null): boolean {
  return !!status && status.acceptance_required && status.current_version !== null;
}

/** The body of POST /terms, or why it cannot be sent. */
export function checkTermsText(text: string): { errors: FormErrors; body?: { text: string } } {
  const t = text.trim();
  if (!t) return { errors: { '/text': 'Write the text of the terms.' } };
  if (t.length > 100_000) return { errors: { '/text': 'At most 100 000 characters.' } };
  return { errors: {}, body: { text: t } };
}

/**
 * The scopes a user may post to: admins both; the worker council all
 * workers; requesters their organisations' projects.
 */
export function allowedScopes(roles: Role[]): AnnouncementScope[] {
  const scopes: AnnouncementScope[] = [];
  if (roles.includes('admin') || roles.includes('council')) scopes.push('all_workers');
  if (roles.includes('admin') || roles.includes('requester')) scopes.push('project');
  return scopes;
}

export const SCOPE_NAMES: Record<AnnouncementScope, string> = {
  all_workers: 'All workers',
  project: 'The workers of one project',
};

export interface AnnouncementForm {
  scope: AnnouncementScope | '';
  projectId: string;
  title: string;
  body: string;
  language: string;
}

/** The body of POST /announcements, or why it cannot be sent (every problem at once). */
export function checkAnnouncementForm(
  form: AnnouncementForm,
  allowed: AnnouncementScope[],
): { errors: FormErrors; body?: Record<string, unknown> } {
  const errors: FormErrors = {};
  if (!form.scope || !allowed.includes(form.scope)) errors['/scope'] = 'Choose who it is for.';
  let projectId: number | undefined;
  if (form.scope === 'project') {
    if (!/^[1-9][0-9]{0,15}$/.test(form.projectId.trim())) errors['/project_id'] = 'Choose a project.';
    else projectId = Number(form.projectId.trim());
  }
  const title = form.title.trim();
  if (!title) errors['/title'] = 'A title is required.';
  else if (title.length > 200) errors['/title'] = 'At most 200 characters.';
  const text = form.body.trim();
  if (!text) errors['/body'] = 'Write the announcement.';
  else if (text.length > 20_000) errors['/body'] = 'At most 20 000 characters.';
  const language = form.language.trim();
  if (language && !/^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/.test(language)) errors['/language'] = 'A language tag such as "en" or "fil", or nothing.';
  if (Object.keys(errors).length) return { errors };
  const body: Record<string, unknown> = { scope: form.scope, title, body: text };
  if (projectId !== undefined) body.project_id = projectId;
  if (language) body.language = language;
  return { errors, body };
}

/** Newest first, by publication time then id. */
export function newestAnnouncements(items: Announcement[]): Announcement[] {
  return [...items].sort((a, b) => (a.published_at === b.published_at ? b.id - a.id : a.published_at < b.published_at ? 1 : -1));
}

/**
 * Why a rejection is held, in words: the server sends {reason, dispute_id}
 * ("the worker opened a dispute in the last 30 days", 4); a text is shown as
 * it is, anything else as JSON.
 */
export function whyHeldText(why: unknown): string {
  if (typeof why === 'string') return why;
  if (why && typeof why === 'object' && !Array.isArray(why)) {
    const { reason, dispute_id: dispute, ...rest } = why as Record<string, unknown>;
    const parts = [
      typeof reason === 'string' ? reason : '',
      typeof dispute === 'number' || typeof dispute === 'string' ? `(dispute #${dispute})` : '',
      Object.keys(rest).length ? JSON.stringify(rest) : '',
    ].filter(Boolean);
    if (parts.length) return parts.join(' ');
  }
  return why === null || why === undefined ? '' : JSON.stringify(why);
}

/** A held rejection's evidence as readable lines (the reviewer's list of {kind, note, …}). */
export function evidenceLines(evidence: unknown): string[] {
  if (evidence === null || evidence === undefined) return [];
  const items = Array.isArray(evidence) ? evidence : [evidence];
  return items.map((item) => {
    if (item && typeof item === 'object') {
      const { kind, note, ...rest } = item as Record<string, unknown>;
      const parts = [typeof note === 'string' ? note : '', Object.keys(rest).length ? JSON.stringify(rest) : ''].filter(Boolean);
      return `${typeof kind === 'string' ? kind : 'evidence'}: ${parts.join(' ')}`.trim();
    }
    return String(item);
  });
}

/** What a reviewer is told after sending a verdict: a held rejection is not in effect yet. */
export function verdictOutcome(label: string, taskId: number, response: unknown): { held: boolean; message: string } {
  const held = !!response && typeof response === 'object' && (response as { held_for_approval?: unknown }).held_for_approval === true;
  if (held)
    return {
      held,
      message: `Rejection of task ${taskId} is held: the worker disputed in the last 30 days, so it waits for a second admin to approve it. It is not in effect until then.`,
    };
  return { held, message: `${label}: recorded for task ${taskId}.` };
}
