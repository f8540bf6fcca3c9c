// video_track: the frame canvas with play/pause/step/scrub, one timeline
// per object with its keyframes, boxes interpolated live between keyframes
// (interpolate.ts), outside/occluded toggles and classes. Moving or
// resizing a box makes a keyframe on the current frame.

import { useEffect, useRef, useState } from 'preact/hooks';
import type { Box, Track, VideoRef, VideoTrackPayload } from '../../api/types';
import type { Shortcut } from '../../lib/keys';
import { useKeys } from '../../lib/keys';
import { BoxCanvas, canvasShortcuts, type CanvasBox } from '../BoxCanvas';
import { ClassPicker, labelColor, UndoBar, useIdSource, useToolHistory, type ToolProps } from '../common';
import { labelForKey } from '../image_tags/tags';
import type { Drawable } from '../media';
import { boxAt, visibleSpans } from './interpolate';
import {
  addKeyframe,
  clampToFrame,
  deleteKeyframe,
  newTrack,
  nextKeyframe,
  previousKeyframe,
  replaceTrack,
  setBox,
  setLabel,
  toggleOccluded,
  toggleOutside,
  toPayload,
} from './tracks';

export const videoShortcuts: Shortcut[] = [
  { keys: 'Space', action: 'Play / pause' },
  { keys: '← / → (Shift: ×10)', action: 'Previous / next frame' },
  { keys: 'Home / End', action: 'First / last frame' },
  { keys: '[ / ]', action: 'Jump to the previous / next keyframe of the selected object' },
  { keys: 't / Shift+t', action: 'Select the next / previous object' },
  { keys: 'b', action: 'New object on this frame' },
  { keys: 'k', action: 'Make this frame a keyframe' },
  { keys: 'Delete', action: 'Delete the keyframe on this frame (the object, with Shift)' },
  { keys: 'o', action: 'Toggle outside (leaves the picture) from this frame' },
  { keys: 'u', action: 'Toggle occluded from this frame' },
  { keys: 'w / a / s / d (Shift: ×10)', action: 'Move the selected box (makes a keyframe)' },
  { keys: '1–9, 0', action: 'Choose the class (and change the selected object)' },
  ...canvasShortcuts,
];

const PREFETCH = 24;

export function VideoTrackTool({ input, schema, initial, media, onChange, onFocusChange }: ToolProps<VideoTrackPayload>) {
  const labels = schema.labels ?? [];
  const video = input.video as VideoRef;
  const frameCount = video.frames.length;
  const size = { width: video.width, height: video.height };
  const tool = useToolHistory<Track[], VideoTrackPayload>(() => initial?.tracks ?? [], toPayload, onChange);
  const tracks = tool.state;
  const [frame, setFrame] = useState(0);
  const [frameError, setFrameError] = useState(false);
  const [playing, setPlaying] = useState(false);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [currentLabel, setCurrentLabel] = useState(labels[0]?.name ?? '');
  const [drawable, setDrawable] = useState<Drawable | null>(null);
  const selected = tracks.find((t) => t.id === selectedId) ?? null;
  useEffect(() => onFocusChange?.({ objectId: selectedId, frame }), [selectedId, frame]);

  // Show the frame as soon as it is decoded (keeping the last one meanwhile), and prefetch ahead.
  useEffect(() => {
    let live = true;
    media.load(video.frames[frame]).then(
      (d) => {
        if (!live) return;
        setDrawable(d);
        setFrameError(false);
      },
      () => live && setFrameError(true),
    );
    for (let f = frame + 1; f < Math.min(frameCount, frame + PREFETCH); f++) media.load(video.frames[f]).catch(() => undefined);
    return () => {
      live = false;
    };
  }, [frame, media]);

  // The frame and the selection as of the last key, not the last render:
  // keys held down or typed fast must each apply to where the previous one left.
  const frameRef = useRef(frame);
  const selectedRef = useRef(selectedId);
  const seek = (f: number) => {
    frameRef.current = Math.max(0, Math.min(frameCount - 1, Math.round(f)));
    setFrame(frameRef.current);
  };
  const select = (id: string | null) => {
    selectedRef.current = id;
    setSelectedId(id);
  };

  // Playback at the video's fps.
  useEffect(() => {
    if (!playing) return;
    const timer = setInterval(() => {
      if (frameRef.current >= frameCount - 1) setPlaying(false);
      else seek(frameRef.current + 1);
    }, 1000 / Math.max(1, video.fps));
    return () => clearInterval(timer);
  }, [playing]);

  const editTrack = (id: string, change: (t: Track) => Track | null, live = false) => {
    const edit = (all: Track[]) => {
      const track = all.find((t) => t.id === id);
      return track ? replaceTrack(all, id, change(track)) : all;
    };
    if (live) tool.updateLive(edit);
    else tool.update(edit);
  };
  // A deleted object cannot stay selected.
  useEffect(() => {
    if (selectedId && !tracks.some((t) => t.id === selectedId)) select(null);
  }, [tracks]);
  const freshId = useIdSource('t');
  const create = (box: Box) => {
    const track = { ...newTrack([], currentLabel, frameRef.current, clampToFrame(box, size)), id: freshId(tracks.map((t) => t.id)) };
    tool.update((all) => [...all, track]);
    select(track.id);
  };
  const pickLabel = (name: string) => {
    setCurrentLabel(name);
    const id = selectedRef.current;
    if (id) editTrack(id, (t) => (t.label === name ? t : setLabel(t, name)));
  };
  const cycle = (step: number) => {
    if (!tracks.length) return;
    const at = tracks.findIndex((t) => t.id === selectedRef.current);
    const next = at < 0 ? (step > 0 ? 0 : tracks.length - 1) : (at + step + tracks.length) % tracks.length;
    select(tracks[next].id);
  };

  useKeys((e) => {
    if (e.ctrlKey || e.metaKey) return false;
    const label = !e.altKey ? labelForKey(labels, e.key) : null;
    const key = e.key;
    const at = frameRef.current;
    const id = selectedRef.current;
    if (label) pickLabel(label);
    else if (key === ' ') setPlaying((p) => !p);
    else if (key === 'ArrowRight') seek(at + (e.shiftKey ? 10 : 1));
    else if (key === 'ArrowLeft') seek(at - (e.shiftKey ? 10 : 1));
    else if (key === 'Home') seek(0);
    else if (key === 'End') seek(frameCount - 1);
    else if (key === 't' || key === 'T') cycle(e.shiftKey ? -1 : 1);
    else if (key === 'b') {
      const w = Math.round(size.width / 6);
      const h = Math.round(size.height / 4);
      create({ x: Math.round((size.width - w) / 2), y: Math.round((size.height - h) / 2), w, h });
    } else if (key === 'Escape') select(null);
    else if (!id) return false;
    else if (key === ']' || key === '[') {
      const track = tracks.find((t) => t.id === id);
      const f = track ? (key === ']' ? nextKeyframe(track, at) : previousKeyframe(track, at)) : null;
      if (f !== null) seek(f);
    } else if (key === 'k') editTrack(id, (t) => addKeyframe(t, at));
    else if (key === 'Delete' || key === 'Backspace') editTrack(id, (t) => (e.shiftKey ? null : deleteKeyframe(t, at)));
    else if (key === 'o') editTrack(id, (t) => toggleOutside(t, at));
    else if (key === 'u') editTrack(id, (t) => toggleOccluded(t, at));
    else if ('wasdWASD'.includes(key) && key.length === 1) {
      const step = e.shiftKey ? 10 : 1;
      const k = key.toLowerCase();
      const dx = k === 'a' ? -step : k === 'd' ? step : 0;
      const dy = k === 'w' ? -step : k === 's' ? step : 0;
      editTrack(id, (t) => {
        const here = boxAt(t, at);
        return here ? setBox(t, at, clampToFrame({ x: here.x + dx, y: here.y + dy, w: here.w, h: here.h }, size)) : t;
      });
    } else return false;
    return true;
  });

  const canvasBoxes: CanvasBox[] = [];
  for (const t of tracks) {
    const b = boxAt(t, frame);
    if (b) canvasBoxes.push({ id: t.id, label: t.label, x: b.x, y: b.y, w: b.w, h: b.h, dashed: b.occluded, keyframe: b.keyframe });
  }
  const selectedBox = selected ? boxAt(selected, frame) : null;
  const selectedKeyframe = selected?.keyframes.find((k) => k.frame === frame);

  return (
    <div class="tool tool-video-track">
      <div class="tool-media">
        <BoxCanvas
          drawable={drawable}
          width={size.width}
          height={size.height}
          boxes={canvasBoxes}
          labels={labels}
          selectedId={selectedId}
          onSelect={select}
          onCreate={create}
          onEditStart={() => tool.begin()}
          onEdit={(id, box) => editTrack(id, (t) => setBox(t, frame, box), true)}
          label={`Frame ${frame + 1} of ${frameCount}`}
        />
        {frameError && <p class="error" role="alert">Frame {frame + 1} could not be loaded; the last frame shown stays in view.</p>}
        <div class="transport" role="group" aria-label="Playback">
          <button type="button" onClick={() => setPlaying((p) => !p)} aria-keyshortcuts="Space">
            {playing ? 'Pause' : 'Play'}
          </button>
          <button type="button" onClick={() => seek(frame - 1)} aria-label="Previous frame">
            ◀
          </button>
          <button type="button" onClick={() => seek(frame + 1)} aria-label="Next frame">
            ▶
          </button>
          <input
            type="range"
            class="scrubber"
            min={0}
            max={frameCount - 1}
            value={frame}
            aria-label="Frame"
            aria-valuetext={`Frame ${frame + 1} of ${frameCount}`}
            onInput={(e) => seek(Number(e.currentTarget.value))}
          />
          <output class="frame-number" aria-live="off">
            {frame + 1} / {frameCount}
          </output>
        </div>
        <div class="timelines" aria-label="Object timelines">
          {tracks.map((t) => (
            <div key={t.id} class={t.id === selectedId ? 'timeline selected' : 'timeline'}>
              <button type="button" class="timeline-name" aria-pressed={t.id === selectedId} onClick={() => select(t.id)}>
                <span class="swatch" style={{ background: labelColor(labels, t.label) }} aria-hidden="true" />
                {t.id} {t.label}
              </button>
              <div
                class="timeline-bar"
                onPointerDown={(e) => {
                  const r = (e.currentTarget as HTMLElement).getBoundingClientRect();
                  seek(((e.clientX - r.left) / r.width) * frameCount);
                }}
              >
                {visibleSpans(t, frameCount).map(([a, b]) => (
                  <span
                    key={a}
                    class="span"
                    style={{ left: `${(a / frameCount) * 100}%`, width: `${((b - a) / frameCount) * 100}%`, background: labelColor(labels, t.label) }}
                  />
                ))}
                {t.keyframes.map((k) => (
                  <button
                    key={k.frame}
                    type="button"
                    class={k.outside ? 'keyframe outside' : 'keyframe'}
                    style={{ left: `${((k.frame + 0.5) / frameCount) * 100}%` }}
                    aria-label={`${t.id} keyframe at frame ${k.frame + 1}${k.outside ? ' (outside)' : ''}${k.occluded ? ' (occluded)' : ''}: jump`}
                    onPointerDown={(e) => e.stopPropagation()}
                    onClick={() => {
                      select(t.id);
                      seek(k.frame);
                    }}
                  />
                ))}
                <span class="playhead" style={{ left: `${((frame + 0.5) / frameCount) * 100}%` }} aria-hidden="true" />
              </div>
            </div>
          ))}
        </div>
      </div>
      <aside class="tool-side">
        <ClassPicker labels={labels} value={selected?.label ?? currentLabel} onPick={pickLabel} legend="Class" />
        {selected ? (
          <section aria-labelledby="vt-selected">
            <h3 id="vt-selected">
              {selected.id} · {selected.label}
            </h3>
            <p class="muted">
              {selectedBox
                ? `${selectedKeyframe ? 'Keyframe' : 'Interpolated'}: x ${selectedBox.x.toFixed(1)}, y ${selectedBox.y.toFixed(1)}, ${selectedBox.w.toFixed(1)}×${selectedBox.h.toFixed(1)}`
                : 'Not visible on this frame'}
            </p>
            <div class="button-row">
              <button type="button" onClick={() => editTrack(selected.id, (t) => addKeyframe(t, frame))} disabled={!!selectedKeyframe}>
                Set keyframe <kbd>k</kbd>
              </button>
              <button type="button" onClick={() => editTrack(selected.id, (t) => deleteKeyframe(t, frame))} disabled={!selectedKeyframe}>
                Delete keyframe
              </button>
              <button type="button" onClick={() => { const f = previousKeyframe(selected, frame); if (f !== null) seek(f); }}>
                ◆ Previous <kbd>[</kbd>
              </button>
              <button type="button" onClick={() => { const f = nextKeyframe(selected, frame); if (f !== null) seek(f); }}>
                Next ◆ <kbd>]</kbd>
              </button>
            </div>
            <label class="choice">
              <input type="checkbox" checked={selectedBox === null} onChange={() => editTrack(selected.id, (t) => toggleOutside(t, frame))} />
              Outside from this frame <kbd>o</kbd>
            </label>
            <label class="choice">
              <input type="checkbox" checked={selectedBox?.occluded ?? false} disabled={selectedBox === null}
                onChange={() => editTrack(selected.id, (t) => toggleOccluded(t, frame))} />
              Occluded from this frame <kbd>u</kbd>
            </label>
            <button type="button" onClick={() => editTrack(selected.id, () => null)}>
              Delete object
            </button>
          </section>
        ) : (
          <p class="muted">Draw a box on the frame (or press <kbd>b</kbd>) to start an object; select one from its timeline.</p>
        )}
        <UndoBar {...tool} />
      </aside>
    </div>
  );
}
