// The task player: takes an assignment (docs/api-work.md) and plays it with
// the tool of its task type. Around the tool: measured time, instructions
// and numbered acceptance rules (key i), the keyboard help (key ?), a
// check of the payload against the contract before submitting, and the
// draft saved after every change (to the server for real assignments, to
// this browser for practice) so a closed tab loses nothing.

import { useEffect, useRef, useState } from 'preact/hooks';
import type { Assignment, Payload, TaskType } from '../api/types';
import { Markdown } from '../components/markdown';
import { UNDO_SHORTCUTS, useKeys, type Shortcut } from '../lib/keys';
import { ClassificationTool, classificationShortcuts } from './classification/ClassificationTool';
import { ImageBboxTool, bboxShortcuts } from './image_bbox/ImageBboxTool';
import { ImageTagsTool, imageTagsShortcuts } from './image_tags/ImageTagsTool';
import type { ToolProps } from './common';
import type { MediaSource } from './media';
import { validatePayload, type PayloadProblem, type TaskContext } from './payload';
import { TASK_TYPE_NAMES } from './registry';
import { TextEditTool, textEditShortcuts } from './text_edit/TextEditTool';
import { TextRankTool, textRankShortcuts } from './text_rank/TextRankTool';
import { VideoTrackTool, videoShortcuts } from './video_track/VideoTrackTool';

export const PLAYER_SHORTCUTS: Shortcut[] = [
  { keys: '?', action: 'Show or hide this help' },
  { keys: 'i', action: 'Show or hide the instructions and rules' },
  { keys: 'Ctrl+Enter', action: 'Submit' },
  ...UNDO_SHORTCUTS,
];

const TOOL_SHORTCUTS: Record<TaskType, Shortcut[]> = {
  classification: classificationShortcuts,
  image_tags: imageTagsShortcuts,
  image_bbox: bboxShortcuts,
  video_track: videoShortcuts,
  text_edit: textEditShortcuts,
  text_rank: textRankShortcuts,
};

/** The tool component of a task type. */
export function ToolFor({ type, props }: { type: TaskType; props: ToolProps<any> }) {
  switch (type) {
    case 'classification':
      return <ClassificationTool {...props} />;
    case 'image_tags':
      return <ImageTagsTool {...props} />;
    case 'image_bbox':
      return <ImageBboxTool {...props} />;
    case 'video_track':
      return <VideoTrackTool {...props} />;
    case 'text_edit':
      return <TextEditTool {...props} />;
    case 'text_rank':
      return <TextRankTool {...props} />;
    default:
      return <p class="error">This task type ({String(type)}) has no tool in this version.</p>;
  }
}

export function shortcutsFor(type: TaskType): Shortcut[] {
  return TOOL_SHORTCUTS[type] ?? [];
}

export type SaveState = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved'; at: Date } | { kind: 'failed'; message: string };

export interface PlayerProps {
  assignment: Assignment;
  media: MediaSource;
  /**
   * Saves a draft: a moment after changes settle, and at once when the page
   * is hidden or closed (`closing`: the request must outlive the page).
   */
  saveDraft: (payload: Payload, closing: boolean) => Promise<void>;
  /** Submits; a rejection's message is shown. */
  submit: (payload: Payload) => Promise<void>;
  /** The server's latest count of active seconds (a heartbeat's answer), when newer than the assignment's. */
  activeSeconds?: number;
  submitLabel?: string;
}

export function taskContext(assignment: Pick<Assignment, 'input' | 'label_schema'>): TaskContext {
  const input = assignment.input as Record<string, any>;
  const media = input.video
    ? { width: input.video.width, height: input.video.height, frames: input.video.frames.length }
    : input.image
      ? { width: input.image.width, height: input.image.height }
      : undefined;
  const responseIds = Array.isArray(input.responses) ? input.responses.map((r: { id: string }) => r.id) : undefined;
  return { schema: assignment.label_schema, media, responseIds };
}

function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return `${h ? `${h}:` : ''}${String(m).padStart(h ? 2 : 1, '0')}:${String(sec).padStart(2, '0')}`;
}

export function TaskPlayer({ assignment, media, saveDraft, submit, activeSeconds, submitLabel = 'Submit' }: PlayerProps) {
  const [payload, setPayload] = useState<Payload | null>(assignment.draft);
  const [problems, setProblems] = useState<PayloadProblem[]>([]);
  const [showHelp, setShowHelp] = useState(false);
  const [showInstructions, setShowInstructions] = useState(false);
  const [save, setSave] = useState<SaveState>({ kind: 'idle' });
  const [submitError, setSubmitError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const savedJson = useRef<string | null>(JSON.stringify(assignment.draft));
  const helpDialog = useRef<HTMLDivElement>(null);
  const ctx = taskContext(assignment);

  // Measured time on this task, shown while working (the server's count is authoritative).
  // Shown: the server's count as of its last answer, plus the seconds this
  // page has been visible since then.
  const [elapsed, setElapsed] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') setElapsed((e) => e + 1);
    }, 1000);
    return () => clearInterval(timer);
  }, []);
  useEffect(() => setElapsed(0), [activeSeconds]);

  // Autosave: 800 ms after the last change, when the payload differs from
  // what was saved; and at once when the tab is hidden or closed, so a
  // closed tab or a crash after it loses nothing.
  const latest = useRef(payload);
  latest.current = payload;
  const saveNow = (closing: boolean) => {
    const current = latest.current;
    if (!current) return;
    const json = JSON.stringify(current);
    if (json === savedJson.current) return;
    savedJson.current = json; // optimistic: a failure below re-marks it unsaved
    setSave({ kind: 'saving' });
    saveDraft(current, closing).then(
      () => setSave({ kind: 'saved', at: new Date() }),
      (e) => {
        if (savedJson.current === json) savedJson.current = null;
        setSave({ kind: 'failed', message: String(e?.message ?? e) });
      },
    );
  };
  useEffect(() => {
    const timer = setTimeout(() => saveNow(false), 800);
    return () => clearTimeout(timer);
  }, [payload]);
  useEffect(() => {
    const hidden = () => document.visibilityState === 'hidden' && saveNow(true);
    const leaving = () => saveNow(true);
    document.addEventListener('visibilitychange', hidden);
    window.addEventListener('pagehide', leaving);
    return () => {
      document.removeEventListener('visibilitychange', hidden);
      window.removeEventListener('pagehide', leaving);
      saveNow(true); // leaving the player for another page of the app
    };
  }, []);

  useEffect(() => {
    if (showHelp) helpDialog.current?.focus();
  }, [showHelp]);

  const doSubmit = async () => {
    if (!payload) return;
    const found = validatePayload(assignment.task_type, payload, ctx);
    setProblems(found);
    if (found.length) return;
    setBusy(true);
    setSubmitError(null);
    try {
      await submit(payload);
    } catch (e) {
      setSubmitError(String((e as Error)?.message ?? e));
    } finally {
      setBusy(false);
    }
  };

  useKeys((e) => {
    if (e.key === 'Escape' && (showHelp || showInstructions)) {
      setShowHelp(false);
      setShowInstructions(false);
      return true;
    }
    if (showHelp) {
      // The help is modal: the tool under it gets no keys, and Tab cycles inside it.
      e.stopImmediatePropagation();
      if (e.key === '?') setShowHelp(false);
      if (e.key !== 'Tab') return true;
      const dialog = helpDialog.current;
      const focusable = dialog ? Array.from(dialog.querySelectorAll<HTMLElement>('button, [href], [tabindex="0"]')) : [];
      if (focusable.length === 0) return true;
      const at = focusable.indexOf(document.activeElement as HTMLElement);
      const next = e.shiftKey ? (at <= 0 ? focusable.length - 1 : at - 1) : (at + 1) % focusable.length;
      focusable[next].focus();
      return true;
    }
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      doSubmit();
      return true;
    }
    if (e.ctrlKey || e.metaKey || e.altKey) return false;
    if (e.key === '?') setShowHelp((v) => !v);
    else if (e.key === 'i') setShowInstructions((v) => !v);
    else return false;
    return true;
  }, { first: true });

  const common = {
    input: assignment.input,
    schema: assignment.label_schema,
    media,
    onChange: (p: Payload) => {
      setPayload(p);
      setProblems([]);
    },
  };
  const tool = <ToolFor type={assignment.task_type} props={{ ...common, initial: assignment.draft }} />;

  return (
    <section class="player" aria-labelledby="player-title">
      <header class="player-bar">
        <h1 id="player-title">{TASK_TYPE_NAMES[assignment.task_type] ?? assignment.task_type}</h1>
        <span class="timer">
          Time on this task: {formatDuration((activeSeconds ?? assignment.active_seconds ?? 0) + elapsed)}
        </span>
        <span class="save-state" role="status">
          {save.kind === 'saving' && 'Saving draft…'}
          {save.kind === 'saved' && `Draft saved ${save.at.toLocaleTimeString()}`}
          {save.kind === 'failed' && `Draft not saved: ${save.message}`}
        </span>
        <span class="spacer" />
        <button type="button" onClick={() => setShowInstructions((v) => !v)} aria-expanded={showInstructions} aria-keyshortcuts="i">
          Instructions <kbd>i</kbd>
        </button>
        <button type="button" onClick={() => setShowHelp(true)} aria-keyshortcuts="?">
          Keys <kbd>?</kbd>
        </button>
        <button type="button" class="primary" onClick={doSubmit} disabled={busy || !payload} aria-keyshortcuts="Control+Enter">
          {submitLabel}
        </button>
      </header>
      {showInstructions && (
        <section class="instructions card" aria-labelledby="instructions-title">
          <h2 id="instructions-title">Instructions</h2>
          <Markdown source={assignment.instructions} />
          <h3>Acceptance rules (version {assignment.rules.version})</h3>
          <ol class="rules">
            {assignment.rules.clauses.map((c) => (
              <li key={c.number} value={c.number}>
                {c.text}
              </li>
            ))}
          </ol>
        </section>
      )}
      {problems.length > 0 && (
        <div class="banner banner-error" role="alert">
          <p>Not ready to submit:</p>
          <ul>
            {problems.map((p) => (
              <li key={p.pointer + p.detail}>
                <code>{p.pointer || '/'}</code>: {p.detail}
              </li>
            ))}
          </ul>
        </div>
      )}
      {submitError && (
        <div class="banner banner-error" role="alert">
          {submitError}
        </div>
      )}
      {tool}
      {showHelp && (
        <div class="overlay" onClick={() => setShowHelp(false)}>
          <div
            class="dialog"
            role="dialog"
            aria-modal="true"
            aria-labelledby="help-title"
            tabIndex={-1}
            ref={helpDialog}
            onClick={(e) => e.stopPropagation()}
          >
            <h2 id="help-title">Keyboard shortcuts</h2>
            <table class="table shortcuts">
              <tbody>
                {[...PLAYER_SHORTCUTS, ...TOOL_SHORTCUTS[assignment.task_type]].map((s) => (
                  <tr key={s.keys + s.action}>
                    <th scope="row">
                      <kbd>{s.keys}</kbd>
                    </th>
                    <td>{s.action}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <button type="button" onClick={() => setShowHelp(false)}>
              Close <kbd>Esc</kbd>
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
