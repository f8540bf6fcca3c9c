// image_bbox: draw, select, move, resize, delete boxes and change their
// class, with zoom and pan. Everything the mouse does can be done from the
// keyboard too (see bboxShortcuts) and from the list of boxes.

import { useEffect, useRef, useState } from 'preact/hooks';
import type { ImageBboxPayload, ImageRef, LabeledBox } from '../../api/types';
import type { Shortcut } from '../../lib/keys';
import { useKeys } from '../../lib/keys';
import { BoxCanvas, canvasShortcuts } from '../BoxCanvas';
import { ClassPicker, UndoBar, useIdSource, useMedia, useToolHistory, type ToolProps } from '../common';
import { labelForKey } from '../image_tags/tags';
import { moveBox, nudge, toPayload } from './geometry';

export const bboxShortcuts: Shortcut[] = [
  ...canvasShortcuts,
  { keys: '1–9, 0', action: 'Choose the class (and change the selected box)' },
  { keys: 'b', action: 'New box in the middle of the picture' },
  { keys: '[ / ]', action: 'Select the previous / next box' },
  { keys: 'Arrows (Shift: ×10)', action: 'Move the selected box' },
  { keys: 'Alt+arrows', action: 'Resize the selected box' },
  { keys: 'Delete', action: 'Delete the selected box' },
  { keys: 'Escape', action: 'Deselect' },
];

export function ImageBboxTool({ input, schema, initial, media, onChange, onFocusChange }: ToolProps<ImageBboxPayload>) {
  const labels = schema.labels ?? [];
  const image = input.image as ImageRef;
  const size = { width: image.width, height: image.height };
  const { drawable, error: mediaError } = useMedia(media, image.sha256);
  const tool = useToolHistory<LabeledBox[], ImageBboxPayload>(() => initial?.boxes ?? [], toPayload, onChange);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [currentLabel, setCurrentLabel] = useState(labels[0]?.name ?? '');
  const boxes = tool.state;
  const selected = boxes.find((b) => b.id === selectedId) ?? null;
  useEffect(() => onFocusChange?.({ objectId: selectedId }), [selectedId]);

  // The selection as of the last key, not the last render (see the video tool).
  const selectedRef = useRef(selectedId);
  const select = (id: string | null) => {
    selectedRef.current = id;
    setSelectedId(id);
  };
  useEffect(() => {
    if (selectedId && !boxes.some((b) => b.id === selectedId)) select(null);
  }, [boxes]);
  const edit = (id: string, change: (b: LabeledBox) => LabeledBox, live = false) => {
    const apply = (all: LabeledBox[]) => all.map((b) => (b.id === id ? change(b) : b));
    if (live) tool.updateLive(apply);
    else tool.update(apply);
  };
  const update = (id: string, patch: Partial<LabeledBox>, live = false) => edit(id, (b) => ({ ...b, ...patch }), live);
  const freshId = useIdSource('b');
  const create = (box: { x: number; y: number; w: number; h: number }) => {
    const id = freshId(boxes.map((b) => b.id));
    tool.update((all) => [...all, { id, label: currentLabel, ...box }]);
    select(id);
  };
  const remove = (id: string) => tool.update((all) => all.filter((b) => b.id !== id));
  const pickLabel = (name: string) => {
    setCurrentLabel(name);
    const id = selectedRef.current;
    if (id) edit(id, (b) => (b.label === name ? b : { ...b, label: name }));
  };
  const cycle = (step: number) => {
    if (boxes.length === 0) return;
    const at = boxes.findIndex((b) => b.id === selectedRef.current);
    const next = at < 0 ? (step > 0 ? 0 : boxes.length - 1) : (at + step + boxes.length) % boxes.length;
    select(boxes[next].id);
  };

  useKeys((e) => {
    if (e.ctrlKey || e.metaKey) return false;
    const label = !e.altKey ? labelForKey(labels, e.key) : null;
    const id = selectedRef.current;
    if (label) pickLabel(label);
    else if (e.key === 'b') {
      const w = Math.max(1, Math.round(size.width / 5));
      const h = Math.max(1, Math.round(size.height / 5));
      create({ x: Math.round((size.width - w) / 2), y: Math.round((size.height - h) / 2), w, h });
    } else if (e.key === ']') cycle(1);
    else if (e.key === '[') cycle(-1);
    else if (e.key === 'Escape') select(null);
    else if ((e.key === 'Delete' || e.key === 'Backspace') && id) remove(id);
    else if (e.key.startsWith('Arrow') && id) {
      const step = e.shiftKey ? 10 : 1;
      const dx = e.key === 'ArrowLeft' ? -step : e.key === 'ArrowRight' ? step : 0;
      const dy = e.key === 'ArrowUp' ? -step : e.key === 'ArrowDown' ? step : 0;
      const grow = e.altKey;
      edit(id, (b) => ({ ...b, ...(grow ? nudge(b, dx, dy, true, size) : moveBox(b, dx, dy, size)) }));
    } else return false;
    return true;
  });

  return (
    <div class="tool tool-image-bbox">
      <div class="tool-media">
        {mediaError !== null && <p class="error" role="alert">The image could not be loaded.</p>}
        <BoxCanvas
          drawable={drawable}
          width={size.width}
          height={size.height}
          boxes={boxes}
          labels={labels}
          selectedId={selectedId}
          onSelect={select}
          onCreate={create}
          onEditStart={() => tool.begin()}
          onEdit={(id, box) => update(id, box, true)}
          label="The picture to box"
        />
      </div>
      <aside class="tool-side">
        <ClassPicker labels={labels} value={selected?.label ?? currentLabel} onPick={pickLabel} legend="Class" />
        <h3 id="bbox-list">Boxes ({boxes.length})</h3>
        <ul class="object-list" aria-labelledby="bbox-list">
          {boxes.map((b) => (
            <li key={b.id} class={b.id === selectedId ? 'selected' : ''}>
              <button type="button" aria-pressed={b.id === selectedId} onClick={() => select(b.id)}>
                {b.id}
              </button>
              <select aria-label={`Class of ${b.id}`} value={b.label} onChange={(e) => update(b.id, { label: e.currentTarget.value })}>
                {labels.map((l) => (
                  <option key={l.name} value={l.name}>
                    {l.name}
                  </option>
                ))}
              </select>
              <span class="muted">
                {Math.round(b.w)}×{Math.round(b.h)}
              </span>
              <button type="button" aria-label={`Delete ${b.id}`} onClick={() => remove(b.id)}>
                ✕
              </button>
            </li>
          ))}
        </ul>
        <UndoBar {...tool} />
      </aside>
    </div>
  );
}
