// Where a track's box is on a frame, exactly as docs/task-types.md says
// (CVAT's convention):
// - keyframes are strictly increasing in `frame`;
// - before the first keyframe there is no box;
// - between keyframes k0 and k1 each of x, y, w, h is a + (b - a) * t with
//   t = (f - f0) / (f1 - f0); `occluded` is k0's;
// - a keyframe with `outside: true` hides the object from its frame up to
//   the next keyframe;
// - after the last keyframe the box stays as it is to the end, unless that
//   keyframe is outside.

import type { Box, Keyframe, Track } from '../../api/types';

export interface FrameBox extends Box {
  occluded: boolean;
  /** Whether `frame` is one of the track's keyframes. */
  keyframe: boolean;
}

/** Index of the last keyframe at or before `frame`, or -1 (binary search: tracks may be long). */
export function keyframeIndexAtOrBefore(keyframes: readonly Keyframe[], frame: number): number {
  let lo = 0;
  let hi = keyframes.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (keyframes[mid].frame <= frame) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

export function lerp(a: number, b: number, t: number): number {
  return a + (b - a) * t;
}

/** The box of `track` on `frame`, or null when the object is not visible there. */
export function boxAt(track: Pick<Track, 'keyframes'>, frame: number): FrameBox | null {
  const keyframes = track.keyframes;
  const i = keyframeIndexAtOrBefore(keyframes, frame);
  if (i < 0) return null;
  const k0 = keyframes[i];
  if (k0.outside) return null;
  const exact = k0.frame === frame;
  const k1 = keyframes[i + 1];
  if (exact || !k1) {
    return { x: k0.x, y: k0.y, w: k0.w, h: k0.h, occluded: k0.occluded, keyframe: exact };
  }
  const t = (frame - k0.frame) / (k1.frame - k0.frame);
  return {
    x: lerp(k0.x, k1.x, t),
    y: lerp(k0.y, k1.y, t),
    w: lerp(k0.w, k1.w, t),
    h: lerp(k0.h, k1.h, t),
    occluded: k0.occluded,
    keyframe: false,
  };
}

/**
 * The spans of frames [start, end) in which the track is visible, for the
 * timeline; `frames` is the video's length.
 */
export function visibleSpans(track: Pick<Track, 'keyframes'>, frames: number): [number, number][] {
  const spans: [number, number][] = [];
  const keyframes = track.keyframes;
  for (let i = 0; i < keyframes.length; i++) {
    const k = keyframes[i];
    if (k.outside || k.frame >= frames) continue;
    const end = Math.min(i + 1 < keyframes.length ? keyframes[i + 1].frame : frames, frames);
    const last = spans[spans.length - 1];
    if (last && last[1] === k.frame) last[1] = end;
    else spans.push([k.frame, end]);
  }
  return spans;
}
