import { describe, expect, it } from 'vitest';
import {
  bucketLabel,
  countByStatus,
  describeResult,
  fetchAll,
  formatPercent,
  formatPpm,
  pieceCostMinor,
  summariseTasks,
  throughput,
  type ProjectAssignment,
  type ProjectTask,
} from './progress_logic';
import { consensusText, describeEvidence, goldText, percentText, type SkillItem } from './skill_logic';
import { newUserBody } from './users';
import { parseRoute, pathOf } from '../lib/router';

const task = (over: Partial<ProjectTask>): ProjectTask => ({
  id: 1,
  project_id: 1,
  is_gold: false,
  status: 'open',
  result: null,
  confidence_ppm: null,
  slots: 1,
  slots_taken: 0,
  ...over,
});

const assignment = (over: Partial<ProjectAssignment>): ProjectAssignment => ({
  id: 1,
  task_id: 1,
  worker_id: 7,
  is_gold: false,
  status: 'accepted',
  attempt: 1,
  claimed_at: '2026-11-29T10:00:00Z',
  submitted_at: '2026-11-29T10:05:00Z',
  decided_at: '2026-11-29T10:10:00Z',
  ...over,
});

describe('task summary', () => {
  it('counts, averages confidence of complete tasks and finds tasks that got extra workers', () => {
    const s = summariseTasks(
      [
        task({ id: 1, status: 'complete', confidence_ppm: 1_000_000, slots: 1 }),
        task({ id: 2, status: 'complete', confidence_ppm: 500_000, slots: 3 }),
        task({ id: 3, status: 'open', confidence_ppm: null, slots: 2 }),
        task({ id: 4, status: 'open', is_gold: true, slots: 5 }),
      ],
      1,
    );
    expect(s).toEqual({
      total: 4,
      complete: 2,
      open: 2,
      gold: 1,
      meanConfidence: 0.75,
      extraWorkers: 2, // tasks 2 and 3; the gold task's slots do not count
      extraWorkersShare: 2 / 3,
    });
  });
  it('has no mean or share before there is anything to average', () => {
    const s = summariseTasks([], 2);
    expect(s.meanConfidence).toBeNull();
    expect(s.extraWorkersShare).toBeNull();
    expect(formatPercent(s.meanConfidence)).toBe('—');
  });
});

describe('throughput', () => {
  it('buckets accepted work per hour with the empty hours in between', () => {
    const t = throughput([
      assignment({ decided_at: '2026-11-29T10:10:00Z' }),
      assignment({ decided_at: '2026-11-29T10:50:00Z' }),
      assignment({ decided_at: '2026-11-29T13:00:00Z' }),
      assignment({ status: 'rejected', decided_at: '2026-11-29T11:00:00Z' }),
      assignment({ status: 'submitted', decided_at: null }),
    ]);
    expect(t.unit).toBe('hour');
    expect(t.buckets.map((b) => b.count)).toEqual([2, 0, 0, 1]);
    expect(bucketLabel(t.buckets[0].start, 'hour')).toBe('10:00');
  });
  it('switches to days over a longer span', () => {
    const t = throughput([
      assignment({ decided_at: '2026-11-20T10:00:00Z' }),
      assignment({ decided_at: '2026-11-23T23:59:00Z' }),
    ]);
    expect(t.unit).toBe('day');
    expect(t.buckets.map((b) => b.count)).toEqual([1, 0, 0, 1]);
    expect(bucketLabel(t.buckets[3].start, 'day')).toBe('23 Nov');
  });
  it('is empty without accepted work', () => {
    expect(throughput([assignment({ status: 'leased', decided_at: null })]).buckets).toEqual([]);
  });
});

describe('assignments and cost', () => {
  it('lists statuses in the lifecycle order, unknown ones last', () => {
    const list = countByStatus([
      assignment({ status: 'accepted' }),
      assignment({ status: 'zombie' }),
      assignment({ status: 'leased' }),
      assignment({ status: 'accepted' }),
    ]);
    expect(list).toEqual([
      { status: 'leased', count: 1 },
      { status: 'accepted', count: 2 },
      { status: 'zombie', count: 1 },
    ]);
  });
  it('prices only accepted work', () => {
    expect(pieceCostMinor([assignment({}), assignment({ status: 'rejected' }), assignment({})], 120)).toBe(240);
  });
});

describe('formatting', () => {
  it('shows confidence from parts per million', () => {
    expect(formatPpm(950_000)).toBe('95.0 %');
    expect(formatPpm(null)).toBe('—');
    expect(formatPercent(0.126)).toBe('13 %');
  });
  it('describes each task type result in a few words, never the agreement map', () => {
    expect(describeResult({ label: 'car', distribution: { car: 1 }, agreement: { '4': 1 } })).toBe('car');
    expect(describeResult({ tags: ['car', 'palm tree'] })).toBe('car, palm tree');
    expect(describeResult({ tags: [] })).toBe('no tags');
    expect(describeResult({ boxes: [{}, {}] })).toBe('2 boxes');
    expect(describeResult({ tracks: [{}] })).toBe('1 track');
    expect(describeResult({ ranking: ['r2', 'r1'] })).toBe('r2 > r1');
    expect(describeResult({ response: 'x'.repeat(100) })).toHaveLength(60);
    expect(describeResult(null)).toBe('—');
  });
  it('words the skill estimate and evidence', () => {
    const s: SkillItem = {
      project_id: 1,
      project_name: 'P',
      gold_answered: 8,
      gold_correct: 7,
      accuracy: 0.875,
      estimate: 0.8,
      interval_95: [0.53, 0.98],
      consensus_answered: 0,
      consensus_agreed: 0,
      consensus_mean_agreement: 0,
      how_computed: '',
    };
    expect(goldText(s)).toBe('7 of 8 correct (88 %)');
    expect(goldText({ ...s, gold_answered: 0 })).toBe('No gold tasks answered yet');
    expect(consensusText({ ...s, consensus_answered: 2, consensus_agreed: 1, consensus_mean_agreement: 0.5 })).toBe(
      '1 of 2 answers agreed with the result; mean agreement 50 %',
    );
    expect(percentText(0.955)).toBe('95.5 %');
    expect(percentText(1)).toBe('100 %');
    expect(describeEvidence({ kind: 'track', track_id: 't1', frame: 11, note: 'too loose' })).toBe(
      'track t1 on frame 12: too loose',
    );
    expect(describeEvidence({ kind: 'box', box_id: 'b2' })).toBe('box b2');
    expect(describeEvidence({ kind: 'text_span', field: 'response', start: 3, end: 9 })).toBe('response characters 3–9');
    expect(describeEvidence({ kind: 'task', note: 'empty' })).toBe('the whole task: empty');
  });
});

describe('paging and routes', () => {
  it('follows cursors until the last page', async () => {
    const asked: string[] = [];
    const pages: Record<string, { items: number[]; next_cursor: string | null }> = {
      '/x?limit=200': { items: [1, 2], next_cursor: 'c 1' },
      '/x?limit=200&cursor=c%201': { items: [3], next_cursor: null },
    };
    const all = await fetchAll<number>(async (path) => {
      asked.push(path);
      return pages[path];
    }, '/x');
    expect(all).toEqual([1, 2, 3]);
    expect(asked).toHaveLength(2);
  });
  it('parses and prints the new pages', () => {
    for (const path of ['/projects/12/progress', '/skill', '/admin/users']) expect(pathOf(parseRoute(path))).toBe(path);
    expect(parseRoute('/projects/0/progress').name).toBe('not_found');
  });
  it('sends optional location fields only when filled in', () => {
    const base = { email: ' a@b.org ', display_name: 'A', password: 'pw', country: '', region: '', roles: ['auditor' as const] };
    expect(newUserBody(base)).toEqual({ email: 'a@b.org', display_name: 'A', password: 'pw', roles: ['auditor'] });
    expect(newUserBody({ ...base, country: 'de' }).country).toBe('DE');
  });
});
