import { describe, expect, it } from 'vitest';
import type { Dispute, DisputeCategory, Sanction, WorkerNotice } from '../api/types';
import {
  canAnswer,
  categoryPromise,
  checkDecisionForm,
  checkDisputeForm,
  checkSanctionForm,
  deadline,
  filterQueue,
  hoursText,
  isOverdue,
  linkedRecord,
  newestFirst,
  newestTime,
  nextDeadline,
  noticeFacts,
  noticeKindName,
  outcomeName,
  queueOrder,
  sanctionActions,
  spanText,
  unseenCount,
  type SanctionForm,
} from './protection_logic';

const NOW = Date.parse('2026-11-29T12:00:00Z');
const HOUR = 3_600_000;
const at = (hoursFromNow: number) => new Date(NOW + hoursFromNow * HOUR).toISOString();

const dispute = (id: number, over: Partial<Dispute> = {}): Dispute => ({
  id,
  worker_id: 7,
  category: 'other',
  hold_id: null,
  assignment_id: null,
  sanction_id: null,
  summary: 's',
  status: 'open',
  opened_at: at(-1),
  answer_due_at: at(71),
  decision_due_at: at(719),
  first_answer_at: null,
  escalated_at: null,
  escalation: null,
  outcome: null,
  decided_by: null,
  decided_at: null,
  decision_rule: null,
  decision_reason: null,
  amount_minor: null,
  currency: null,
  transfer_id: null,
  messages: [],
  ...over,
});

const CATEGORIES: DisputeCategory[] = [
  { name: 'payment', covers: 'pay', first_answer_hours: 48, decision_hours: 168, decided_for_worker_when_late: true, links: 'hold_id' },
  { name: 'rejection', covers: 'rej', first_answer_hours: 48, decision_hours: 240, decided_for_worker_when_late: true, links: 'assignment_id' },
  { name: 'sanction', covers: 'san', first_answer_hours: 48, decision_hours: 336, decided_for_worker_when_late: false, links: 'sanction_id' },
  { name: 'other', covers: 'else', first_answer_hours: 72, decision_hours: 720, decided_for_worker_when_late: false, links: '' },
];

describe('deadlines in words', () => {
  it('says how far away a deadline is, in the largest whole unit', () => {
    expect(deadline(at(49), NOW)).toEqual({ relative: 'in 2 days', overdue: false });
    expect(deadline(at(5.5), NOW)).toEqual({ relative: 'in 5 hours', overdue: false });
    expect(deadline(at(1 / 60), NOW)).toEqual({ relative: 'in 1 minute', overdue: false });
    expect(deadline(at(0), NOW)).toEqual({ relative: 'in less than a minute', overdue: false });
  });
  it('says a passed deadline is overdue, and by how much', () => {
    expect(deadline(at(-3), NOW)).toEqual({ relative: 'overdue by 3 hours', overdue: true });
    expect(deadline(at(-24), NOW)).toEqual({ relative: 'overdue by 1 day', overdue: true });
  });
  it('gives nothing for an unparsable time', () => {
    expect(deadline('soon', NOW)).toEqual({ relative: '', overdue: false });
  });
  it('words published deadlines and the promise of a category', () => {
    expect(hoursText(48)).toBe('2 days');
    expect(hoursText(36)).toBe('36 hours');
    expect(hoursText(1)).toBe('1 hour');
    expect(spanText(90 * 60_000)).toBe('1 hour');
    expect(categoryPromise(CATEGORIES[0])).toBe(
      'First answer within 2 days, decision within 7 days; if no decision is made in time, it is decided for you and the money is paid.',
    );
    expect(categoryPromise(CATEGORIES[3])).toContain('escalated to every admin');
  });
});

describe('the admins’ dispute queue', () => {
  it('waits on the first answer, then the decision, then nothing', () => {
    expect(nextDeadline(dispute(1))).toBe(at(71));
    expect(nextDeadline(dispute(1, { status: 'answered', first_answer_at: at(0) }))).toBe(at(719));
    expect(nextDeadline(dispute(1, { status: 'decided', decided_at: at(0) }))).toBeNull();
    expect(isOverdue(dispute(1, { answer_due_at: at(-1) }), NOW)).toBe(true);
    expect(isOverdue(dispute(1, { status: 'decided', answer_due_at: at(-1), decided_at: at(-2) }), NOW)).toBe(false);
  });
  it('puts overdue first (longest overdue first), then nearest deadline, then decided (newest first)', () => {
    const list = [
      dispute(1, { status: 'decided', decided_at: at(-10) }),
      dispute(2, { answer_due_at: at(30) }),
      dispute(3, { answer_due_at: at(-2) }),
      dispute(4, { status: 'answered', first_answer_at: at(-5), decision_due_at: at(-20) }),
      dispute(5, { answer_due_at: at(3) }),
      dispute(6, { status: 'decided', decided_at: at(-1) }),
    ];
    expect(queueOrder(list, NOW).map((d) => d.id)).toEqual([4, 3, 5, 2, 6, 1]);
    expect(list.map((d) => d.id)).toEqual([1, 2, 3, 4, 5, 6]); // not sorted in place
  });
  it('filters by status, overdue and category', () => {
    const list = [dispute(1), dispute(2, { category: 'payment', answer_due_at: at(-1) }), dispute(3, { status: 'decided', decided_at: at(0) })];
    expect(filterQueue(list, { status: '', category: '' }, NOW).length).toBe(3);
    expect(filterQueue(list, { status: 'overdue', category: '' }, NOW).map((d) => d.id)).toEqual([2]);
    expect(filterQueue(list, { status: 'decided', category: '' }, NOW).map((d) => d.id)).toEqual([3]);
    expect(filterQueue(list, { status: 'open', category: 'other' }, NOW).map((d) => d.id)).toEqual([1]);
  });
  it('names outcomes and linked records', () => {
    expect(outcomeName('upheld_by_deadline')).toMatch(/not decided in time/);
    expect(outcomeName('something_new')).toBe('something new');
    expect(linkedRecord(dispute(1, { hold_id: 12 }))).toBe('held payment 12');
    expect(linkedRecord(dispute(1))).toBe('');
  });
});

describe('opening a dispute', () => {
  it('needs a category, a summary, and the record the category links', () => {
    expect(checkDisputeForm({ category: '', link: '', summary: ' ' }, CATEGORIES).errors).toEqual({
      '/category': expect.any(String),
      '/summary': expect.any(String),
    });
    const missing = checkDisputeForm({ category: 'payment', link: '', summary: 'held for no reason' }, CATEGORIES);
    expect(Object.keys(missing.errors)).toEqual(['/hold_id']);
    expect(missing.body).toBeUndefined();
  });
  it('sends the category, the trimmed summary and the linked id', () => {
    expect(checkDisputeForm({ category: 'rejection', link: '42', summary: ' wrong rejection ' }, CATEGORIES).body).toEqual({
      category: 'rejection',
      summary: 'wrong rejection',
      assignment_id: 42,
    });
    expect(checkDisputeForm({ category: 'other', link: '9', summary: 'x' }, CATEGORIES).body).toEqual({ category: 'other', summary: 'x' });
  });
  it('refuses an overlong summary', () => {
    expect(checkDisputeForm({ category: 'other', link: '', summary: 'x'.repeat(4001) }, CATEGORIES).errors['/summary']).toBeTruthy();
  });
});

describe('deciding a dispute', () => {
  it('requires an outcome, a rule and a reason before sending', () => {
    expect(Object.keys(checkDecisionForm({ outcome: '', rule: '', reason: '' }).errors)).toEqual(['/outcome', '/rule', '/reason']);
    expect(Object.keys(checkDecisionForm({ outcome: 'maybe', rule: 'r', reason: 'x' }).errors)).toEqual(['/outcome']);
    expect(checkDecisionForm({ outcome: 'upheld', rule: ' terms 4.1 ', reason: ' paid late ' }).body).toEqual({
      outcome: 'upheld',
      rule: 'terms 4.1',
      reason: 'paid late',
    });
  });
});

const sanctionForm = (over: Partial<SanctionForm> = {}): SanctionForm => ({
  workerId: '5',
  level: 'warning',
  projectId: '',
  reasonCode: 'gold_failures',
  evidence: 'failed 8 of 10 gold tasks',
  notice: '',
  answerDays: '7',
  immediateBasis: '',
  ...over,
});

describe('proposing a sanction', () => {
  it('sends a plain warning without a notice', () => {
    expect(checkSanctionForm(sanctionForm()).body).toEqual({
      worker_id: 5,
      level: 'warning',
      reason_code: 'gold_failures',
      evidence: 'failed 8 of 10 gold tasks',
      notice: '',
      answer_days: 7,
    });
  });
  it('names each missing or bad field with the server’s pointer', () => {
    const { errors, body } = checkSanctionForm(
      sanctionForm({ workerId: 'x', level: 'suspension', reasonCode: '', evidence: ' ', answerDays: '2' }),
    );
    expect(body).toBeUndefined();
    expect(Object.keys(errors).sort()).toEqual(['/answer_days', '/evidence', '/notice', '/reason_code', '/worker_id']);
  });
  it('asks a project for a removal and allows an immediate basis only for a suspension', () => {
    expect(checkSanctionForm(sanctionForm({ level: 'project_removal', notice: 'n' })).errors).toEqual({ '/project_id': expect.any(String) });
    expect(checkSanctionForm(sanctionForm({ level: 'project_removal', notice: 'n', projectId: '3' })).body?.project_id).toBe(3);
    expect(checkSanctionForm(sanctionForm({ immediateBasis: 'fraud' })).errors['/immediate_basis']).toMatch(/Only a suspension/);
    expect(checkSanctionForm(sanctionForm({ level: 'suspension', notice: 'n', immediateBasis: 'anger' })).errors['/immediate_basis']).toBeTruthy();
    expect(checkSanctionForm(sanctionForm({ level: 'suspension', notice: 'n', immediateBasis: 'safety' })).body?.immediate_basis).toBe('safety');
    expect(checkSanctionForm(sanctionForm({ answerDays: '31' })).errors['/answer_days']).toBeTruthy();
  });
});

const sanction = (over: Partial<Sanction> = {}): Sanction => ({
  id: 3,
  worker_id: 5,
  level: 'warning',
  project_id: null,
  reason_code: 'r',
  evidence: 'e',
  notice: '',
  language: 'en',
  state: 'proposed',
  immediate_basis: null,
  proposed_by: 1,
  proposed_at: at(-1),
  answer_due_at: at(24 * 7),
  lapses_at: null,
  worker_answer: null,
  answered_at: null,
  retaliation_flag: false,
  retaliation_dispute: null,
  approved_by: null,
  decided_by: null,
  decided_at: null,
  decision_reason: null,
  ...over,
});

describe('sanction steps', () => {
  it('lets the worker answer once, while the window is open and the sanction undecided', () => {
    expect(canAnswer(sanction(), NOW)).toBe(true);
    expect(canAnswer(sanction({ worker_answer: 'no' }), NOW)).toBe(false);
    expect(canAnswer(sanction({ answer_due_at: at(-1) }), NOW)).toBe(false);
    expect(canAnswer(sanction({ state: 'confirmed' }), NOW)).toBe(false);
  });
  it('offers approval of a flagged sanction to admins other than the proposer', () => {
    expect(sanctionActions(sanction({ retaliation_flag: true }), 2)).toEqual({ approve: true, decide: true });
    expect(sanctionActions(sanction({ retaliation_flag: true }), 1)).toEqual({ approve: false, decide: true });
    expect(sanctionActions(sanction({ retaliation_flag: true, approved_by: 2 }), 2).approve).toBe(false);
    expect(sanctionActions(sanction({ state: 'refused' }), 2)).toEqual({ approve: false, decide: false });
  });
});

const notice = (id: number | null, createdAt: string, kind = 'dispute_opened'): WorkerNotice => ({
  id,
  kind,
  subject: 'dispute:1',
  language: 'en',
  body: { message: 'm' },
  created_at: createdAt,
});

describe('notices', () => {
  it('sorts newest first, held-pay notices among the stored ones', () => {
    const list = [notice(3, at(-1)), notice(2, at(-2)), notice(null, at(-1.5), 'payment_held')];
    expect(newestFirst(list).map((n) => n.id)).toEqual([3, null, 2]);
    expect(newestTime(list)).toBe(at(-1));
    expect(newestTime([])).toBeNull();
  });
  it('counts the notices newer than the last look', () => {
    const list = [notice(3, at(-1)), notice(2, at(-2))];
    expect(unseenCount(list, null)).toBe(2);
    expect(unseenCount(list, at(-1.5))).toBe(1);
    expect(unseenCount(list, at(-1))).toBe(0);
  });
  it('lifts the amount and the times out of a notice body', () => {
    const local = (t: string) => `local ${t}`;
    expect(noticeFacts({ message: 'm', amount_minor: 250, currency: 'USD', will_be_paid_at: '2026-12-01T00:00:00Z' }, local)).toEqual([
      { label: 'Amount', value: 'USD 2.50' },
      { label: 'Will be paid', value: 'local 2026-12-01T00:00:00Z' },
    ]);
    expect(noticeFacts({ message: 'm', dispute_id: 3 }, local)).toEqual([]);
  });
  it('names kinds', () => {
    expect(noticeKindName('dispute_decided')).toBe('Dispute decided');
    expect(noticeKindName('payout_sent')).toBe('payout sent');
  });
});
