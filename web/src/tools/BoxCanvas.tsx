// The drawing surface shared by the box and video tools: a media image (or
// video frame) under a zoom/pan view, with boxes drawn over it. Pointer:
// drag on empty space draws a box, on a box moves it, on a handle resizes
// it; wheel zooms at the pointer; Alt+drag, middle or right drag pans.
// Keys (when no field is focused): + / - zoom, 0 fits. The geometry is
// tools/image_bbox/geometry.ts; this component only maps events to it.

import { useEffect, useRef, useState } from 'preact/hooks';
import type { Box, LabelDef } from '../api/types';
import { useKeys } from '../lib/keys';
import { labelColor } from './common';
import {
  boxFromCorners,
  fitView,
  handleAt,
  handlePoint,
  HANDLES,
  hitTest,
  moveBox,
  pan,
  resizeBox,
  toImage,
  zoomAt,
  type Handle,
  type Point,
  type View,
} from './image_bbox/geometry';
import type { Drawable } from './media';

export interface CanvasBox extends Box {
  id: string;
  label: string;
  /** Drawn dashed (an occluded object). */
  dashed?: boolean;
  /** Marked as a keyframe box (video). */
  keyframe?: boolean;
}

interface Props {
  drawable: Drawable | null;
  width: number;
  height: number;
  boxes: readonly CanvasBox[];
  labels: readonly LabelDef[];
  selectedId: string | null;
  onSelect: (id: string | null) => void;
  onCreate: (box: Box) => void;
  /** A move or resize starts (one undo step for the whole drag). */
  onEditStart: (id: string) => void;
  onEdit: (id: string, box: Box) => void;
  label: string;
}

type Drag =
  | { kind: 'draw'; from: Point; to: Point }
  | { kind: 'move'; id: string; from: Point; box: Box; started: boolean }
  | { kind: 'resize'; id: string; handle: Handle; started: boolean }
  | { kind: 'pan'; last: Point };

const MIN_DRAW = 3; // screen pixels: smaller drags are clicks

export function BoxCanvas(props: Props) {
  const { drawable, width, height, boxes, labels, selectedId } = props;
  const wrap = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [viewport, setViewport] = useState({ width: 800, height: 450 });
  const [view, setView] = useState<View | null>(null);
  const drag = useRef<Drag | null>(null);
  const [, redraw] = useState(0);
  const image = { width, height };

  useEffect(() => {
    const el = wrap.current!;
    const observer = new ResizeObserver(() => {
      const r = el.getBoundingClientRect();
      setViewport({ width: Math.max(100, Math.floor(r.width)), height: Math.max(100, Math.floor(r.height)) });
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  useEffect(() => setView(fitView(image, viewport)), [width, height, viewport.width, viewport.height]);

  const current = view ?? fitView(image, viewport);

  // Paint.
  useEffect(() => {
    const c = canvas.current;
    if (!c) return;
    const ratio = window.devicePixelRatio || 1;
    c.width = viewport.width * ratio;
    c.height = viewport.height * ratio;
    const ctx = c.getContext('2d')!;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.fillStyle = '#1d2327';
    ctx.fillRect(0, 0, viewport.width, viewport.height);
    ctx.save();
    ctx.translate(current.offsetX, current.offsetY);
    ctx.scale(current.scale, current.scale);
    if (drawable) ctx.drawImage(drawable, 0, 0, width, height);
    else {
      ctx.fillStyle = '#333';
      ctx.fillRect(0, 0, width, height);
    }
    ctx.restore();
    const toS = (x: number, y: number) => ({ x: x * current.scale + current.offsetX, y: y * current.scale + current.offsetY });
    for (const b of boxes) {
      const p = toS(b.x, b.y);
      const color = labelColor(labels, b.label);
      const selected = b.id === selectedId;
      ctx.lineWidth = selected ? 3 : 2;
      ctx.strokeStyle = color;
      ctx.setLineDash(b.dashed ? [6, 4] : []);
      ctx.strokeRect(p.x, p.y, b.w * current.scale, b.h * current.scale);
      ctx.setLineDash([]);
      if (selected) {
        ctx.fillStyle = color + '22';
        ctx.fillRect(p.x, p.y, b.w * current.scale, b.h * current.scale);
        ctx.fillStyle = '#fff';
        for (const h of HANDLES) {
          const hp = handlePoint(b, h);
          const s = toS(hp.x, hp.y);
          ctx.fillRect(s.x - 4, s.y - 4, 8, 8);
          ctx.strokeRect(s.x - 4, s.y - 4, 8, 8);
        }
      }
      const tag = `${b.label}${b.keyframe ? ' ◆' : ''}`;
      ctx.font = '12px system-ui, sans-serif';
      const tw = ctx.measureText(tag).width + 8;
      ctx.fillStyle = color;
      ctx.fillRect(p.x, p.y - 16, tw, 16);
      ctx.fillStyle = '#fff';
      ctx.fillText(tag, p.x + 4, p.y - 4);
    }
    const d = drag.current;
    if (d?.kind === 'draw') {
      const b = boxFromCorners(d.from, d.to, image);
      const p = toS(b.x, b.y);
      ctx.strokeStyle = '#fff';
      ctx.setLineDash([4, 3]);
      ctx.strokeRect(p.x, p.y, b.w * current.scale, b.h * current.scale);
      ctx.setLineDash([]);
    }
  });

  const pointOf = (e: PointerEvent): Point => {
    const r = canvas.current!.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  };

  const onPointerDown = (e: PointerEvent) => {
    canvas.current!.setPointerCapture(e.pointerId);
    canvas.current!.focus();
    const screen = pointOf(e);
    if (e.button === 1 || e.button === 2 || e.altKey) {
      drag.current = { kind: 'pan', last: screen };
      return;
    }
    const p = toImage(current, screen);
    const selected = boxes.find((b) => b.id === selectedId);
    const handle = selected ? handleAt(selected, p, 6 / current.scale) : null;
    if (selected && handle) {
      drag.current = { kind: 'resize', id: selected.id, handle, started: false };
      return;
    }
    const hit = hitTest(boxes, p);
    if (hit) {
      props.onSelect(hit);
      const box = boxes.find((b) => b.id === hit)!;
      drag.current = { kind: 'move', id: hit, from: p, box: { x: box.x, y: box.y, w: box.w, h: box.h }, started: false };
      return;
    }
    props.onSelect(null);
    drag.current = { kind: 'draw', from: p, to: p };
  };

  const onPointerMove = (e: PointerEvent) => {
    const d = drag.current;
    if (!d) return;
    const screen = pointOf(e);
    if (d.kind === 'pan') {
      setView(pan(current, screen.x - d.last.x, screen.y - d.last.y));
      d.last = screen;
      return;
    }
    const p = toImage(current, screen);
    if (d.kind === 'draw') {
      d.to = p;
      redraw((n) => n + 1);
    } else if (d.kind === 'move') {
      if (!d.started) {
        if (Math.hypot(p.x - d.from.x, p.y - d.from.y) * current.scale < MIN_DRAW) return;
        d.started = true;
        props.onEditStart(d.id);
      }
      props.onEdit(d.id, moveBox(d.box, p.x - d.from.x, p.y - d.from.y, image));
    } else if (d.kind === 'resize') {
      const box = boxes.find((b) => b.id === d.id);
      if (!box) return;
      if (!d.started) {
        d.started = true;
        props.onEditStart(d.id);
      }
      props.onEdit(d.id, resizeBox(box, d.handle, p, image));
    }
  };

  const onPointerUp = (e: PointerEvent) => {
    const d = drag.current;
    drag.current = null;
    if (d?.kind === 'draw') {
      const b = boxFromCorners(d.from, toImage(current, pointOf(e)), image);
      if (b.w * current.scale >= MIN_DRAW && b.h * current.scale >= MIN_DRAW) props.onCreate(b);
      redraw((n) => n + 1);
    }
  };

  const onWheel = (e: WheelEvent) => {
    e.preventDefault();
    setView(zoomAt(current, Math.exp(-e.deltaY * 0.0015), pointOf(e as unknown as PointerEvent)));
  };

  useKeys((e) => {
    if (e.ctrlKey || e.metaKey) return false;
    const centre = { x: viewport.width / 2, y: viewport.height / 2 };
    if (e.key === '+' || e.key === '=') setView(zoomAt(current, 1.25, centre));
    else if (e.key === '-') setView(zoomAt(current, 0.8, centre));
    else if (e.key === '0' && e.shiftKey === false && e.altKey) setView(fitView(image, viewport));
    else return false;
    return true;
  });

  return (
    <div class="box-canvas" ref={wrap}>
      <canvas
        ref={canvas}
        tabIndex={0}
        role="img"
        aria-busy={!drawable}
        data-media={drawable ? 'shown' : 'waiting'}
        aria-label={`${props.label}: ${boxes.length} box${boxes.length === 1 ? '' : 'es'}. Drag to draw a box; use the list beside it to select and edit with the keyboard.`}
        style={{ width: `${viewport.width}px`, height: `${viewport.height}px` }}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={() => (drag.current = null)}
        onWheel={onWheel}
        onContextMenu={(e) => e.preventDefault()}
      />
      <div class="zoom-controls">
        <button type="button" aria-label="Zoom in" onClick={() => setView(zoomAt(current, 1.25, { x: viewport.width / 2, y: viewport.height / 2 }))}>+</button>
        <button type="button" aria-label="Zoom out" onClick={() => setView(zoomAt(current, 0.8, { x: viewport.width / 2, y: viewport.height / 2 }))}>−</button>
        <button type="button" aria-label="Fit to view" onClick={() => setView(fitView(image, viewport))}>Fit</button>
        <span class="muted" aria-live="off">{Math.round(current.scale * 100)}%</span>
      </div>
    </div>
  );
}

export const canvasShortcuts = [
  { keys: '+ / −', action: 'Zoom in / out' },
  { keys: 'Alt+0', action: 'Fit the picture' },
  { keys: 'Wheel; Alt+drag or right-drag', action: 'Zoom at the pointer; pan' },
  { keys: 'Drag on empty space', action: 'Draw a box' },
];
