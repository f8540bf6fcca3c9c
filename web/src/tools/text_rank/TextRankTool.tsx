// text_rank: responses in rank order, best first. Keys: ↑/↓ move the focus,
// Alt+↑/Alt+↓ move the focused response, a digit puts it at that rank.
// Mouse: drag and drop. A reason is required.

import { useEffect, useRef, useState } from 'preact/hooks';
import type { TextRankPayload } from '../../api/types';
import type { Shortcut } from '../../lib/keys';
import { selectedSpan, UndoBar, useToolHistory, type ToolProps } from '../common';
import { moveTo, toPayload } from './rank';

export const textRankShortcuts: Shortcut[] = [
  { keys: '↑ / ↓', action: 'Focus the previous / next response' },
  { keys: 'Alt+↑ / Alt+↓', action: 'Move the focused response up / down' },
  { keys: '1–9', action: 'Put the focused response at that rank' },
];

interface State {
  ranking: string[];
  reason: string;
}

export function TextRankTool({ input, initial, onChange, onFocusChange }: ToolProps<TextRankPayload>) {
  const responses = (input.responses as { id: string; text: string }[]) ?? [];
  const tool = useToolHistory<State, TextRankPayload>(
    () => ({ ranking: initial?.ranking ?? responses.map((r) => r.id), reason: initial?.reason ?? '' }),
    (s) => toPayload(s.ranking, s.reason),
    onChange,
  );
  // Items by response id (not by index: items move, and refs of moved
  // elements are re-set in an order that index slots would get wrong).
  const items = useRef(new Map<string, HTMLLIElement>());
  const focusNext = useRef<string | null>(null);
  useEffect(() => {
    if (focusNext.current) items.current.get(focusNext.current)?.focus();
    focusNext.current = null;
  });
  const focusAt = (index: number) => {
    const id = tool.state.ranking[Math.max(0, Math.min(tool.state.ranking.length - 1, index))];
    items.current.get(id)?.focus();
  };
  const [dragging, setDragging] = useState<number | null>(null);
  const [announce, setAnnounce] = useState('');
  const textOf = (id: string) => responses.find((r) => r.id === id)?.text ?? id;

  const move = (from: number, to: number) => {
    const ranking = moveTo(tool.state.ranking, from, to);
    tool.push({ ...tool.state, ranking });
    const id = tool.state.ranking[from];
    setAnnounce(`Moved to rank ${ranking.indexOf(id) + 1}`);
    focusNext.current = id;
  };

  const onKey = (index: number) => (e: KeyboardEvent) => {
    if (e.key === 'ArrowUp' && e.altKey) move(index, index - 1);
    else if (e.key === 'ArrowDown' && e.altKey) move(index, index + 1);
    else if (e.key === 'ArrowUp') focusAt(index - 1);
    else if (e.key === 'ArrowDown') focusAt(index + 1);
    else if (/^[1-9]$/.test(e.key) && !e.ctrlKey && !e.metaKey) move(index, Number(e.key) - 1);
    else return;
    e.preventDefault();
  };

  return (
    <div class="tool tool-text-rank">
      <div class="tool-media">
        <section aria-labelledby="tr-prompt">
          <h3 id="tr-prompt">Prompt</h3>
          <p class="task-text">{String(input.prompt ?? '')}</p>
        </section>
        <h3 id="tr-ranking">Ranking, best first</h3>
        <ol class="ranking" aria-labelledby="tr-ranking">
          {tool.state.ranking.map((id, index) => (
            <li
              key={id}
              ref={(el) => {
                if (el) items.current.set(id, el);
                else items.current.delete(id);
              }}
              tabIndex={0}
              draggable
              class={dragging === index ? 'rank-item dragging' : 'rank-item'}
              aria-label={`Rank ${index + 1}: ${textOf(id)}`}
              onKeyDown={onKey(index)}
              onDragStart={() => setDragging(index)}
              onDragOver={(e) => e.preventDefault()}
              onDrop={() => {
                if (dragging !== null) move(dragging, index);
                setDragging(null);
              }}
              onDragEnd={() => setDragging(null)}
            >
              <span class="rank-number" aria-hidden="true">{index + 1}</span>
              <span class="rank-text">{textOf(id)}</span>
              <span class="rank-buttons">
                <button type="button" aria-label={`Move "${textOf(id)}" up`} disabled={index === 0} onClick={() => move(index, index - 1)}>
                  ↑
                </button>
                <button type="button" aria-label={`Move "${textOf(id)}" down`} disabled={index === responses.length - 1} onClick={() => move(index, index + 1)}>
                  ↓
                </button>
              </span>
            </li>
          ))}
        </ol>
        <p class="visually-hidden" aria-live="polite">{announce}</p>
      </div>
      <aside class="tool-side">
        <label for="tr-reason">Why this order?</label>
        <textarea
          id="tr-reason"
          rows={5}
          value={tool.state.reason}
          onInput={(e) => tool.type({ ...tool.state, reason: e.currentTarget.value })}
          onSelect={(e) => {
            const el = e.currentTarget;
            const span = selectedSpan(el.value, el.selectionStart ?? 0, el.selectionEnd ?? 0);
            onFocusChange?.({ objectId: null, span: span ? { field: 'reason', ...span } : undefined });
          }}
        />
        <UndoBar {...tool} />
      </aside>
    </div>
  );
}
