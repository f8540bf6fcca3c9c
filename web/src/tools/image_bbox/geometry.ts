// Geometry of the box tool: a view transform (zoom and pan), hit tests,
// resize handles, moves and resizes kept inside the image. Pure functions
// in image pixels, unit-tested; the component only translates pointer
// events into these calls.

import type { Box, ImageBboxPayload, LabeledBox } from '../../api/types';

export interface Point {
  x: number;
  y: number;
}
export interface Size {
  width: number;
  height: number;
}

/** screen = image * scale + offset. */
export interface View {
  scale: number;
  offsetX: number;
  offsetY: number;
}

export const MIN_SCALE = 0.05;
export const MAX_SCALE = 40;

export function toImage(view: View, p: Point): Point {
  return { x: (p.x - view.offsetX) / view.scale, y: (p.y - view.offsetY) / view.scale };
}
export function toScreen(view: View, p: Point): Point {
  return { x: p.x * view.scale + view.offsetX, y: p.y * view.scale + view.offsetY };
}

/** The view that fits the whole image in the viewport, centred. */
export function fitView(image: Size, viewport: Size): View {
  const scale = Math.min(viewport.width / image.width, viewport.height / image.height);
  return {
    scale,
    offsetX: (viewport.width - image.width * scale) / 2,
    offsetY: (viewport.height - image.height * scale) / 2,
  };
}

/** Zooms by `factor` keeping the image point under `anchor` (screen) where it is. */
export function zoomAt(view: View, factor: number, anchor: Point): View {
  const scale = Math.min(MAX_SCALE, Math.max(MIN_SCALE, view.scale * factor));
  const under = toImage(view, anchor);
  return { scale, offsetX: anchor.x - under.x * scale, offsetY: anchor.y - under.y * scale };
}

export function pan(view: View, dx: number, dy: number): View {
  return { ...view, offsetX: view.offsetX + dx, offsetY: view.offsetY + dy };
}

/** The box spanned by two corner points, clipped to the image. */
export function boxFromCorners(a: Point, b: Point, image: Size): Box {
  const x0 = Math.max(0, Math.min(a.x, b.x));
  const y0 = Math.max(0, Math.min(a.y, b.y));
  const x1 = Math.min(image.width, Math.max(a.x, b.x));
  const y1 = Math.min(image.height, Math.max(a.y, b.y));
  return { x: x0, y: y0, w: Math.max(0, x1 - x0), h: Math.max(0, y1 - y0) };
}

export function contains(box: Box, p: Point): boolean {
  return p.x >= box.x && p.x <= box.x + box.w && p.y >= box.y && p.y <= box.y + box.h;
}

/** The topmost (last drawn) box under `p`, preferring the smallest when nested. */
export function hitTest<T extends Box & { id: string }>(boxes: readonly T[], p: Point): string | null {
  let best: T | null = null;
  for (const box of boxes) {
    if (!contains(box, p)) continue;
    if (!best || box.w * box.h <= best.w * best.h) best = box;
  }
  return best ? best.id : null;
}

export type Handle = 'nw' | 'n' | 'ne' | 'e' | 'se' | 's' | 'sw' | 'w';
export const HANDLES: Handle[] = ['nw', 'n', 'ne', 'e', 'se', 's', 'sw', 'w'];

export function handlePoint(box: Box, handle: Handle): Point {
  const cx = box.x + box.w / 2;
  const cy = box.y + box.h / 2;
  const x = handle.includes('w') ? box.x : handle.includes('e') ? box.x + box.w : cx;
  const y = handle.startsWith('n') ? box.y : handle.startsWith('s') ? box.y + box.h : cy;
  return { x, y };
}

/** The handle of `box` within `tolerance` image pixels of `p`, or null. */
export function handleAt(box: Box, p: Point, tolerance: number): Handle | null {
  for (const handle of HANDLES) {
    const h = handlePoint(box, handle);
    if (Math.abs(h.x - p.x) <= tolerance && Math.abs(h.y - p.y) <= tolerance) return handle;
  }
  return null;
}

/** `box` moved by (dx, dy), kept wholly inside the image. */
export function moveBox(box: Box, dx: number, dy: number, image: Size): Box {
  return {
    ...box,
    x: Math.min(Math.max(box.x + dx, 0), image.width - box.w),
    y: Math.min(Math.max(box.y + dy, 0), image.height - box.h),
  };
}

/**
 * `box` with `handle` dragged to `p`: the opposite edges stay, edges may
 * cross (the box flips), and the result is clipped to the image with at
 * least `minSize` pixels each way.
 */
export function resizeBox(box: Box, handle: Handle, p: Point, image: Size, minSize = 1): Box {
  let x0 = box.x;
  let y0 = box.y;
  let x1 = box.x + box.w;
  let y1 = box.y + box.h;
  if (handle.includes('w')) x0 = p.x;
  if (handle.includes('e')) x1 = p.x;
  if (handle.startsWith('n')) y0 = p.y;
  if (handle.startsWith('s')) y1 = p.y;
  const clipped = boxFromCorners({ x: x0, y: y0 }, { x: x1, y: y1 }, image);
  return { ...clipped, w: Math.max(clipped.w, minSize), h: Math.max(clipped.h, minSize) };
}

/** Nudges with the arrow keys: moves, or with `grow` resizes from the bottom-right corner. */
export function nudge(box: Box, dx: number, dy: number, grow: boolean, image: Size): Box {
  if (!grow) return moveBox(box, dx, dy, image);
  const w = Math.min(Math.max(box.w + dx, 1), image.width - box.x);
  const h = Math.min(Math.max(box.h + dy, 1), image.height - box.y);
  return { ...box, w, h };
}

export function toPayload(boxes: readonly LabeledBox[]): ImageBboxPayload {
  return { boxes: boxes.map((b) => ({ id: b.id, label: b.label, x: b.x, y: b.y, w: b.w, h: b.h })) };
}
