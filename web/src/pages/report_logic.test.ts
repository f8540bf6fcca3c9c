import { describe, expect, it } from 'vitest';
import type { TransparencyReport } from '../api/types';
import {
  checkPeriod,
  countsOf,
  disputePictures,
  durationText,
  holdPictures,
  keyName,
  monthPeriod,
  payoutPictures,
  payRatios,
  percentText,
  periodQuery,
  regionVerdict,
  reportSections,
} from './report_logic';

// The shape report_json (src/report/transparency_report.cc) produces.
const REPORT: TransparencyReport = {
  from: '2026-11-01T00:00:00Z',
  to: '2026-12-01T00:00:00Z',
  principles: {
    fair_representation: { council_members: 1, finding: '1 elected worker council members can read this report' },
    fair_pay: {
      workers_with_counted_time: 4,
      workers_meeting_minimum: 3,
      share_meeting_minimum: 0.75,
      workers_without_known_minimum: 0,
      by_region: [
        {
          country: 'PH',
          region: 'PH-00',
          currency: 'USD',
          workers: 4,
          workers_meeting_minimum: 3,
          median_hourly_minor: 250,
          p10_hourly_minor: 120,
          local_minimum_hourly_minor: 180,
          minimum_basis: 'PH-00 2026',
        },
      ],
      finding: '75.0 % of workers with counted time earned at least their local minimum wage',
    },
    fair_conditions: {
      acceptances: 10,
      acceptances_paid_out: 8,
      acceptance_to_payout_median: { microseconds: 5_400_000_000, hours: 1.5 },
      acceptance_to_payout_p95: null,
      holds: { placed: 2, reasons: { fraud_check: 2 }, states: {}, mean_duration: null },
      finding: '8 of 10 accepted pieces of work were paid out; 2 holds placed',
    },
    fair_contracts: { rule_versions_published: 3, finding: '3 acceptance-rule versions published' },
    fair_management: {
      verdicts: 20,
      rejections: 2,
      rejection_rate: 0.1,
      rejection_appeal_outcomes: { upheld: 1 },
      disputes: { by_category: { other: 1 }, decided: 1, decided_for_worker_by_deadline: 0, escalated: 0, time_to_decision_median: { microseconds: 0, hours: 0.25 } },
      sanctions: { warning: { confirmed: 1 } },
      sanction_appeal_outcomes: {},
      retaliation_flagged: { total: 1, by_kind: { sanction: 1 }, approved_by_second_admin: 1 },
      finding: '10.0 % of verdicts rejected; 1 sanctions proposed; 1 events flagged as possible retaliation',
    },
  },
};

const figures = (key: string) => Object.fromEntries(reportSections(REPORT).find((s) => s.key === key)!.figures.map((f) => [f.label, f.value]));

describe('report sections', () => {
  it('keeps the five principles in their order with their findings', () => {
    const sections = reportSections(REPORT);
    expect(sections.map((s) => s.title)).toEqual(['Fair pay', 'Fair conditions', 'Fair contracts', 'Fair management', 'Fair representation']);
    expect(sections[0].finding).toMatch(/^75.0 %/);
    expect(sections[0].regions).toHaveLength(1);
  });
  it('shows every figure, nested groups by their path, shares as percentages, durations in words', () => {
    expect(figures('fair_pay')).toEqual({
      'Workers with counted time': '4',
      'Workers earning at least the local minimum': '3',
      'Share earning at least the local minimum': '75.0 %',
      'Workers without a known local minimum': '0',
    });
    const conditions = figures('fair_conditions');
    expect(conditions['Acceptance to payout, median']).toBe('1.5 hours');
    expect(conditions['Acceptance to payout, 95th percentile']).toBe('no data in this period');
    expect(conditions['Holds · placed']).toBe('2');
    expect(conditions['Holds · reasons · fraud check']).toBe('2');
    expect(conditions['Holds · states']).toBe('none');
    const management = figures('fair_management');
    expect(management['Rejection rate']).toBe('10.0 %');
    expect(management['Disputes · median time to decision']).toBe('15 minutes');
    expect(management['Sanctions proposed · warning · confirmed']).toBe('1');
    expect(management['Flagged as possible retaliation · approved by a second admin']).toBe('1');
    expect(management['Sanction appeals by outcome']).toBe('none');
  });
  it('orders figures as the report defines them, whatever order the JSON keys arrive in', () => {
    const labels = reportSections(REPORT).find((s) => s.key === 'fair_management')!.figures.map((f) => f.label);
    expect(labels.slice(0, 3)).toEqual(['Review verdicts', 'Rejections', 'Rejection rate']);
  });
  it('says a share over nobody is no data, not 0 %', () => {
    const empty = { ...REPORT, principles: { ...REPORT.principles, fair_pay: { ...REPORT.principles.fair_pay, workers_with_counted_time: 0, share_meeting_minimum: 0 } } };
    const pay = Object.fromEntries(reportSections(empty)[0].figures.map((f) => [f.label, f.value]));
    expect(pay['Share earning at least the local minimum']).toBe('no data in this period');
  });
  it('shows a group the server adds later, after the five', () => {
    const sections = reportSections({ ...REPORT, principles: { ...REPORT.principles, fair_data: { records: 2 } } });
    expect(sections.at(-1)).toMatchObject({ title: 'fair data', figures: [{ label: 'records', value: '2' }] });
    expect(keyName('council_members')).toBe('Elected worker council members');
  });
  it('reads a region against its local minimum', () => {
    const region = reportSections(REPORT)[0].regions[0];
    expect(regionVerdict(region)).toBe('median meets the minimum');
    expect(regionVerdict({ ...region, median_hourly_minor: 100 })).toBe('median below the minimum');
    expect(regionVerdict({ ...region, local_minimum_hourly_minor: null })).toBe('unknown');
  });
});

describe('report period', () => {
  it('defaults to the calendar month, the end day not included', () => {
    expect(monthPeriod(new Date(2026, 10, 29, 15))).toEqual({ from: '2026-11-01', to: '2026-12-01' });
    expect(monthPeriod(new Date(2026, 11, 3))).toEqual({ from: '2026-12-01', to: '2027-01-01' });
  });
  it('checks the days as the server does', () => {
    expect(checkPeriod('2026-11-01', '2026-12-01')).toEqual({});
    expect(checkPeriod('', '2026-12-01')).toEqual({ '/from': expect.any(String) });
    expect(checkPeriod('2026-12-01', '2026-12-01')['/to']).toMatch(/after/);
    expect(checkPeriod('2025-01-01', '2026-12-01')['/to']).toMatch(/400 days/);
    expect(periodQuery('2026-11-01', '2026-12-01')).toBe('from=2026-11-01&to=2026-12-01');
  });
  it('words durations and shares', () => {
    expect(durationText(0.5)).toBe('30 minutes');
    expect(durationText(5.55)).toBe('5.5 hours');
    expect(durationText(72)).toBe('3 days');
    expect(percentText(1 / 3)).toBe('33.3 %');
  });
});

describe('pay against the local minimum', () => {
  const region = (over: object) => ({
    country: 'PH', region: '', currency: 'PHP', workers: 12, workers_meeting_minimum: 11,
    median_hourly_minor: 9000, p10_hourly_minor: 6000, local_minimum_hourly_minor: 8000, minimum_basis: 'NCR', ...over,
  });
  it('gives shares of the minimum, rounded down, and skips regions without one', () => {
    expect(
      payRatios([
        region({}),
        region({ country: 'KE', region: 'Nairobi', median_hourly_minor: 7999, p10_hourly_minor: null }),
        region({ country: 'IN', local_minimum_hourly_minor: null }),
        region({ country: 'BR', median_hourly_minor: null }),
      ]),
    ).toEqual([
      { label: 'PH', medianPercent: 112, p10Percent: 75 },
      { label: 'KE / Nairobi', medianPercent: 99, p10Percent: null },
    ]);
  });
});

describe('report pictures', () => {
  const withGroup = (key: string, over: Record<string, unknown>): TransparencyReport => ({
    ...REPORT,
    principles: { ...REPORT.principles, [key]: { ...REPORT.principles[key], ...over } },
  });

  it('counts a {name: count} object largest first, then by name, without zeros', () => {
    expect(countsOf({ sanction: 1, other: 1, rejection: 3, payment: 0 })).toEqual([
      { key: 'rejection', count: 3 },
      { key: 'other', count: 1 },
      { key: 'sanction', count: 1 },
    ]);
    expect(countsOf(null)).toEqual([]);
    expect(countsOf([1, 2])).toEqual([]);
  });

  it('draws accepted work as paid out and not yet, and the wait only for what was paid', () => {
    const { paid, wait } = payoutPictures(REPORT);
    expect(paid).toEqual({
      title: 'Accepted pieces of work in this period',
      parts: [
        { label: 'paid out', value: 8, className: 'seg-complete' },
        { label: 'not yet paid out', value: 2, className: 'seg-open' },
      ],
    });
    // The 95th percentile is null in the fixture: only the median is drawn.
    expect(wait).toEqual({
      title: 'Time from acceptance to payout',
      description: 'median 1.5 hours',
      bars: [{ label: 'median', value: 1.5, text: '1.5 hours' }],
    });
    const both = payoutPictures(withGroup('fair_conditions', { acceptance_to_payout_p95: { microseconds: 276_480_000_000, hours: 76.8 } }));
    expect(both.wait?.description).toBe('median 1.5 hours, 95th percentile 3.2 days');
    expect(both.wait?.bars.map((b) => b.value)).toEqual([1.5, 76.8]); // lengths in hours, one scale
  });

  it('draws no payout picture of nothing', () => {
    const none = payoutPictures(withGroup('fair_conditions', { acceptances: 0, acceptances_paid_out: 0, acceptance_to_payout_median: null }));
    expect(none).toEqual({ paid: null, wait: null });
    const unpaid = payoutPictures(withGroup('fair_conditions', { acceptances_paid_out: 0, acceptance_to_payout_median: null }));
    expect(unpaid.paid?.parts.map((p) => p.value)).toEqual([0, 10]);
    expect(unpaid.wait).toBeNull();
  });

  it('draws holds by state and by reason', () => {
    const report = withGroup('fair_conditions', {
      holds: { placed: 5, reasons: { fraud_check: 2, gold_review: 3 }, states: { pending: 1, posted: 3, voided: 1 }, mean_duration: null },
    });
    const holds = holdPictures(report);
    expect(holds.placed).toBe(5);
    expect(holds.states?.parts.map((p) => [p.label, p.value])).toEqual([
      ['still held', 1],
      ['released to the worker', 3],
      ['voided', 1],
    ]);
    expect(holds.reasons).toEqual({
      title: 'Holds placed in this period, by reason',
      description: 'gold review 3, fraud check 2',
      bars: [
        { label: 'gold review', value: 3 },
        { label: 'fraud check', value: 2 },
      ],
    });
  });

  it('keeps a hold state it does not know, and draws nothing when no hold was placed', () => {
    const odd = holdPictures(withGroup('fair_conditions', { holds: { placed: 1, reasons: {}, states: { under_review: 1 } } }));
    expect(odd.states?.parts.at(-1)).toEqual({ label: 'under review', value: 1, className: 'seg-open' });
    expect(odd.reasons).toBeNull();
    // The fixture's holds were placed but have no state yet: all parts zero, still drawn as placed.
    expect(holdPictures(REPORT).placed).toBe(2);
    expect(holdPictures(withGroup('fair_conditions', { holds: { placed: 0, reasons: {}, states: {} } }))).toEqual({
      placed: 0,
      states: null,
      reasons: null,
    });
    expect(holdPictures({ ...REPORT, principles: {} }).states).toBeNull();
  });

  it('draws disputes by category and by how far they are', () => {
    const report = withGroup('fair_management', {
      disputes: { by_category: { other: 1, rejection: 2, sanction: 1 }, decided: 3, decided_for_worker_by_deadline: 1, escalated: 1, time_to_decision_median: null },
    });
    const d = disputePictures(report);
    expect(d.opened).toBe(4);
    expect(d.escalated).toBe(1);
    expect(d.categories?.description).toBe('rejection 2, other 1, sanction 1');
    expect(d.progress?.parts.map((p) => [p.label, p.value])).toEqual([
      ['decided by an admin', 2],
      ['decided for the worker by deadline', 1],
      ['not decided yet', 1],
    ]);
    expect(disputePictures(withGroup('fair_management', { disputes: { by_category: {}, decided: 0, escalated: 0 } }))).toMatchObject({
      opened: 0,
      categories: null,
      progress: null,
    });
  });
});
