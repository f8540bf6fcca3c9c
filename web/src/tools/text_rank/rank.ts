// Ranking responses, best first: moves by keys (or drag), and the payload
// `{ ranking: [ids, best first], reason }` (a permutation of the
// responses' ids; a non-empty reason).

import type { TextRankPayload } from '../../api/types';

/** Moves the item at `from` to `to` (both clamped into the list). */
export function moveTo<T>(list: readonly T[], from: number, to: number): T[] {
  const out = [...list];
  if (from < 0 || from >= out.length) return out;
  const target = Math.max(0, Math.min(out.length - 1, to));
  const [item] = out.splice(from, 1);
  out.splice(target, 0, item);
  return out;
}

export const moveUp = <T>(list: readonly T[], index: number) => moveTo(list, index, index - 1);
export const moveDown = <T>(list: readonly T[], index: number) => moveTo(list, index, index + 1);

/** Whether `ranking` is a permutation of `ids`. */
export function isPermutation(ranking: readonly string[], ids: readonly string[]): boolean {
  if (ranking.length !== ids.length) return false;
  const want = new Set(ids);
  const seen = new Set<string>();
  for (const id of ranking) {
    if (!want.has(id) || seen.has(id)) return false;
    seen.add(id);
  }
  return true;
}

export function toPayload(ranking: readonly string[], reason: string): TextRankPayload {
  return { ranking: [...ranking], reason: reason.trim() };
}
