import { describe, expect, it } from 'vitest';
import { hourlyMinor, minorToInput, parseMoney } from '../lib/money';
import { clausesFromText, defaultForm, docFromForm, formFromDoc, tasksFromJsonLines } from './work_settings';

describe('money input', () => {
  it('parses amounts into minor units without floating point', () => {
    expect(parseMoney('1.20', 'EUR')).toBe(120);
    expect(parseMoney('1.2', 'EUR')).toBe(120);
    expect(parseMoney('0.07', 'USD')).toBe(7);
    expect(parseMoney('1,200.5', 'USD')).toBe(120050);
    expect(parseMoney('15', 'JPY')).toBe(15);
    expect(parseMoney('1.5', 'JPY')).toBeNull();
    expect(parseMoney('1.234', 'EUR')).toBeNull();
    expect(parseMoney('-1', 'EUR')).toBeNull();
    expect(parseMoney('abc', 'EUR')).toBeNull();
    expect(minorToInput(120, 'EUR')).toBe('1.20');
    expect(minorToInput(123456, 'USD')).toBe('1234.56');
  });
  it('computes the hourly rate by integer arithmetic', () => {
    expect(hourlyMinor(120, 90)).toBe(4800);
    expect(hourlyMinor(100, 7)).toBe(51428);
    expect(hourlyMinor(100, 0)).toBeNull();
  });
});

describe('work settings form', () => {
  it('builds the settings document', () => {
    const form = { ...defaultForm('video_track'), labels: [{ name: ' car ', color: '#123456' }], pay: '1.20', currency: 'eur',
      timeEstimate: '90', stages: [{ name: 'check', deadlineHours: '2' }], countries: 'de, fr', leaseMinutes: '45' };
    const { doc, problems } = docFromForm(form, 'video_track');
    expect(problems).toEqual([]);
    expect(doc).toEqual({
      label_schema: { labels: [{ name: 'car', color: '#123456' }] },
      piece_rate_minor: 120,
      currency: 'EUR',
      time_estimate_seconds: 90,
      overlap: 1,
      review_stages: [{ name: 'check', deadline_seconds: 7200 }],
      gold_share_percent: 0,
      eligibility: { countries: ['DE', 'FR'], regions: [], qualifications: [] },
      lease_seconds: 2700,
    });
    expect(formFromDoc({ ...doc!, review_stages: doc!.review_stages }, 'video_track')).toMatchObject({ pay: '1.20', countries: 'DE, FR', leaseMinutes: '45' });
  });
  it('reports problems at the document pointers', () => {
    const form = { ...defaultForm('image_bbox'), labels: [{ name: 'a', color: '#000' }, { name: 'a', color: '#000' }], pay: 'x', overlap: '0' };
    expect(docFromForm(form, 'image_bbox').problems.map((p) => p.pointer)).toEqual([
      '/piece_rate_minor',
      '/label_schema/labels/1/name',
      '/overlap',
    ]);
    const rubric = { ...defaultForm('text_edit'), pay: '1', rubric: [{ id: 'Bad Id', title: '', min: '5', max: '1' }] };
    expect(docFromForm(rubric, 'text_edit').problems.map((p) => p.pointer)).toEqual([
      '/label_schema/rubric/0/id',
      '/label_schema/rubric/0/title',
      '/label_schema/rubric/0/max',
    ]);
  });
  it('reads clauses and task lines', () => {
    expect(clausesFromText('1. Tight boxes\n\n2) All cars\nNo guessing')).toEqual([
      { text: 'Tight boxes' },
      { text: 'All cars' },
      { text: 'No guessing' },
    ]);
    expect(tasksFromJsonLines('{"a":1}\n\n{"b":2}')).toEqual({ tasks: [{ input: { a: 1 } }, { input: { b: 2 } }], problems: [] });
    expect(tasksFromJsonLines('{"a":1}\n[1]\nnope').problems).toEqual([
      { pointer: 'line 2', detail: 'must be a JSON object (a task input)' },
      { pointer: 'line 3', detail: 'is not valid JSON' },
    ]);
  });
});
