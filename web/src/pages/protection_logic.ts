// What the dispute, sanction and notice pages compute, as pure functions
// over what the protection routes return (src/api/protection_routes.cc;
// rules in src/protection/disputes.h and sanctions.h): deadlines in words,
// the admins' queue order, the forms' checks before sending (the same
// fields and JSON pointers the server names), and codes in words. Unit-tested
// without a server; "now" is always passed in.

import type { Dispute, DisputeCategory, Sanction, SanctionLevel, WorkerNotice } from '../api/types';
import { SANCTION_LEVELS } from '../api/types';
import { formatMoney } from '../lib/money';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;

/** A positive span in the largest whole unit: "2 days", "5 hours", "1 minute", "less than a minute". */
export function spanText(ms: number): string {
  if (ms >= DAY) return plural(Math.floor(ms / DAY), 'day');
  if (ms >= HOUR) return plural(Math.floor(ms / HOUR), 'hour');
  if (ms >= MINUTE) return plural(Math.floor(ms / MINUTE), 'minute');
  return 'less than a minute';
}

export interface DeadlineView {
  /** "in 2 days", "overdue by 3 hours"; "" for an unparsable time. */
  relative: string;
  overdue: boolean;
}

/** A deadline seen at `nowMs`: how far away it is, or how long ago it passed. */
export function deadline(dueRfc3339: string, nowMs: number): DeadlineView {
  const due = Date.parse(dueRfc3339);
  if (Number.isNaN(due)) return { relative: '', overdue: false };
  if (due >= nowMs) return { relative: `in ${spanText(due - nowMs)}`, overdue: false };
  return { relative: `overdue by ${spanText(nowMs - due)}`, overdue: true };
}

/** "48 hours", "7 days": a published deadline in hours, in the largest whole unit. */
export function hoursText(hours: number): string {
  return hours >= 24 && hours % 24 === 0 ? plural(hours / 24, 'day') : plural(hours, 'hour');
}

/** A category's published promise in one sentence. */
export function categoryPromise(c: DisputeCategory): string {
  const late = c.decided_for_worker_when_late
    ? 'if no decision is made in time, it is decided for you and the money is paid'
    : 'if no decision is made in time, it is escalated to every admin';
  return `First answer within ${hoursText(c.first_answer_hours)}, decision within ${hoursText(c.decision_hours)}; ${late}.`;
}

/** The deadline a dispute waits on next: the first answer while open, then the decision; none once decided. */
export function nextDeadline(d: Dispute): string | null {
  if (d.status === 'decided') return null;
  if (d.status === 'open' && !d.first_answer_at) return d.answer_due_at;
  return d.decision_due_at;
}

export function isOverdue(d: Dispute, nowMs: number): boolean {
  const due = nextDeadline(d);
  return due !== null && Date.parse(due) < nowMs;
}

/**
 * The admins' queue order: undecided disputes past their next deadline
 * first (the longest overdue first), then the other undecided ones by the
 * nearest deadline, then decided ones, most recently decided first. Ties
 * by id, so the order is stable.
 */
export function queueOrder(disputes: Dispute[], nowMs: number): Dispute[] {
  const rank = (d: Dispute) => (d.status === 'decided' ? 2 : isOverdue(d, nowMs) ? 0 : 1);
  const time = (d: Dispute) => {
    const due = nextDeadline(d);
    if (due !== null) return Date.parse(due);
    return -Date.parse(d.decided_at ?? d.opened_at); // newest decision first
  };
  return [...disputes].sort((a, b) => rank(a) - rank(b) || time(a) - time(b) || a.id - b.id);
}

export interface QueueFilter {
  /** "" for any; "overdue" for undecided past the next deadline. */
  status: string;
  /** "" for any. */
  category: string;
}

export function filterQueue(disputes: Dispute[], filter: QueueFilter, nowMs: number): Dispute[] {
  return disputes.filter((d) => {
    if (filter.category && d.category !== filter.category) return false;
    if (filter.status === 'overdue') return isOverdue(d, nowMs);
    if (filter.status && d.status !== filter.status) return false;
    return true;
  });
}

const OUTCOMES: Record<string, string> = {
  upheld: 'Upheld: decided for the worker',
  denied: 'Denied',
  upheld_by_deadline: 'Upheld by deadline: not decided in time, so decided for the worker',
};

export function outcomeName(outcome: string): string {
  return OUTCOMES[outcome] ?? outcome.replace(/_/g, ' ');
}

const DISPUTE_STATUSES: Record<string, string> = {
  open: 'open, waiting for a first answer',
  answered: 'answered, waiting for a decision',
  decided: 'decided',
};

export function disputeStatusName(status: string): string {
  return DISPUTE_STATUSES[status] ?? status;
}

/** The record a dispute is about, in words ("hold 12", "assignment 7"), or "" for none. */
export function linkedRecord(d: Pick<Dispute, 'hold_id' | 'assignment_id' | 'sanction_id'>): string {
  if (d.hold_id !== null) return `held payment ${d.hold_id}`;
  if (d.assignment_id !== null) return `assignment ${d.assignment_id}`;
  if (d.sanction_id !== null) return `sanction ${d.sanction_id}`;
  return '';
}

/** Field errors keyed by the JSON pointer the server would name ("/summary"). */
export type FormErrors = Record<string, string>;

export interface DisputeForm {
  category: string;
  /** The linked record's id as chosen (a select's value), "" for none. */
  link: string;
  summary: string;
}

/** The body of POST /disputes, or the errors that stop it being sent. */
export function checkDisputeForm(
  form: DisputeForm,
  categories: DisputeCategory[],
): { errors: FormErrors; body?: Record<string, unknown> } {
  const errors: FormErrors = {};
  const category = categories.find((c) => c.name === form.category);
  if (!category) errors['/category'] = 'Choose what the dispute is about.';
  const summary = form.summary.trim();
  if (!summary) errors['/summary'] = 'Say what happened and what you ask for.';
  else if (summary.length > 4000) errors['/summary'] = 'At most 4000 characters.';
  const linkId = /^[1-9][0-9]*$/.test(form.link) ? Number(form.link) : null;
  if (category?.links && linkId === null) {
    errors[`/${category.links}`] = {
      hold_id: 'Choose the held payment this is about.',
      assignment_id: 'Choose the rejected task this is about.',
      sanction_id: 'Choose the sanction this is about.',
    }[category.links] ?? 'Choose the record this is about.';
  }
  if (Object.keys(errors).length || !category) return { errors };
  const body: Record<string, unknown> = { category: category.name, summary };
  if (category.links && linkId !== null) body[category.links] = linkId;
  return { errors, body };
}

export interface DecisionForm {
  outcome: string;
  rule: string;
  reason: string;
}

/** The body of POST /disputes/{id}/decision, or why it cannot be sent. */
export function checkDecisionForm(form: DecisionForm): { errors: FormErrors; body?: DecisionForm } {
  const errors: FormErrors = {};
  if (form.outcome !== 'upheld' && form.outcome !== 'denied') errors['/outcome'] = 'Choose upheld or denied.';
  const rule = form.rule.trim();
  const reason = form.reason.trim();
  if (!rule) errors['/rule'] = 'Cite the rule the decision relies on (for example "project rules v2 clause 3").';
  else if (rule.length > 400) errors['/rule'] = 'At most 400 characters.';
  if (!reason) errors['/reason'] = 'Give the reason, in words the worker can act on.';
  else if (reason.length > 4000) errors['/reason'] = 'At most 4000 characters.';
  if (Object.keys(errors).length) return { errors };
  return { errors, body: { outcome: form.outcome, rule, reason } };
}

export interface SanctionForm {
  workerId: string;
  level: string;
  projectId: string;
  reasonCode: string;
  evidence: string;
  notice: string;
  answerDays: string;
  /** "" (none), "fraud" or "safety": only for a suspension. */
  immediateBasis: string;
}

const wholeNumber = (text: string): number | null => (/^[0-9]{1,15}$/.test(text.trim()) ? Number(text.trim()) : null);

/** The body of POST /sanctions, or the errors the server would also give (src/protection/sanctions.cc). */
export function checkSanctionForm(form: SanctionForm): { errors: FormErrors; body?: Record<string, unknown> } {
  const errors: FormErrors = {};
  const workerId = wholeNumber(form.workerId);
  if (!workerId) errors['/worker_id'] = "Enter the worker's user id.";
  const level = form.level as SanctionLevel;
  if (!SANCTION_LEVELS.includes(level)) errors['/level'] = 'Choose a level.';
  const projectId = wholeNumber(form.projectId);
  if (level === 'project_removal' && !projectId) errors['/project_id'] = 'A project removal names the project.';
  const reasonCode = form.reasonCode.trim();
  if (!reasonCode) errors['/reason_code'] = 'A sanction needs a reason code.';
  else if (reasonCode.length > 80) errors['/reason_code'] = 'At most 80 characters.';
  const evidence = form.evidence.trim();
  if (!evidence) errors['/evidence'] = 'A sanction needs evidence.';
  else if (evidence.length > 8000) errors['/evidence'] = 'At most 8000 characters.';
  const notice = form.notice.trim();
  if (level !== 'warning' && SANCTION_LEVELS.includes(level) && !notice)
    errors['/notice'] = 'Beyond a warning, the worker must be told what and why.';
  else if (notice.length > 8000) errors['/notice'] = 'At most 8000 characters.';
  const answerDays = wholeNumber(form.answerDays);
  if (answerDays === null || answerDays < 3 || answerDays > 30) errors['/answer_days'] = 'The answer window is 3 to 30 days.';
  if (form.immediateBasis) {
    if (level !== 'suspension') errors['/immediate_basis'] = 'Only a suspension can take effect immediately.';
    else if (form.immediateBasis !== 'fraud' && form.immediateBasis !== 'safety')
      errors['/immediate_basis'] = 'An immediate suspension needs a fraud or safety basis.';
  }
  if (Object.keys(errors).length) return { errors };
  const body: Record<string, unknown> = {
    worker_id: workerId,
    level,
    reason_code: reasonCode,
    evidence,
    notice,
    answer_days: answerDays,
  };
  if (level === 'project_removal') body.project_id = projectId;
  if (form.immediateBasis) body.immediate_basis = form.immediateBasis;
  return { errors, body };
}

const LEVELS: Record<string, string> = {
  warning: 'Warning',
  project_removal: 'Removal from a project',
  suspension: 'Suspension',
  deactivation: 'Deactivation',
};

export function levelName(level: string): string {
  return LEVELS[level] ?? level.replace(/_/g, ' ');
}

const SANCTION_STATES: Record<string, string> = {
  proposed: 'proposed: not in effect, waiting for the answer and a decision',
  interim: 'in effect for now (interim), waiting for a decision',
  confirmed: 'confirmed',
  refused: 'refused: not applied',
  lapsed: 'lapsed: not confirmed in time',
};

export function sanctionStateName(state: string): string {
  return SANCTION_STATES[state] ?? state;
}

/** Whether the worker may still answer the notice at `nowMs` (the server decides in the end). */
export function canAnswer(s: Sanction, nowMs: number): boolean {
  return (s.state === 'proposed' || s.state === 'interim') && !s.worker_answer && Date.parse(s.answer_due_at) >= nowMs;
}

/** What an admin may do next with a sanction, given who they are. */
export function sanctionActions(s: Sanction, adminId: number): { approve: boolean; decide: boolean } {
  const open = s.state === 'proposed' || s.state === 'interim';
  return {
    approve: open && s.retaliation_flag && s.approved_by === null && s.proposed_by !== adminId,
    decide: open,
  };
}

const NOTICE_KINDS: Record<string, string> = {
  payment_held: 'Pay held',
  payment_voided: 'Held pay not released',
  dispute_opened: 'Dispute opened',
  dispute_message: 'New message on a dispute',
  dispute_decided: 'Dispute decided',
  dispute_escalated: 'Dispute escalated',
  sanction_confirmed: 'Sanction confirmed',
  sanction_proposed: 'Sanction proposed',
  sanction_interim: 'Interim suspension',
  sanction_refused: 'Sanction refused',
  sanction_lapsed: 'Sanction lapsed',
};

export function noticeKindName(kind: string): string {
  return NOTICE_KINDS[kind] ?? kind.replace(/_/g, ' ');
}

/** Newest first, whatever order they came in (held-pay notices follow the stored ones in the answer). */
export function newestFirst(notices: WorkerNotice[]): WorkerNotice[] {
  return [...notices].sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at) || (b.id ?? 0) - (a.id ?? 0));
}

/** How many notices are newer than `seenUntil` (an RFC 3339 time, or null: never looked). */
export function unseenCount(notices: WorkerNotice[], seenUntil: string | null): number {
  const seen = seenUntil ? Date.parse(seenUntil) : Number.NEGATIVE_INFINITY;
  return notices.filter((n) => Date.parse(n.created_at) > seen).length;
}

/** The newest notice time, to remember as seen; null for none. */
export function newestTime(notices: WorkerNotice[]): string | null {
  return newestFirst(notices)[0]?.created_at ?? null;
}

const NOTICE_TIMES: [string, string][] = [
  ['answer_due_at', 'Answer due'],
  ['decision_due_at', 'Decision due'],
  ['will_be_paid_at', 'Will be paid'],
];

/**
 * The facts of a notice's body worth a line of their own, for the reader:
 * the amount, and its times in the reader's local time (`localTime`), since
 * the message text carries them as UTC timestamps.
 */
export function noticeFacts(body: WorkerNotice['body'], localTime: (rfc3339: string) => string): { label: string; value: string }[] {
  const facts: { label: string; value: string }[] = [];
  if (typeof body.amount_minor === 'number' && typeof body.currency === 'string')
    facts.push({ label: 'Amount', value: formatMoney(body.amount_minor, body.currency) });
  for (const [key, label] of NOTICE_TIMES) {
    const value = body[key];
    if (typeof value === 'string') facts.push({ label, value: localTime(value) });
  }
  return facts;
}
