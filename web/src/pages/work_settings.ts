// The requester's work settings form (PUT /projects/{id}/settings) as pure
// conversions between the server's document and what the form edits, so
// the rules are unit-tested: money typed in major units becomes integer
// minor units by string arithmetic, lists typed as text become codes.

import type { LabelDef, RubricCriterion, TaskType } from '../api/types';
import { minorToInput, parseMoney } from '../lib/money';

export interface ReviewStageDoc {
  name: string;
  deadline_seconds: number;
  countries?: string[];
  org_staff_only?: boolean;
}

/** The server's settings document (the fields this form edits). */
export interface SettingsDoc {
  label_schema: { labels?: LabelDef[]; rubric?: RubricCriterion[] };
  piece_rate_minor: number;
  currency: string;
  time_estimate_seconds: number;
  overlap: number;
  review_stages: ReviewStageDoc[];
  gold_share_percent: number;
  eligibility: { countries: string[]; regions: string[]; qualifications: string[] };
  lease_seconds: number;
}

export interface SettingsForm {
  labels: { name: string; color: string }[];
  rubric: { id: string; title: string; min: string; max: string }[];
  pay: string;
  currency: string;
  timeEstimate: string;
  overlap: string;
  stages: { name: string; deadlineHours: string }[];
  goldShare: string;
  countries: string;
  regions: string;
  leaseMinutes: string;
}

export const LABEL_TYPES: TaskType[] = ['classification', 'image_tags', 'image_bbox', 'video_track'];

export function usesLabels(type: TaskType): boolean {
  return LABEL_TYPES.includes(type);
}

export function defaultForm(type: TaskType): SettingsForm {
  return {
    labels: usesLabels(type) ? [{ name: '', color: '#e6194b' }] : [],
    rubric: type === 'text_edit' ? [{ id: 'accuracy', title: 'Factually accurate', min: '1', max: '5' }] : [],
    pay: '',
    currency: 'USD',
    timeEstimate: '60',
    overlap: '1',
    stages: [],
    goldShare: '0',
    countries: '',
    regions: '',
    leaseMinutes: '30',
  };
}

export function formFromDoc(doc: SettingsDoc, type: TaskType): SettingsForm {
  const form = defaultForm(type);
  return {
    ...form,
    labels: (doc.label_schema.labels ?? []).map((l) => ({ name: l.name, color: l.color ?? '#888888' })),
    rubric: (doc.label_schema.rubric ?? []).map((c) => ({ id: c.id, title: c.title, min: String(c.min), max: String(c.max) })),
    pay: minorToInput(doc.piece_rate_minor, doc.currency),
    currency: doc.currency,
    timeEstimate: String(doc.time_estimate_seconds),
    overlap: String(doc.overlap),
    stages: doc.review_stages.map((s) => ({ name: s.name, deadlineHours: String(s.deadline_seconds / 3600) })),
    goldShare: String(doc.gold_share_percent),
    countries: doc.eligibility.countries.join(', '),
    regions: doc.eligibility.regions.join(', '),
    leaseMinutes: String(Math.round(doc.lease_seconds / 60)),
  };
}

const codes = (text: string) =>
  text
    .split(/[\s,]+/)
    .map((c) => c.trim().toUpperCase())
    .filter(Boolean);

const integer = (text: string) => (/^\s*\d+\s*$/.test(text) ? Number(text) : NaN);

export interface FormProblem {
  pointer: string;
  detail: string;
}

/**
 * The document to PUT, or the problems found before sending (pointers into
 * the document, as the server reports them, so both show at the same field).
 */
export function docFromForm(form: SettingsForm, type: TaskType): { doc?: SettingsDoc; problems: FormProblem[] } {
  const problems: FormProblem[] = [];
  const currency = form.currency.trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency)) problems.push({ pointer: '/currency', detail: 'a three-letter code such as EUR' });
  const pay = parseMoney(form.pay, /^[A-Z]{3}$/.test(currency) ? currency : 'USD');
  if (pay === null) problems.push({ pointer: '/piece_rate_minor', detail: 'an amount such as 0.50' });
  const schema: SettingsDoc['label_schema'] = {};
  if (usesLabels(type)) {
    const labels = form.labels.map((l) => ({ name: l.name.trim(), color: l.color }));
    const names = labels.map((l) => l.name);
    if (labels.length === 0) problems.push({ pointer: '/label_schema/labels', detail: 'at least one label' });
    labels.forEach((l, i) => {
      if (!l.name) problems.push({ pointer: `/label_schema/labels/${i}/name`, detail: 'a name' });
      else if (names.indexOf(l.name) !== i) problems.push({ pointer: `/label_schema/labels/${i}/name`, detail: 'used twice' });
    });
    schema.labels = labels;
  }
  if (type === 'text_edit') {
    schema.rubric = form.rubric.map((c, i) => {
      const min = integer(c.min);
      const max = integer(c.max);
      if (!/^[a-z0-9_]{1,40}$/.test(c.id.trim())) problems.push({ pointer: `/label_schema/rubric/${i}/id`, detail: 'lowercase letters, digits, _' });
      if (!c.title.trim()) problems.push({ pointer: `/label_schema/rubric/${i}/title`, detail: 'a title' });
      if (!(min <= max)) problems.push({ pointer: `/label_schema/rubric/${i}/max`, detail: 'whole numbers, min ≤ max' });
      return { id: c.id.trim(), title: c.title.trim(), min, max };
    });
    if (schema.rubric.length === 0) problems.push({ pointer: '/label_schema/rubric', detail: 'at least one criterion' });
  }
  const timeEstimate = integer(form.timeEstimate);
  if (!(timeEstimate >= 1)) problems.push({ pointer: '/time_estimate_seconds', detail: 'whole seconds, at least 1' });
  const overlap = integer(form.overlap);
  if (!(overlap >= 1 && overlap <= 50)) problems.push({ pointer: '/overlap', detail: '1 to 50' });
  const goldShare = integer(form.goldShare);
  if (!(goldShare >= 0 && goldShare <= 50)) problems.push({ pointer: '/gold_share_percent', detail: '0 to 50' });
  const leaseMinutes = integer(form.leaseMinutes);
  if (!(leaseMinutes >= 1 && leaseMinutes <= 1440)) problems.push({ pointer: '/lease_seconds', detail: '1 to 1440 minutes' });
  const stages = form.stages.map((s, i) => {
    const hours = Number(s.deadlineHours);
    if (!s.name.trim()) problems.push({ pointer: `/review_stages/${i}/name`, detail: 'a name' });
    if (!(hours > 0 && hours <= 720)) problems.push({ pointer: `/review_stages/${i}/deadline_seconds`, detail: 'hours, up to 720' });
    return { name: s.name.trim(), deadline_seconds: Math.max(60, Math.round(hours * 3600)) };
  });
  if (problems.length) return { problems };
  return {
    problems,
    doc: {
      label_schema: schema,
      piece_rate_minor: pay!,
      currency,
      time_estimate_seconds: timeEstimate,
      overlap,
      review_stages: stages,
      gold_share_percent: goldShare,
      eligibility: { countries: codes(form.countries), regions: codes(form.regions), qualifications: [] },
      lease_seconds: leaseMinutes * 60,
    },
  };
}

/** Rule clauses typed one per line (blank lines ignored). */
export function clausesFromText(text: string): { text: string }[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.replace(/^\s*\d+[.)]\s*/, '').trim())
    .filter(Boolean)
    .map((t) => ({ text: t }));
}

/** Task inputs typed or loaded as JSON lines (one task input per line). */
export function tasksFromJsonLines(text: string): { tasks?: { input: unknown }[]; problems: FormProblem[] } {
  const problems: FormProblem[] = [];
  const tasks: { input: unknown }[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim()) return;
    try {
      const input = JSON.parse(line);
      if (typeof input !== 'object' || input === null || Array.isArray(input)) {
        problems.push({ pointer: `line ${i + 1}`, detail: 'must be a JSON object (a task input)' });
      } else tasks.push({ input });
    } catch {
      problems.push({ pointer: `line ${i + 1}`, detail: 'is not valid JSON' });
    }
  });
  if (!problems.length && tasks.length === 0) problems.push({ pointer: 'line 1', detail: 'no tasks' });
  return problems.length ? { problems } : { tasks, problems };
}
