import { describe, expect, it } from 'vitest';
import type { Keyframe } from '../../api/types';
import { boxAt, keyframeIndexAtOrBefore, visibleSpans } from './interpolate';

const kf = (frame: number, x: number, y: number, w: number, h: number, extra: Partial<Keyframe> = {}): Keyframe => ({
  frame,
  x,
  y,
  w,
  h,
  outside: false,
  occluded: false,
  ...extra,
});

describe('boxAt (docs/task-types.md interpolation)', () => {
  const track = { keyframes: [kf(10, 0, 0, 10, 20), kf(20, 100, 50, 30, 40)] };

  it('has no box before the first keyframe', () => {
    expect(boxAt(track, 0)).toBeNull();
    expect(boxAt(track, 9)).toBeNull();
  });

  it('is the keyframe itself on a keyframe', () => {
    expect(boxAt(track, 10)).toEqual({ x: 0, y: 0, w: 10, h: 20, occluded: false, keyframe: true });
    expect(boxAt(track, 20)).toEqual({ x: 100, y: 50, w: 30, h: 40, occluded: false, keyframe: true });
  });

  it('interpolates x, y, w, h linearly with t = (f - f0) / (f1 - f0)', () => {
    expect(boxAt(track, 15)).toEqual({ x: 50, y: 25, w: 20, h: 30, occluded: false, keyframe: false });
    const b = boxAt(track, 12)!;
    expect(b.x).toBeCloseTo(20, 10);
    expect(b.y).toBeCloseTo(10, 10);
    expect(b.w).toBeCloseTo(14, 10);
    expect(b.h).toBeCloseTo(24, 10);
  });

  it('holds the last keyframe to the end of the video', () => {
    expect(boxAt(track, 299)).toEqual({ x: 100, y: 50, w: 30, h: 40, occluded: false, keyframe: false });
  });

  it('takes occluded from the earlier keyframe', () => {
    const t = { keyframes: [kf(0, 0, 0, 10, 10, { occluded: true }), kf(10, 10, 10, 10, 10)] };
    expect(boxAt(t, 5)!.occluded).toBe(true);
    expect(boxAt(t, 10)!.occluded).toBe(false);
    const u = { keyframes: [kf(0, 0, 0, 10, 10), kf(10, 10, 10, 10, 10, { occluded: true })] };
    expect(boxAt(u, 9)!.occluded).toBe(false);
    expect(boxAt(u, 10)!.occluded).toBe(true);
    expect(boxAt(u, 50)!.occluded).toBe(true);
  });

  it('hides the object from an outside keyframe up to the next keyframe', () => {
    const t = {
      keyframes: [kf(0, 0, 0, 10, 10), kf(5, 50, 0, 10, 10, { outside: true }), kf(8, 80, 0, 10, 10)],
    };
    expect(boxAt(t, 4)!.x).toBeCloseTo(40, 10); // interpolated toward the outside keyframe's geometry
    expect(boxAt(t, 5)).toBeNull();
    expect(boxAt(t, 7)).toBeNull();
    expect(boxAt(t, 8)).toEqual({ x: 80, y: 0, w: 10, h: 10, occluded: false, keyframe: true });
  });

  it('has no box after a last keyframe that is outside', () => {
    const t = { keyframes: [kf(0, 0, 0, 10, 10), kf(3, 0, 0, 10, 10, { outside: true })] };
    expect(boxAt(t, 2)).not.toBeNull();
    expect(boxAt(t, 3)).toBeNull();
    expect(boxAt(t, 1000)).toBeNull();
  });

  it('works with a single keyframe', () => {
    const t = { keyframes: [kf(7, 1, 2, 3, 4)] };
    expect(boxAt(t, 6)).toBeNull();
    expect(boxAt(t, 7)!.keyframe).toBe(true);
    expect(boxAt(t, 8)!.keyframe).toBe(false);
  });

  it('finds the keyframe at or before a frame by binary search', () => {
    const keyframes = [0, 3, 9, 20].map((f) => kf(f, 0, 0, 1, 1));
    expect(keyframeIndexAtOrBefore(keyframes, -1)).toBe(-1);
    expect(keyframeIndexAtOrBefore(keyframes, 0)).toBe(0);
    expect(keyframeIndexAtOrBefore(keyframes, 8)).toBe(1);
    expect(keyframeIndexAtOrBefore(keyframes, 9)).toBe(2);
    expect(keyframeIndexAtOrBefore(keyframes, 100)).toBe(3);
  });
});

describe('visibleSpans', () => {
  it('lists the frames in which the track has a box', () => {
    const t = {
      keyframes: [kf(2, 0, 0, 1, 1), kf(5, 0, 0, 1, 1), kf(8, 0, 0, 1, 1, { outside: true }), kf(12, 0, 0, 1, 1)],
    };
    expect(visibleSpans(t, 20)).toEqual([
      [2, 8],
      [12, 20],
    ]);
    expect(visibleSpans(t, 10)).toEqual([[2, 8]]);
  });
});
