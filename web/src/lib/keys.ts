// Keyboard shortcuts: a window-level listener per screen that ignores keys
// typed into form fields (except Escape), and the shortcut lists shown in
// the help overlay ("?").

import { useEffect, useRef } from 'preact/hooks';

export interface Shortcut {
  keys: string;
  action: string;
}

export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') {
    const type = (target as HTMLInputElement).type;
    return !['checkbox', 'radio', 'range', 'button', 'submit'].includes(type);
  }
  return target.isContentEditable;
}

/** Ctrl+Z / Cmd+Z undo, Ctrl+Shift+Z / Ctrl+Y redo. */
export function undoRedoOf(e: KeyboardEvent): 'undo' | 'redo' | null {
  if (!(e.ctrlKey || e.metaKey) || e.altKey) return null;
  const key = e.key.toLowerCase();
  if (key === 'z') return e.shiftKey ? 'redo' : 'undo';
  if (key === 'y') return 'redo';
  return null;
}

/**
 * Calls `handler` for keydown events not aimed at a text field; the
 * handler returns true when it used the key (default action prevented,
 * and no later listener acts on it).
 */
export function useKeys(handler: (e: KeyboardEvent) => boolean | void, options: { first?: boolean } = {}): void {
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => {
    const listener = (e: KeyboardEvent) => {
      if (e.defaultPrevented) return;
      if (isTyping(e.target) && e.key !== 'Escape') return;
      if (ref.current(e) === true) e.preventDefault();
    };
    // `first`: in the capture phase, before every other screen's keys (a modal dialog needs this).
    const capture = options.first === true;
    window.addEventListener('keydown', listener, capture);
    return () => window.removeEventListener('keydown', listener, capture);
  }, []);
}

export const UNDO_SHORTCUTS: Shortcut[] = [
  { keys: 'Ctrl+Z', action: 'Undo' },
  { keys: 'Ctrl+Shift+Z or Ctrl+Y', action: 'Redo' },
];
