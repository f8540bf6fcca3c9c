import { describe, expect, it } from 'vitest';
import type { Track } from '../../api/types';
import { boxAt } from './interpolate';
import {
  addKeyframe,
  clampToFrame,
  deleteKeyframe,
  newTrack,
  nextKeyframe,
  previousKeyframe,
  replaceTrack,
  setBox,
  toPayload,
  toggleOccluded,
  toggleOutside,
} from './tracks';

const frame = { width: 1280, height: 720 };

function twoKeyframes(): Track {
  const t = newTrack([], 'car', 0, { x: 0, y: 0, w: 100, h: 50 });
  return setBox(t, 10, { x: 100, y: 100, w: 100, h: 50 });
}

describe('track editing', () => {
  it('creates tracks with unique ids', () => {
    const a = newTrack([], 'car', 3, { x: 1, y: 2, w: 3, h: 4 });
    const b = newTrack([a], 'car', 3, { x: 1, y: 2, w: 3, h: 4 });
    expect(a.id).toBe('t1');
    expect(b.id).toBe('t2');
    expect(a.keyframes).toEqual([{ frame: 3, x: 1, y: 2, w: 3, h: 4, outside: false, occluded: false }]);
  });

  it('keeps keyframes sorted when set out of order, replacing on the same frame', () => {
    let t = twoKeyframes();
    t = setBox(t, 5, { x: 0, y: 0, w: 10, h: 10 });
    t = setBox(t, 20, { x: 0, y: 0, w: 10, h: 10 });
    t = setBox(t, 5, { x: 7, y: 0, w: 10, h: 10 });
    expect(t.keyframes.map((k) => k.frame)).toEqual([0, 5, 10, 20]);
    expect(t.keyframes[1].x).toBe(7);
  });

  it('draws an interpolated frame between two keyframes (the worker story)', () => {
    const t = twoKeyframes();
    expect(boxAt(t, 5)).toMatchObject({ x: 50, y: 50, w: 100, h: 50, keyframe: false });
  });

  it('adds a keyframe without moving the box', () => {
    const t = addKeyframe(twoKeyframes(), 4);
    expect(t.keyframes.map((k) => k.frame)).toEqual([0, 4, 10]);
    expect(boxAt(t, 4)).toMatchObject({ x: 40, y: 40, keyframe: true });
    expect(boxAt(t, 7)).toMatchObject({ x: 70, y: 70 });
  });

  it('deletes keyframes, and the track with its last one', () => {
    const t = deleteKeyframe(twoKeyframes(), 10)!;
    expect(t.keyframes.map((k) => k.frame)).toEqual([0]);
    expect(deleteKeyframe(t, 3)).toBe(t);
    expect(deleteKeyframe(t, 0)).toBeNull();
    expect(replaceTrack([t], t.id, null)).toEqual([]);
  });

  it('toggles outside from a frame on, and back', () => {
    let t = twoKeyframes();
    t = toggleOutside(t, 12);
    expect(boxAt(t, 11)).not.toBeNull();
    expect(boxAt(t, 12)).toBeNull();
    expect(boxAt(t, 200)).toBeNull();
    const kf12 = t.keyframes.find((k) => k.frame === 12)!;
    expect(kf12).toMatchObject({ outside: true, x: 100, y: 100, w: 100, h: 50 });
    // Re-entering later: a new keyframe on a hidden frame brings the object back.
    const back = toggleOutside(t, 30);
    expect(boxAt(back, 29)).toBeNull();
    expect(boxAt(back, 30)).toMatchObject({ x: 100, y: 100 });
    // Toggling an existing keyframe flips it.
    expect(boxAt(toggleOutside(t, 12), 12)).not.toBeNull();
  });

  it('toggles occluded from a frame on', () => {
    const t = toggleOccluded(twoKeyframes(), 5);
    expect(boxAt(t, 4)!.occluded).toBe(false);
    expect(boxAt(t, 5)!.occluded).toBe(true);
    expect(boxAt(t, 9)!.occluded).toBe(true);
    expect(boxAt(t, 10)!.occluded).toBe(false);
    expect(boxAt(t, 7)).toMatchObject({ x: 70, y: 70 }); // geometry unchanged
  });

  it('moving a box on an occluded stretch keeps it occluded', () => {
    const t = setBox(toggleOccluded(twoKeyframes(), 2), 6, { x: 1, y: 1, w: 5, h: 5 });
    expect(t.keyframes.find((k) => k.frame === 6)!.occluded).toBe(true);
  });

  it('jumps between keyframes', () => {
    const t = twoKeyframes();
    expect(nextKeyframe(t, 0)).toBe(10);
    expect(nextKeyframe(t, 10)).toBeNull();
    expect(previousKeyframe(t, 10)).toBe(0);
    expect(previousKeyframe(t, 5)).toBe(0);
    expect(previousKeyframe(t, 0)).toBeNull();
  });

  it('clamps boxes inside the frame', () => {
    expect(clampToFrame({ x: -10, y: 700, w: 50, h: 50 }, frame)).toEqual({ x: 0, y: 670, w: 50, h: 50 });
    expect(clampToFrame({ x: 10, y: 10, w: 0, h: 9999 }, frame)).toEqual({ x: 10, y: 0, w: 1, h: 720 });
  });

  it('produces exactly the contract payload', () => {
    const t = { ...twoKeyframes(), extra: 'ignored' } as Track;
    expect(toPayload([t])).toEqual({
      tracks: [
        {
          id: 't1',
          label: 'car',
          keyframes: [
            { frame: 0, x: 0, y: 0, w: 100, h: 50, outside: false, occluded: false },
            { frame: 10, x: 100, y: 100, w: 100, h: 50, outside: false, occluded: false },
          ],
        },
      ],
    });
  });
});
