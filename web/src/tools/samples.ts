// Practice assignments, one per task type, in exactly the shape the work
// API returns (docs/api-work.md), with procedurally drawn media
// (tools/scene.ts). They run in the browser only: nothing is submitted.

import type { Assignment, LabelSchema, TaskType } from '../api/types';
import { sampleId } from './scene';

const STREET_LABELS: LabelSchema = {
  labels: [
    { name: 'pedestrian', color: '#e6194b' },
    { name: 'car', color: '#4363d8' },
    { name: 'palm tree', color: '#3cb44b' },
  ],
};

const RULES = {
  version: 1,
  clauses: [
    { number: 1, text: 'Label every object of a listed class that is at least partly visible.' },
    { number: 2, text: 'Boxes fit tightly around the visible part of the object.' },
    { number: 3, text: 'When unsure, follow the instructions; if still unsure, choose the closest class.' },
  ],
};

function image(seed: number, width: number, height: number) {
  return { sha256: sampleId(seed, 0, width, height), mime: 'image/png', width, height };
}

function base(id: number, task_type: TaskType, input: Record<string, unknown>, label_schema: LabelSchema, instructions: string): Assignment {
  return {
    id,
    task_id: id,
    project_id: 0,
    task_type,
    input,
    label_schema,
    instructions,
    rules: RULES,
    status: 'practice',
    lease_expires_at: '',
    active_seconds: 0,
    draft: null,
  };
}

export function sampleAssignment(type: TaskType): Assignment {
  switch (type) {
    case 'classification':
      return base(1, type, { image: image(11, 960, 540), text: 'What is the most prominent object class in this street scene?' },
        STREET_LABELS, '# Classify\nChoose the **one** class that best describes the picture.');
    case 'image_tags':
      return base(2, type, { image: image(12, 960, 540) }, STREET_LABELS,
        '# Tag\nTick every class that appears in the picture. None is a valid answer.');
    case 'image_bbox':
      return base(3, type, { image: image(13, 1280, 720) }, STREET_LABELS,
        '# Boxes\n1. Draw a box around every pedestrian, car and palm tree.\n2. Pick the class before drawing, or change it after.');
    case 'video_track':
      return base(4, type, {
        video: { fps: 10, width: 1280, height: 720, frames: Array.from({ length: 120 }, (_, f) => sampleId(14, f, 1280, 720)) },
      }, STREET_LABELS,
        '# Tracks\n1. Follow each object through the clip: set keyframes where it changes course.\n2. Mark it **outside** when it leaves the picture, **occluded** when hidden behind something.');
    case 'text_edit':
      return base(5, type, {
        prompt: 'Explain in two sentences why the sky is blue.',
        response: 'The sky is blue because the ocean reflects it. Sunlight is scattered by air molecules, and blue light is scattered most.',
      }, {
        rubric: [
          { id: 'accuracy', title: 'Factually accurate', min: 1, max: 5 },
          { id: 'clarity', title: 'Clear and concise', min: 1, max: 5 },
        ],
      }, '# Edit\nCorrect factual errors and keep the answer short, then score the **original** response.');
    case 'text_rank':
      return base(6, type, {
        prompt: 'Suggest a name for a bakery that sells only sourdough.',
        responses: [
          { id: 'r1', text: 'The Rising Crust' },
          { id: 'r2', text: 'Bread Shop' },
          { id: 'r3', text: 'Wild Yeast & Co.' },
        ],
      }, {}, '# Rank\nRank the answers from best to worst, then say why in a sentence.');
  }
}
