// text_edit: the response in an editor, a diff against the original, and
// the rubric scored with radio buttons (or keys: focus a criterion, type a digit).

import { useRef, useState } from 'preact/hooks';
import type { TextEditPayload } from '../../api/types';
import type { Shortcut } from '../../lib/keys';
import { useKeys } from '../../lib/keys';
import { selectedSpan, UndoBar, useToolHistory, type ToolProps } from '../common';
import { diffStats, diffWords } from './diff';
import { missingScores, scoreFromKey, toPayload, type Scores } from './rubric';

export const textEditShortcuts: Shortcut[] = [
  { keys: 'd', action: 'Show or hide the differences from the original' },
  { keys: 'e', action: 'Edit the response' },
  { keys: 'Digit on a focused score', action: 'Score that criterion' },
];

interface State {
  response: string;
  scores: Scores;
}

export function TextEditTool({ input, schema, initial, onChange, onFocusChange }: ToolProps<TextEditPayload>) {
  const rubric = schema.rubric ?? [];
  const original = String(input.response ?? '');
  const tool = useToolHistory<State, TextEditPayload>(
    () => ({ response: initial?.response ?? original, scores: { ...(initial?.scores ?? {}) } }),
    (s) => toPayload(s.response, rubric, s.scores),
    onChange,
  );
  const [showDiff, setShowDiff] = useState(false);
  const editor = useRef<HTMLTextAreaElement>(null);

  useKeys((e) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return false;
    if (e.key === 'd') setShowDiff((v) => !v);
    else if (e.key === 'e') {
      setShowDiff(false);
      setTimeout(() => editor.current?.focus());
    } else return false;
    return true;
  });

  const onType = (text: string) => tool.type({ ...tool.state, response: text });
  const setScore = (id: string, value: number) => tool.push({ ...tool.state, scores: { ...tool.state.scores, [id]: value } });
  const parts = showDiff ? diffWords(original, tool.state.response) : [];
  const stats = diffStats(showDiff ? parts : diffWords(original, tool.state.response));
  const missing = missingScores(rubric, tool.state.scores);

  return (
    <div class="tool tool-text-edit">
      <div class="tool-media">
        <section aria-labelledby="te-prompt">
          <h3 id="te-prompt">Prompt</h3>
          <p class="task-text">{String(input.prompt ?? '')}</p>
        </section>
        <section aria-labelledby="te-response">
          <h3 id="te-response">
            Response <span class="muted">(+{stats.added} −{stats.removed} words)</span>
          </h3>
          <p>
            <label class="choice">
              <input type="checkbox" checked={showDiff} onChange={(e) => setShowDiff(e.currentTarget.checked)} /> Show
              differences from the original <kbd>d</kbd>
            </label>
          </p>
          {showDiff ? (
            <p class="diff" aria-label="Differences from the original">
              {parts.map((p, i) =>
                p.kind === 'same' ? (
                  <span key={i}>{p.text}</span>
                ) : p.kind === 'added' ? (
                  <ins key={i}>{p.text}</ins>
                ) : (
                  <del key={i}>{p.text}</del>
                ),
              )}
            </p>
          ) : (
            <textarea
              ref={editor}
              class="editor"
              aria-labelledby="te-response"
              rows={10}
              value={tool.state.response}
              onInput={(e) => onType(e.currentTarget.value)}
              onSelect={(e) => {
                const el = e.currentTarget;
                const span = selectedSpan(el.value, el.selectionStart ?? 0, el.selectionEnd ?? 0);
                onFocusChange?.({ objectId: null, span: span ? { field: 'response', ...span } : undefined });
              }}
            />
          )}
        </section>
      </div>
      <aside class="tool-side">
        {rubric.map((c) => (
          <fieldset
            key={c.id}
            class="rubric"
            onKeyDown={(e) => {
              const v = scoreFromKey(c, e.key);
              if (v !== null) {
                setScore(c.id, v);
                e.preventDefault();
              }
            }}
          >
            <legend>
              {c.title} <span class="muted">({c.min}–{c.max})</span>
            </legend>
            {Array.from({ length: c.max - c.min + 1 }, (_, k) => c.min + k).map((v) => (
              <label key={v} class="score">
                <input type="radio" name={`score-${c.id}`} value={v} checked={tool.state.scores[c.id] === v} onChange={() => setScore(c.id, v)} />
                {v}
              </label>
            ))}
          </fieldset>
        ))}
        {missing.length > 0 && <p class="muted">Still to score: {missing.map((id) => rubric.find((c) => c.id === id)?.title).join(', ')}</p>}
        <UndoBar {...tool} />
      </aside>
    </div>
  );
}
