// Editing video tracks: keyframes set, deleted, toggled outside or
// occluded, jumped between. Pure functions over immutable tracks, so every
// edit is an undo step and is unit-tested. Invariants kept by every
// function: keyframes strictly increasing in `frame`, within [0, frames),
// at least one per track (deleting the last one deletes the track), boxes
// inside the frame with w, h > 0.

import type { Box, Keyframe, Track, VideoTrackPayload } from '../../api/types';
import { boxAt, keyframeIndexAtOrBefore } from './interpolate';

export interface Frame {
  width: number;
  height: number;
}

export const MIN_SIZE = 1;

/** A box clamped inside the frame, at least MIN_SIZE wide and high. */
export function clampToFrame(box: Box, frame: Frame): Box {
  const w = Math.min(Math.max(box.w, MIN_SIZE), frame.width);
  const h = Math.min(Math.max(box.h, MIN_SIZE), frame.height);
  const x = Math.min(Math.max(box.x, 0), frame.width - w);
  const y = Math.min(Math.max(box.y, 0), frame.height - h);
  return { x, y, w, h };
}

export function nextId(prefix: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  for (let n = 1; ; n++) {
    const id = `${prefix}${n}`;
    if (!used.has(id)) return id;
  }
}

export function newTrack(tracks: readonly Track[], label: string, frame: number, box: Box): Track {
  return {
    id: nextId('t', tracks.map((t) => t.id)),
    label,
    keyframes: [{ frame, ...box, outside: false, occluded: false }],
  };
}

/** Inserts or replaces the keyframe at `keyframe.frame`, keeping the order. */
export function putKeyframe(track: Track, keyframe: Keyframe): Track {
  const keyframes = track.keyframes.filter((k) => k.frame !== keyframe.frame);
  const at = keyframeIndexAtOrBefore(keyframes, keyframe.frame) + 1;
  keyframes.splice(at, 0, keyframe);
  return { ...track, keyframes };
}

/**
 * Sets the box on `frame` as a keyframe (moving or resizing a box does
 * this). Flags are kept from the keyframe there, else from the state the
 * object is in on that frame (visible: not outside; occluded: inherited).
 */
export function setBox(track: Track, frame: number, box: Box): Track {
  const existing = track.keyframes.find((k) => k.frame === frame);
  const here = boxAt(track, frame);
  return putKeyframe(track, {
    frame,
    ...box,
    outside: false,
    occluded: existing ? existing.occluded : (here?.occluded ?? false),
  });
}

/** Makes `frame` a keyframe with the box the object has there (no visual change). */
export function addKeyframe(track: Track, frame: number): Track {
  if (track.keyframes.some((k) => k.frame === frame)) return track;
  const here = boxAt(track, frame);
  if (here) return putKeyframe(track, { frame, x: here.x, y: here.y, w: here.w, h: here.h, outside: false, occluded: here.occluded });
  const before = track.keyframes[keyframeIndexAtOrBefore(track.keyframes, frame)] ?? track.keyframes[0];
  return putKeyframe(track, { ...before, frame, outside: true });
}

/** Removes the keyframe on `frame`; null when it was the track's only one (the track goes). */
export function deleteKeyframe(track: Track, frame: number): Track | null {
  const keyframes = track.keyframes.filter((k) => k.frame !== frame);
  if (keyframes.length === track.keyframes.length) return track;
  return keyframes.length === 0 ? null : { ...track, keyframes };
}

/** The geometry a new keyframe on `frame` should carry: the visible box, else the last known one. */
function geometryAt(track: Track, frame: number): Box {
  const here = boxAt(track, frame);
  if (here) return { x: here.x, y: here.y, w: here.w, h: here.h };
  const i = keyframeIndexAtOrBefore(track.keyframes, frame);
  const k = track.keyframes[Math.max(i, 0)];
  return { x: k.x, y: k.y, w: k.w, h: k.h };
}

/**
 * Flips whether the object is outside the frame from `frame` on (until the
 * next keyframe): the keyframe there is created if needed.
 */
export function toggleOutside(track: Track, frame: number): Track {
  const existing = track.keyframes.find((k) => k.frame === frame);
  if (existing) return putKeyframe(track, { ...existing, outside: !existing.outside });
  const visible = boxAt(track, frame) !== null;
  const occluded = boxAt(track, frame)?.occluded ?? false;
  return putKeyframe(track, { frame, ...geometryAt(track, frame), outside: visible, occluded });
}

/** Flips `occluded` from `frame` on (until the next keyframe). */
export function toggleOccluded(track: Track, frame: number): Track {
  const existing = track.keyframes.find((k) => k.frame === frame);
  if (existing) return putKeyframe(track, { ...existing, occluded: !existing.occluded });
  const here = boxAt(track, frame);
  return putKeyframe(track, { frame, ...geometryAt(track, frame), outside: here === null, occluded: !(here?.occluded ?? false) });
}

export function setLabel(track: Track, label: string): Track {
  return { ...track, label };
}

/** The keyframe frame after `frame`, or null. */
export function nextKeyframe(track: Track, frame: number): number | null {
  return track.keyframes.find((k) => k.frame > frame)?.frame ?? null;
}
/** The keyframe frame before `frame`, or null. */
export function previousKeyframe(track: Track, frame: number): number | null {
  const before = track.keyframes.filter((k) => k.frame < frame);
  return before.length ? before[before.length - 1].frame : null;
}

export function replaceTrack(tracks: readonly Track[], id: string, next: Track | null): Track[] {
  const out: Track[] = [];
  for (const t of tracks) {
    if (t.id !== id) out.push(t);
    else if (next) out.push(next);
  }
  return out;
}

/** The submission payload: only the contract's fields, keyframes in order. */
export function toPayload(tracks: readonly Track[]): VideoTrackPayload {
  const round = (v: number) => v;  // unrounded: rounding could push a box past the frame's edge
  return {
    tracks: tracks.map((t) => ({
      id: t.id,
      label: t.label,
      keyframes: t.keyframes.map((k) => ({
        frame: k.frame,
        x: round(k.x),
        y: round(k.y),
        w: round(k.w),
        h: round(k.h),
        outside: k.outside,
        occluded: k.occluded,
      })),
    })),
  };
}
