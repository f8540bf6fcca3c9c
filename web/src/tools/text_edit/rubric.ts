// The rubric scores of a text_edit submission: every criterion of the
// schema's rubric, an integer in [min, max] (docs/task-types.md).

import type { RubricCriterion, TextEditPayload } from '../../api/types';

export type Scores = Record<string, number | undefined>;

/** The ids of criteria without a valid score, in rubric order. */
export function missingScores(rubric: readonly RubricCriterion[], scores: Scores): string[] {
  return rubric
    .filter((c) => {
      const v = scores[c.id];
      return v === undefined || !Number.isInteger(v) || v < c.min || v > c.max;
    })
    .map((c) => c.id);
}

/** Scores a criterion by key: digits 1-9 and 0 (as 10), clamped to the criterion's scale; null when out of scale. */
export function scoreFromKey(criterion: RubricCriterion, key: string): number | null {
  if (!/^[0-9]$/.test(key)) return null;
  const value = key === '0' ? 10 : Number(key);
  return value >= criterion.min && value <= criterion.max ? value : null;
}

export function toPayload(response: string, rubric: readonly RubricCriterion[], scores: Scores): TextEditPayload {
  const out: Record<string, number> = {};
  for (const c of rubric) {
    const v = scores[c.id];
    if (v !== undefined) out[c.id] = v;
  }
  return { response, scores: out };
}
