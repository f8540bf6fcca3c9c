// What every task tool shares: its props, undo/redo history wired to the
// keyboard, the undo bar, a class picker, and a fitted image view.

import { useEffect, useRef, useState } from 'preact/hooks';
import type { LabelDef, LabelSchema } from '../api/types';
import * as H from '../lib/history';
import { undoRedoOf, useKeys } from '../lib/keys';
import type { Drawable, MediaSource } from './media';

export interface ToolProps<P> {
  input: Record<string, unknown>;
  schema: LabelSchema;
  /** A saved draft to continue from, or null. */
  initial: P | null;
  media: MediaSource;
  /** Called with the submission payload after every change. */
  onChange: (payload: P) => void;
  /** Told which object is selected and on which frame (a reviewer pins evidence there). */
  onFocusChange?: (focus: ToolFocus) => void;
}

export interface ToolFocus {
  objectId: string | null;
  frame?: number;
  /** Selected text: code-point offsets into a text field of the payload. */
  span?: { field: 'response' | 'reason'; start: number; end: number };
}

/** Code-point offsets of a text control's selection (the DOM counts UTF-16 units), or null when empty. */
export function selectedSpan(text: string, start: number, end: number): { start: number; end: number } | null {
  if (end <= start) return null;
  const points = (units: number) => Array.from(text.slice(0, units)).length;
  return { start: points(start), end: points(end) };
}

export const DEFAULT_COLORS = ['#e6194b', '#4363d8', '#3cb44b', '#f58231', '#911eb4', '#42d4f4', '#f032e6', '#9a6324', '#800000', '#469990'];

export function labelColor(labels: readonly LabelDef[], name: string): string {
  const index = labels.findIndex((l) => l.name === name);
  if (index < 0) return '#888';
  return labels[index].color ?? DEFAULT_COLORS[index % DEFAULT_COLORS.length];
}

/** Undo/redo history of a tool's state; each state change reports the payload. */
export function useToolHistory<S, P>(initial: () => S, toPayload: (s: S) => P, onChange: (p: P) => void) {
  const [history, setHistory] = useState(() => H.start(initial()));
  // Reported on mount too: the player needs the starting payload (an empty
  // tag list, say, is a valid answer).
  useEffect(() => {
    onChange(toPayload(history.present));
  }, [history.present]);
  const typingSince = useRef(0);
  const api = {
    state: history.present,
    history,
    push: (next: S) => setHistory((h) => H.push(h, next)),
    /**
     * An edit computed from the latest state (not the rendered one), so
     * keys pressed faster than the page renders all apply.
     */
    update: (edit: (s: S) => S) => setHistory((h) => H.push(h, edit(h.present))),
    /** As update, without a new undo step (live dragging). */
    updateLive: (edit: (s: S) => S) => setHistory((h) => H.replace(h, edit(h.present))),
    /** Updates without a new undo step (live dragging). */
    replace: (next: S) => setHistory((h) => H.replace(h, next)),
    /** Starts an undo step whose result is set later with replace (a drag). */
    begin: () => setHistory((h) => H.push(h, structuredClone(h.present))),
    /** Typing: one undo step per pause of a second, not one per character. */
    type: (next: S) => {
      const now = Date.now();
      setHistory((h) => (now - typingSince.current > 1000 ? H.push(h, next) : H.replace(h, next)));
      typingSince.current = now;
    },
    undo: () => setHistory(H.undo),
    redo: () => setHistory(H.redo),
    canUndo: H.canUndo(history),
    canRedo: H.canRedo(history),
  };
  useKeys((e) => {
    const action = undoRedoOf(e);
    if (action === 'undo') api.undo();
    else if (action === 'redo') api.redo();
    return action !== null;
  });
  return api;
}

export function UndoBar({ canUndo, canRedo, undo, redo }: { canUndo: boolean; canRedo: boolean; undo: () => void; redo: () => void }) {
  return (
    <span class="undo-bar">
      <button type="button" onClick={undo} disabled={!canUndo} aria-keyshortcuts="Control+Z">
        Undo
      </button>
      <button type="button" onClick={redo} disabled={!canRedo} aria-keyshortcuts="Control+Shift+Z">
        Redo
      </button>
    </span>
  );
}

/** Radio buttons for the schema's labels, numbered for the keyboard (1–9, 0). */
export function ClassPicker({ labels, value, onPick, legend = 'Class' }: { labels: readonly LabelDef[]; value: string; onPick: (name: string) => void; legend?: string }) {
  return (
    <fieldset class="class-picker">
      <legend>{legend}</legend>
      {labels.map((l, i) => (
        <label key={l.name} class="choice">
          <input type="radio" name={`class-${legend}`} value={l.name} checked={value === l.name} onChange={() => onPick(l.name)} />
          <span class="swatch" style={{ background: labelColor(labels, l.name) }} aria-hidden="true" />
          {i < 10 && <kbd aria-hidden="true">{(i + 1) % 10}</kbd>} {l.name}
        </label>
      ))}
    </fieldset>
  );
}

/**
 * New object ids ("b1", "t2"): never one in use, nor one issued before in
 * this session (an undone object's id is not reused), even for keys pressed
 * faster than the page renders.
 */
export function useIdSource(prefix: string) {
  const issued = useRef(new Set<string>());
  return (inUse: readonly string[]) => {
    const taken = new Set([...inUse, ...issued.current]);
    for (let n = 1; ; n++) {
      const id = `${prefix}${n}`;
      if (!taken.has(id)) {
        issued.current.add(id);
        return id;
      }
    }
  };
}

/** Loads one media item; null until decoded. */
export function useMedia(media: MediaSource, sha256: string | undefined) {
  const [drawable, setDrawable] = useState<Drawable | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (!sha256) return;
    let live = true;
    media.load(sha256).then((d) => live && setDrawable(d), (e) => live && setError(e));
    return () => {
      live = false;
    };
  }, [media, sha256]);
  return { drawable, error };
}

/** A media image drawn to fit its box (for the classification and tag tools). */
export function FittedImage({ media, sha256, alt }: { media: MediaSource; sha256: string; alt: string }) {
  const { drawable, error } = useMedia(media, sha256);
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!drawable || !canvas.current) return;
    canvas.current.width = drawable.width;
    canvas.current.height = drawable.height;
    canvas.current.getContext('2d')!.drawImage(drawable, 0, 0);
  }, [drawable]);
  if (error) return <p class="error">The image could not be loaded.</p>;
  return <canvas ref={canvas} class="fitted-image" role="img" aria-label={alt} aria-busy={!drawable} />;
}
