// The submission contract of docs/task-types.md checked in the browser, so
// a worker learns what is missing before submitting (the server checks the
// same rules and has the last word). Problems are JSON pointers into the
// payload with a sentence each, as the server's problem+json uses.

import type { LabelSchema, TaskType } from '../api/types';
import { isPermutation } from './text_rank/rank';

export interface PayloadProblem {
  pointer: string;
  detail: string;
}

interface FrameInfo {
  width: number;
  height: number;
  frames?: number;
}

export interface TaskContext {
  schema: LabelSchema;
  /** The image or video size, for box checks. */
  media?: FrameInfo;
  /** text_rank: the ids of the responses. */
  responseIds?: string[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function onlyKeys(value: Record<string, unknown>, allowed: string[], at: string, out: PayloadProblem[]): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) out.push({ pointer: `${at}/${key}`, detail: `unknown field "${key}"` });
  }
}

function checkBox(box: Record<string, unknown>, at: string, media: FrameInfo | undefined, out: PayloadProblem[]): void {
  for (const k of ['x', 'y', 'w', 'h']) {
    if (!isNumber(box[k])) out.push({ pointer: `${at}/${k}`, detail: `${k} must be a number` });
  }
  const { x, y, w, h } = box as { x: number; y: number; w: number; h: number };
  if (!(w > 0)) out.push({ pointer: `${at}/w`, detail: 'w must be greater than 0' });
  if (!(h > 0)) out.push({ pointer: `${at}/h`, detail: 'h must be greater than 0' });
  if (media && [x, y, w, h].every(isNumber)) {
    if (x < 0 || y < 0 || x + w > media.width || y + h > media.height) {
      out.push({ pointer: at, detail: `the box must lie inside the ${media.width}×${media.height} frame` });
    }
  }
}

function checkLabel(label: unknown, at: string, schema: LabelSchema, out: PayloadProblem[]): void {
  const names = (schema.labels ?? []).map((l) => l.name);
  if (typeof label !== 'string' || !names.includes(label)) {
    out.push({ pointer: at, detail: `the label must be one of: ${names.join(', ')}` });
  }
}

function uniqueIds(items: unknown[], at: string, out: PayloadProblem[]): void {
  const seen = new Set<unknown>();
  items.forEach((item, i) => {
    const id = isObject(item) ? item.id : undefined;
    if (typeof id !== 'string' || id === '') out.push({ pointer: `${at}/${i}/id`, detail: 'id must be a non-empty string' });
    else if (seen.has(id)) out.push({ pointer: `${at}/${i}/id`, detail: `id "${id}" is used twice` });
    seen.add(id);
  });
}

export function validatePayload(type: TaskType, payload: unknown, ctx: TaskContext): PayloadProblem[] {
  const out: PayloadProblem[] = [];
  if (!isObject(payload)) return [{ pointer: '', detail: 'the payload must be an object' }];
  switch (type) {
    case 'classification':
      onlyKeys(payload, ['label'], '', out);
      checkLabel(payload.label, '/label', ctx.schema, out);
      break;
    case 'image_tags': {
      onlyKeys(payload, ['tags'], '', out);
      const tags = payload.tags;
      if (!Array.isArray(tags)) {
        out.push({ pointer: '/tags', detail: 'tags must be a list' });
        break;
      }
      tags.forEach((t, i) => checkLabel(t, `/tags/${i}`, ctx.schema, out));
      if (new Set(tags).size !== tags.length) out.push({ pointer: '/tags', detail: 'tags must be unique' });
      break;
    }
    case 'image_bbox': {
      onlyKeys(payload, ['boxes'], '', out);
      const boxes = payload.boxes;
      if (!Array.isArray(boxes)) {
        out.push({ pointer: '/boxes', detail: 'boxes must be a list' });
        break;
      }
      uniqueIds(boxes, '/boxes', out);
      boxes.forEach((b, i) => {
        const at = `/boxes/${i}`;
        if (!isObject(b)) return out.push({ pointer: at, detail: 'a box must be an object' });
        onlyKeys(b, ['id', 'label', 'x', 'y', 'w', 'h'], at, out);
        checkLabel(b.label, `${at}/label`, ctx.schema, out);
        checkBox(b, at, ctx.media, out);
      });
      break;
    }
    case 'video_track': {
      onlyKeys(payload, ['tracks'], '', out);
      const tracks = payload.tracks;
      if (!Array.isArray(tracks)) {
        out.push({ pointer: '/tracks', detail: 'tracks must be a list' });
        break;
      }
      uniqueIds(tracks, '/tracks', out);
      tracks.forEach((t, i) => {
        const at = `/tracks/${i}`;
        if (!isObject(t)) return out.push({ pointer: at, detail: 'a track must be an object' });
        onlyKeys(t, ['id', 'label', 'keyframes'], at, out);
        checkLabel(t.label, `${at}/label`, ctx.schema, out);
        const keyframes = t.keyframes;
        if (!Array.isArray(keyframes) || keyframes.length === 0) {
          return out.push({ pointer: `${at}/keyframes`, detail: 'a track needs at least one keyframe' });
        }
        let previous = -1;
        keyframes.forEach((k, j) => {
          const kat = `${at}/keyframes/${j}`;
          if (!isObject(k)) return out.push({ pointer: kat, detail: 'a keyframe must be an object' });
          onlyKeys(k, ['frame', 'x', 'y', 'w', 'h', 'outside', 'occluded'], kat, out);
          const frame = k.frame;
          if (!Number.isInteger(frame)) out.push({ pointer: `${kat}/frame`, detail: 'frame must be an integer' });
          else if ((frame as number) <= previous) {
            out.push({ pointer: `${kat}/frame`, detail: 'keyframes must be strictly increasing in frame' });
          } else if ((frame as number) < 0 || (ctx.media?.frames !== undefined && (frame as number) >= ctx.media.frames)) {
            out.push({ pointer: `${kat}/frame`, detail: 'frame is outside the video' });
          }
          if (Number.isInteger(frame)) previous = frame as number;
          if (typeof k.outside !== 'boolean') out.push({ pointer: `${kat}/outside`, detail: 'outside must be true or false' });
          if (typeof k.occluded !== 'boolean') out.push({ pointer: `${kat}/occluded`, detail: 'occluded must be true or false' });
          checkBox(k, kat, ctx.media, out);
        });
      });
      break;
    }
    case 'text_edit': {
      onlyKeys(payload, ['response', 'scores'], '', out);
      if (typeof payload.response !== 'string') out.push({ pointer: '/response', detail: 'response must be text' });
      const scores = payload.scores;
      if (!isObject(scores)) {
        out.push({ pointer: '/scores', detail: 'scores must be an object' });
        break;
      }
      const rubric = ctx.schema.rubric ?? [];
      for (const key of Object.keys(scores)) {
        if (!rubric.some((c) => c.id === key)) out.push({ pointer: `/scores/${key}`, detail: `no criterion "${key}"` });
      }
      for (const c of rubric) {
        const v = scores[c.id];
        if (!Number.isInteger(v) || (v as number) < c.min || (v as number) > c.max) {
          out.push({ pointer: `/scores/${c.id}`, detail: `score "${c.title}" from ${c.min} to ${c.max}` });
        }
      }
      break;
    }
    case 'text_rank': {
      onlyKeys(payload, ['ranking', 'reason'], '', out);
      const ranking = payload.ranking;
      if (!Array.isArray(ranking) || !isPermutation(ranking as string[], ctx.responseIds ?? [])) {
        out.push({ pointer: '/ranking', detail: 'rank every response exactly once' });
      }
      if (typeof payload.reason !== 'string' || payload.reason.trim() === '') {
        out.push({ pointer: '/reason', detail: 'give a reason for the ranking' });
      }
      break;
    }
  }
  return out;
}
