// A word-level diff of the original response against the worker's edit,
// for the diff view. Tokens are runs of word characters, runs of spaces,
// and single other characters, so punctuation edits show precisely.
// Longest common subsequence over the tokens after trimming the common
// prefix and suffix (edits are usually local, so the table stays small);
// beyond MAX_CELLS the middle is shown as one removal and one insertion
// rather than stalling the page.

export type DiffKind = 'same' | 'added' | 'removed';
export interface DiffPart {
  kind: DiffKind;
  text: string;
}

export const MAX_CELLS = 4_000_000;

export function tokenize(text: string): string[] {
  return text.match(/[\p{L}\p{N}_]+|\s+|[^\p{L}\p{N}_\s]/gu) ?? [];
}

function pushPart(parts: DiffPart[], kind: DiffKind, text: string): void {
  if (!text) return;
  const last = parts[parts.length - 1];
  if (last && last.kind === kind) last.text += text;
  else parts.push({ kind, text });
}

export function diffWords(before: string, after: string): DiffPart[] {
  const a = tokenize(before);
  const b = tokenize(after);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const parts: DiffPart[] = [];
  pushPart(parts, 'same', a.slice(0, start).join(''));
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  const n = midA.length;
  const m = midB.length;
  if ((n + 1) * (m + 1) > MAX_CELLS) {
    pushPart(parts, 'removed', midA.join(''));
    pushPart(parts, 'added', midB.join(''));
  } else {
    // lcs[i][j] = LCS length of midA[i..] and midB[j..], row-major in one array.
    const width = m + 1;
    const lcs = new Uint32Array((n + 1) * width);
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        lcs[i * width + j] =
          midA[i] === midB[j]
            ? lcs[(i + 1) * width + j + 1] + 1
            : Math.max(lcs[(i + 1) * width + j], lcs[i * width + j + 1]);
      }
    }
    let i = 0;
    let j = 0;
    while (i < n && j < m) {
      if (midA[i] === midB[j]) {
        pushPart(parts, 'same', midA[i]);
        i++;
        j++;
      } else if (lcs[(i + 1) * width + j] >= lcs[i * width + j + 1]) {
        pushPart(parts, 'removed', midA[i++]);
      } else {
        pushPart(parts, 'added', midB[j++]);
      }
    }
    while (i < n) pushPart(parts, 'removed', midA[i++]);
    while (j < m) pushPart(parts, 'added', midB[j++]);
  }
  pushPart(parts, 'same', a.slice(endA).join(''));
  return parts;
}

/** Counts of changed words, for the summary line ("+3 −1 words"). */
export function diffStats(parts: readonly DiffPart[]): { added: number; removed: number } {
  const words = (text: string) => (text.match(/[\p{L}\p{N}_]+/gu) ?? []).length;
  let added = 0;
  let removed = 0;
  for (const p of parts) {
    if (p.kind === 'added') added += words(p.text);
    if (p.kind === 'removed') removed += words(p.text);
  }
  return { added, removed };
}
