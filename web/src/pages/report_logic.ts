// The transparency report page as pure functions: the period asked for
// (days, `to` exclusive, as GET /reports/transparency takes them), and the
// report's JSON turned into sections — one per Fairwork principle, in the
// order and grouping the server gives (report_json in
// src/report/transparency_report.cc) — of labelled figures. Every figure in
// the JSON becomes a row, so one the server adds later is shown too.

import type { RegionPay, TransparencyReport } from '../api/types';

export const PRINCIPLES: { key: string; title: string }[] = [
  { key: 'fair_pay', title: 'Fair pay' },
  { key: 'fair_conditions', title: 'Fair conditions' },
  { key: 'fair_contracts', title: 'Fair contracts' },
  { key: 'fair_management', title: 'Fair management' },
  { key: 'fair_representation', title: 'Fair representation' },
];

const pad = (n: number) => String(n).padStart(2, '0');
const day = (y: number, m: number, d: number) => {
  const t = new Date(Date.UTC(y, m, d));
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
};

/** The calendar month holding `now` (local date) as {from, to}: from its first day to the next month's first. */
export function monthPeriod(now: Date): { from: string; to: string } {
  return { from: day(now.getFullYear(), now.getMonth(), 1), to: day(now.getFullYear(), now.getMonth() + 1, 1) };
}

/** Why the period cannot be asked for, per field ("/from", "/to"); empty when it can. */
export function checkPeriod(from: string, to: string): Record<string, string> {
  const errors: Record<string, string> = {};
  const parse = (text: string) => (/^\d{4}-\d{2}-\d{2}$/.test(text) ? Date.parse(`${text}T00:00:00Z`) : NaN);
  const f = parse(from);
  const t = parse(to);
  if (Number.isNaN(f)) errors['/from'] = 'Choose a start day.';
  if (Number.isNaN(t)) errors['/to'] = 'Choose an end day.';
  if (!Number.isNaN(f) && !Number.isNaN(t)) {
    if (t <= f) errors['/to'] = 'The end day must be after the start day.';
    else if (t - f > 400 * 86_400_000) errors['/to'] = 'A report covers at most 400 days.';
  }
  return errors;
}

export function periodQuery(from: string, to: string): string {
  return `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
}

export interface Figure {
  /** "Holds · placed": the path of keys in words. */
  label: string;
  value: string;
}

export interface PrincipleSection {
  key: string;
  title: string;
  finding: string;
  figures: Figure[];
  /** fair_pay's by_region, shown as a table beside the local minimum. */
  regions: RegionPay[];
}

const WORDS: Record<string, string> = {
  workers_with_counted_time: 'Workers with counted time',
  workers_meeting_minimum: 'Workers earning at least the local minimum',
  share_meeting_minimum: 'Share earning at least the local minimum',
  workers_without_known_minimum: 'Workers without a known local minimum',
  acceptances: 'Accepted pieces of work',
  acceptances_paid_out: 'Accepted pieces already paid out',
  acceptance_to_payout_median: 'Acceptance to payout, median',
  acceptance_to_payout_p95: 'Acceptance to payout, 95th percentile',
  holds: 'Holds',
  placed: 'placed',
  reasons: 'reasons',
  states: 'states',
  mean_duration: 'mean time to resolution',
  rule_versions_published: 'Acceptance-rule versions published',
  verdicts: 'Review verdicts',
  rejections: 'Rejections',
  rejection_rate: 'Rejection rate',
  rejection_appeal_outcomes: 'Rejection appeals by outcome',
  disputes: 'Disputes',
  by_category: 'by category',
  decided: 'decided',
  decided_for_worker_by_deadline: 'decided for the worker by deadline',
  escalated: 'escalated',
  time_to_decision_median: 'median time to decision',
  sanctions: 'Sanctions proposed',
  sanction_appeal_outcomes: 'Sanction appeals by outcome',
  retaliation_flagged: 'Flagged as possible retaliation',
  total: 'total',
  by_kind: 'by kind',
  approved_by_second_admin: 'approved by a second admin',
  council_members: 'Elected worker council members',
};

/** A JSON key in words: the known ones as above, any other with its underscores as spaces. */
export function keyName(key: string): string {
  return WORDS[key] ?? key.replace(/_/g, ' ');
}

const isDuration = (v: unknown): v is { microseconds: number; hours: number } =>
  typeof v === 'object' && v !== null && typeof (v as { hours?: unknown }).hours === 'number' && 'microseconds' in v;

/** A duration in hours as the report gives it, in words: "36 minutes", "5.5 hours", "3.2 days". */
export function durationText(hours: number): string {
  if (hours < 1) return `${Math.round(hours * 60)} minutes`;
  if (hours < 48) return `${Number(hours.toFixed(1))} hours`;
  return `${Number((hours / 24).toFixed(1))} days`;
}

/** A share in [0, 1] as a percentage with one decimal: "87.5 %". */
export function percentText(share: number): string {
  return `${(share * 100).toFixed(1)} %`;
}

/**
 * A share over nothing says nothing: the server sends 0 for a share whose
 * whole is zero, so these show "no data" when their denominator is 0.
 */
const SHARE_OF: Record<string, string> = {
  share_meeting_minimum: 'workers_with_counted_time',
  rejection_rate: 'verdicts',
};

/** Where a top-level key comes in its section: the order report_json writes them (the JSON object arrives key-sorted). */
const ORDER = Object.keys(WORDS);
const rank = (key: string) => (ORDER.includes(key) ? ORDER.indexOf(key) : ORDER.length);

function valueText(key: string, value: unknown): string {
  if (value === null || value === undefined) return 'no data in this period';
  if (typeof value === 'number') return /(^|_)(share|rate)($|_)/.test(key) ? percentText(value) : value.toLocaleString('en');
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return String(value);
}

function flatten(prefix: string, key: string, value: unknown, out: Figure[]): void {
  const label = prefix ? `${prefix} · ${keyName(key)}` : keyName(key);
  if (isDuration(value)) {
    out.push({ label, value: durationText(value.hours) });
  } else if (Array.isArray(value)) {
    out.push({ label, value: value.length ? value.map((v) => valueText(key, v)).join(', ') : 'none' });
  } else if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value);
    if (!entries.length) out.push({ label, value: 'none' });
    for (const [k, v] of entries) flatten(label, k, v, out);
  } else {
    out.push({ label, value: valueText(key, value) });
  }
}

/**
 * The report as sections, one per principle in the order above (any other
 * group the server adds comes after, titled from its key). Each section has
 * the server's finding sentence and every other figure as a row; the pay by
 * region table is kept apart.
 */
export function reportSections(report: TransparencyReport): PrincipleSection[] {
  const keys = Object.keys(report.principles ?? {});
  const ordered = [
    ...PRINCIPLES.filter((p) => keys.includes(p.key)),
    ...keys.filter((k) => !PRINCIPLES.some((p) => p.key === k)).map((k) => ({ key: k, title: keyName(k) })),
  ];
  return ordered.map(({ key, title }) => {
    const group = report.principles[key] ?? {};
    const figures: Figure[] = [];
    let regions: RegionPay[] = [];
    const entries = Object.entries(group).sort(([a], [b]) => rank(a) - rank(b));
    for (const [k, v] of entries) {
      if (k === 'finding') continue;
      const whole = SHARE_OF[k];
      if (whole && group[whole] === 0) {
        figures.push({ label: keyName(k), value: 'no data in this period' });
        continue;
      }
      if (key === 'fair_pay' && k === 'by_region' && Array.isArray(v)) {
        regions = v as RegionPay[];
        continue;
      }
      flatten('', k, v, figures);
    }
    return { key, title, finding: typeof group.finding === 'string' ? group.finding : '', figures, regions };
  });
}

/** "Meets" / "Below" / "Unknown": a region's median hourly pay beside its local minimum. */
export function regionVerdict(r: RegionPay): string {
  if (r.median_hourly_minor === null || r.local_minimum_hourly_minor === null) return 'unknown';
  return r.median_hourly_minor >= r.local_minimum_hourly_minor ? 'median meets the minimum' : 'median below the minimum';
}

/** One region's pay as a share of its local minimum wage, for the chart. */
export interface PayRatio {
  label: string; // "PH", or "PH / NCR"
  medianPercent: number;
  p10Percent: number | null;
}

/**
 * Median and 10th-percentile hourly pay as whole percentages of the local
 * minimum, per region that has both a median and a minimum (regions are in
 * different currencies: the share is what compares them). Integer
 * arithmetic on minor units, rounded down, so 99.9 % never reads as 100 %.
 */
export function payRatios(regions: RegionPay[]): PayRatio[] {
  const out: PayRatio[] = [];
  for (const r of regions) {
    const minimum = r.local_minimum_hourly_minor;
    if (r.median_hourly_minor === null || minimum === null || minimum <= 0) continue;
    const share = (v: number) => Math.floor((v * 100) / minimum);
    out.push({
      label: r.region ? `${r.country || '—'} / ${r.region}` : r.country || '—',
      medianPercent: share(r.median_hourly_minor),
      p10Percent: r.p10_hourly_minor === null ? null : share(r.p10_hourly_minor),
    });
  }
  return out;
}

// ---- the report's pictures: time to payout, holds, disputes ----
//
// Each picture is built from the same JSON the tables show, so the two never
// disagree; a picture of nothing is not drawn (null), the page says why in
// words instead. Counts are the server's; only the order and the words are
// chosen here.

/** One bar of a picture: its label, its length (`value`) and, when the length is not the number to read, the words to read. */
export interface PictureBar {
  label: string;
  value: number;
  text?: string;
}

/** One part of a whole (a stacked bar); `className` picks its colour (styles.css). */
export interface PicturePart {
  label: string;
  value: number;
  className: string;
}

export interface BarPicture {
  title: string;
  description: string;
  bars: PictureBar[];
}

export interface PartsPicture {
  title: string;
  parts: PicturePart[];
}

const numberAt = (group: Record<string, unknown> | undefined, key: string): number => {
  const v = group?.[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
};

const objectAt = (group: Record<string, unknown> | undefined, key: string): Record<string, unknown> => {
  const v = group?.[key];
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
};

const hoursAt = (group: Record<string, unknown> | undefined, key: string): number | null => {
  const v = group?.[key];
  return isDuration(v) && Number.isFinite(v.hours) ? v.hours : null;
};

/** A {name: count} object as counts, largest first, then by name; zero and non-numeric entries left out. */
export function countsOf(value: unknown): { key: string; count: number }[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
  return Object.entries(value)
    .filter((e): e is [string, number] => typeof e[1] === 'number' && e[1] > 0)
    .map(([key, count]) => ({ key, count }))
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
}

const describeBars = (bars: PictureBar[]) => bars.map((b) => `${b.label} ${b.text ?? b.value}`).join(', ');

export interface PayoutPictures {
  /** Accepted pieces of work: paid out, not yet paid out; null when nothing was accepted. */
  paid: PartsPicture | null;
  /** Median and 95th-percentile time from acceptance to payout, in hours; null when nothing was paid out. */
  wait: BarPicture | null;
}

/** Fair conditions' acceptance-to-payout figures as pictures. */
export function payoutPictures(report: TransparencyReport): PayoutPictures {
  const group = report.principles?.fair_conditions;
  const accepted = numberAt(group, 'acceptances');
  const paidOut = Math.min(accepted, numberAt(group, 'acceptances_paid_out'));
  const paid: PartsPicture | null =
    accepted > 0
      ? {
          title: 'Accepted pieces of work in this period',
          parts: [
            { label: 'paid out', value: paidOut, className: 'seg-complete' },
            { label: 'not yet paid out', value: accepted - paidOut, className: 'seg-open' },
          ],
        }
      : null;
  const bars: PictureBar[] = [];
  const median = hoursAt(group, 'acceptance_to_payout_median');
  const p95 = hoursAt(group, 'acceptance_to_payout_p95');
  if (median !== null) bars.push({ label: 'median', value: median, text: durationText(median) });
  if (p95 !== null) bars.push({ label: '95th percentile', value: p95, text: durationText(p95) });
  const wait = bars.length
    ? { title: 'Time from acceptance to payout', description: describeBars(bars), bars }
    : null;
  return { paid, wait };
}

const HOLD_STATES: { key: string; label: string; className: string }[] = [
  { key: 'pending', label: 'still held', className: 'seg-gold' },
  { key: 'posted', label: 'released to the worker', className: 'seg-complete' },
  { key: 'voided', label: 'voided', className: 'seg-voided' },
];

export interface HoldPictures {
  placed: number;
  /** The holds placed in the period by where they are now; null when none was placed. */
  states: PartsPicture | null;
  /** The holds placed by reason, most first; null when none was placed. */
  reasons: BarPicture | null;
}

/** Fair conditions' holds as pictures. */
export function holdPictures(report: TransparencyReport): HoldPictures {
  const holds = objectAt(report.principles?.fair_conditions, 'holds');
  const placed = numberAt(holds, 'placed');
  if (placed <= 0) return { placed: 0, states: null, reasons: null };
  const states = objectAt(holds, 'states');
  const parts: PicturePart[] = HOLD_STATES.map((s) => ({ label: s.label, value: numberAt(states, s.key), className: s.className }));
  // A state the server adds later is still counted, in its own words.
  for (const { key, count } of countsOf(states))
    if (!HOLD_STATES.some((s) => s.key === key)) parts.push({ label: keyName(key), value: count, className: 'seg-open' });
  const bars = countsOf(holds.reasons).map(({ key, count }) => ({ label: keyName(key), value: count }));
  return {
    placed,
    states: { title: 'Holds placed in this period, by where they are now', parts },
    reasons: bars.length ? { title: 'Holds placed in this period, by reason', description: describeBars(bars), bars } : null,
  };
}

export interface DisputePictures {
  opened: number;
  escalated: number;
  /** Disputes opened in the period by category, most first; null when none was opened. */
  categories: BarPicture | null;
  /** The same disputes by how far they are: decided by an admin, decided for the worker by deadline, not decided yet. */
  progress: PartsPicture | null;
}

/** Fair management's disputes as pictures. */
export function disputePictures(report: TransparencyReport): DisputePictures {
  const disputes = objectAt(report.principles?.fair_management, 'disputes');
  const categories = countsOf(disputes.by_category);
  const opened = categories.reduce((s, c) => s + c.count, 0);
  const escalated = numberAt(disputes, 'escalated');
  if (opened === 0) return { opened, escalated, categories: null, progress: null };
  const decided = Math.min(opened, numberAt(disputes, 'decided'));
  const byDeadline = Math.min(decided, numberAt(disputes, 'decided_for_worker_by_deadline'));
  const bars = categories.map(({ key, count }) => ({ label: keyName(key), value: count }));
  return {
    opened,
    escalated,
    categories: { title: 'Disputes opened in this period, by category', description: describeBars(bars), bars },
    progress: {
      title: 'Disputes opened in this period, by where they are now',
      parts: [
        { label: 'decided by an admin', value: decided - byDeadline, className: 'seg-complete' },
        { label: 'decided for the worker by deadline', value: byDeadline, className: 'seg-gold' },
        { label: 'not decided yet', value: opened - decided, className: 'seg-open' },
      ],
    },
  };
}
