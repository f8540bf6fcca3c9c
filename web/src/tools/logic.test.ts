// The small logic modules of the text and tag tools, and the payload
// contract they must produce.
import { describe, expect, it } from 'vitest';
import type { LabelSchema } from '../api/types';
import { classificationPayload, labelForKey, tagsPayload, toggleTag } from './image_tags/tags';
import { validatePayload } from './payload';
import { diffStats, diffWords, tokenize } from './text_edit/diff';
import { missingScores, scoreFromKey, toPayload as textEditPayload } from './text_edit/rubric';
import { isPermutation, moveDown, moveTo, moveUp, toPayload as rankPayload } from './text_rank/rank';
import { toPayload as bboxPayload } from './image_bbox/geometry';
import { newTrack, setBox, toPayload as trackPayload } from './video_track/tracks';

const schema: LabelSchema = {
  labels: [{ name: 'pedestrian' }, { name: 'car' }, { name: 'palm tree' }],
  rubric: [
    { id: 'accuracy', title: 'Accurate', min: 1, max: 5 },
    { id: 'tone', title: 'Tone', min: 0, max: 3 },
  ],
};

describe('tags and labels', () => {
  it('toggles tags in schema order', () => {
    let tags = toggleTag(schema.labels!, [], 'palm tree');
    tags = toggleTag(schema.labels!, tags, 'pedestrian');
    expect(tags).toEqual(['pedestrian', 'palm tree']);
    expect(toggleTag(schema.labels!, tags, 'pedestrian')).toEqual(['palm tree']);
  });
  it('maps number keys to labels', () => {
    expect(labelForKey(schema.labels!, '2')).toBe('car');
    expect(labelForKey(schema.labels!, '9')).toBeNull();
    expect(labelForKey(schema.labels!, 'x')).toBeNull();
  });
  it('produces contract payloads', () => {
    expect(validatePayload('image_tags', tagsPayload([]), { schema })).toEqual([]);
    expect(validatePayload('image_tags', tagsPayload(['car', 'car']), { schema })).toHaveLength(1);
    expect(validatePayload('classification', classificationPayload('car'), { schema })).toEqual([]);
    expect(validatePayload('classification', classificationPayload('cat'), { schema })[0].pointer).toBe('/label');
  });
});

describe('text diff', () => {
  it('tokenizes words, spaces and punctuation', () => {
    expect(tokenize('Hi, there  world.')).toEqual(['Hi', ',', ' ', 'there', '  ', 'world', '.']);
  });
  it('marks replaced words', () => {
    const parts = diffWords('The cat sat on the mat.', 'The dog sat on the mat!');
    expect(parts).toEqual([
      { kind: 'same', text: 'The ' },
      { kind: 'removed', text: 'cat' },
      { kind: 'added', text: 'dog' },
      { kind: 'same', text: ' sat on the mat' },
      { kind: 'removed', text: '.' },
      { kind: 'added', text: '!' },
    ]);
    expect(diffStats(parts)).toEqual({ added: 1, removed: 1 });
  });
  it('rebuilds both texts from the parts', () => {
    const before = 'Paris is the capital of France. It has 2 million people.';
    const after = 'Paris is the capital and largest city of France. It has about 2.1 million inhabitants.';
    const parts = diffWords(before, after);
    expect(parts.filter((p) => p.kind !== 'added').map((p) => p.text).join('')).toBe(before);
    expect(parts.filter((p) => p.kind !== 'removed').map((p) => p.text).join('')).toBe(after);
  });
  it('handles empty and identical texts', () => {
    expect(diffWords('', '')).toEqual([]);
    expect(diffWords('same', 'same')).toEqual([{ kind: 'same', text: 'same' }]);
    expect(diffWords('', 'new')).toEqual([{ kind: 'added', text: 'new' }]);
  });
});

describe('rubric', () => {
  it('lists criteria without a valid score', () => {
    expect(missingScores(schema.rubric!, {})).toEqual(['accuracy', 'tone']);
    expect(missingScores(schema.rubric!, { accuracy: 6, tone: 0 })).toEqual(['accuracy']);
    expect(missingScores(schema.rubric!, { accuracy: 5, tone: 3 })).toEqual([]);
  });
  it('scores by key within the scale', () => {
    expect(scoreFromKey(schema.rubric![0], '4')).toBe(4);
    expect(scoreFromKey(schema.rubric![0], '0')).toBeNull();
    expect(scoreFromKey(schema.rubric![1], '0')).toBeNull(); // "0" means 10
  });
  it('produces a contract payload with every criterion', () => {
    const payload = textEditPayload('edited', schema.rubric!, { accuracy: 4, tone: 2 });
    expect(payload).toEqual({ response: 'edited', scores: { accuracy: 4, tone: 2 } });
    expect(validatePayload('text_edit', payload, { schema })).toEqual([]);
    const partial = textEditPayload('edited', schema.rubric!, { accuracy: 4 });
    expect(validatePayload('text_edit', partial, { schema }).map((p) => p.pointer)).toEqual(['/scores/tone']);
  });
});

describe('ranking', () => {
  it('moves items', () => {
    expect(moveUp(['a', 'b', 'c'], 2)).toEqual(['a', 'c', 'b']);
    expect(moveDown(['a', 'b', 'c'], 2)).toEqual(['a', 'b', 'c']);
    expect(moveUp(['a', 'b', 'c'], 0)).toEqual(['a', 'b', 'c']);
    expect(moveTo(['a', 'b', 'c'], 0, 2)).toEqual(['b', 'c', 'a']);
  });
  it('checks permutations and reasons', () => {
    expect(isPermutation(['b', 'a'], ['a', 'b'])).toBe(true);
    expect(isPermutation(['a', 'a'], ['a', 'b'])).toBe(false);
    const ctx = { schema, responseIds: ['r1', 'r2'] };
    expect(validatePayload('text_rank', rankPayload(['r2', 'r1'], ' clearer '), ctx)).toEqual([]);
    expect(rankPayload(['r2', 'r1'], ' clearer ').reason).toBe('clearer');
    expect(validatePayload('text_rank', rankPayload(['r2'], ''), ctx).map((p) => p.pointer)).toEqual([
      '/ranking',
      '/reason',
    ]);
  });
});

describe('box and track payloads', () => {
  const media = { width: 640, height: 360, frames: 30 };
  it('accepts a tool-made bbox payload and refuses bad boxes', () => {
    const good = bboxPayload([{ id: 'b1', label: 'car', x: 0, y: 0, w: 640, h: 360 }]);
    expect(validatePayload('image_bbox', good, { schema, media })).toEqual([]);
    const bad = { boxes: [{ id: 'b1', label: 'car', x: 600, y: 0, w: 41, h: 10 }, { id: 'b1', label: 'cat', x: 0, y: 0, w: 0, h: 1 }] };
    expect(validatePayload('image_bbox', bad, { schema, media }).map((p) => p.pointer)).toEqual([
      '/boxes/1/id',
      '/boxes/0',
      '/boxes/1/label',
      '/boxes/1/w',
    ]);
  });
  it('accepts a tool-made track payload and refuses unordered keyframes', () => {
    const track = setBox(newTrack([], 'pedestrian', 0, { x: 0, y: 0, w: 10, h: 10 }), 29, { x: 5, y: 5, w: 10, h: 10 });
    expect(validatePayload('video_track', trackPayload([track]), { schema, media })).toEqual([]);
    const reversed = { tracks: [{ ...track, keyframes: [...track.keyframes].reverse() }] };
    expect(validatePayload('video_track', reversed, { schema, media }).map((p) => p.pointer)).toEqual([
      '/tracks/0/keyframes/1/frame',
    ]);
    const late = setBox(track, 30, { x: 5, y: 5, w: 10, h: 10 });
    expect(validatePayload('video_track', trackPayload([late]), { schema, media })[0].detail).toBe(
      'frame is outside the video',
    );
    expect(validatePayload('video_track', { tracks: [], extra: 1 }, { schema, media })[0].pointer).toBe('/extra');
  });
});
