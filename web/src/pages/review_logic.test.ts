import { describe, expect, it } from 'vitest';
import { selectedSpan } from '../tools/common';
import { evidenceFor, verdictBody, type Decision } from './review_logic';

const base: Decision = { verdict: 'accept', reasonCode: '', clause: '', comment: '', evidence: [], corrected: null, changed: false };

describe('evidence', () => {
  it('pins to the selected track on the current frame, the selected box, or the task', () => {
    expect(evidenceFor('video_track', { objectId: 't2', frame: 14 }, ' too wide ')).toEqual([
      { kind: 'track', track_id: 't2', frame: 14, note: 'too wide' },
    ]);
    expect(evidenceFor('image_bbox', { objectId: 'b1' }, '')).toEqual([{ kind: 'box', box_id: 'b1' }]);
    expect(evidenceFor('text_edit', { objectId: null }, 'facts wrong')).toEqual([{ kind: 'task', note: 'facts wrong' }]);
    expect(evidenceFor('video_track', { objectId: null, frame: 3 }, '')).toEqual([]);
    expect(evidenceFor('text_edit', { objectId: null, span: { field: 'response', start: 4, end: 9 } }, '')).toEqual([
      { kind: 'text_span', field: 'response', start: 4, end: 9 },
    ]);
  });
});

describe('verdict body', () => {
  it('accepts with no more than the verdict', () => {
    expect(verdictBody(base)).toEqual({ body: { verdict: 'accept' }, problems: [] });
  });
  it('needs a reason and evidence to send back, and a rule to reject', () => {
    expect(verdictBody({ ...base, verdict: 'redo' }).problems).toHaveLength(2);
    expect(verdictBody({ ...base, verdict: 'reject', reasonCode: 'spam', evidence: [{ kind: 'task', note: 'x' }] }).problems).toEqual([
      'A rejection must cite the rule it breaks.',
    ]);
    const redo = verdictBody({
      ...base,
      verdict: 'redo',
      reasonCode: 'box_not_tight',
      clause: '1',
      comment: ' loose ',
      evidence: [{ kind: 'box', box_id: 'b1' }],
    });
    expect(redo.body).toEqual({
      verdict: 'redo',
      reason_code: 'box_not_tight',
      clause: '1',
      comment: 'loose',
      evidence: [{ kind: 'box', box_id: 'b1' }],
    });
  });
  it('sends the corrected payload with a correction', () => {
    expect(verdictBody({ ...base, verdict: 'accept_with_corrections' }).problems).toEqual(['Correct the work in the tool first.']);
    expect(verdictBody({ ...base, verdict: 'accept_with_corrections', corrected: { label: 'car' }, changed: true }).body).toEqual({
      verdict: 'accept_with_corrections',
      corrected_payload: { label: 'car' },
    });
  });
});

describe('text selections', () => {
  it('count code points, not UTF-16 units', () => {
    const text = 'a😀bc'; // the emoji is two UTF-16 units
    expect(selectedSpan(text, 3, 5)).toEqual({ start: 2, end: 4 });
    expect(selectedSpan(text, 0, 3)).toEqual({ start: 0, end: 2 });
    expect(selectedSpan(text, 2, 2)).toBeNull();
  });
});
