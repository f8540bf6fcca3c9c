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
