// A reviewer's decision as the verdict body of POST /reviews/{id}/verdict:
// which fields each verdict needs, and evidence pinned where the reviewer
// is looking (the selected box; the selected track on the current frame;
// the selected text; else the task as a whole) — docs/task-types.md "Evidence".

import type { TaskType } from '../api/types';
import type { ToolFocus } from '../tools/common';

export type VerdictKind = 'accept' | 'accept_with_corrections' | 'redo' | 'reject';

export const REASON_CODES: { code: string; label: string }[] = [
  { code: 'box_not_tight', label: 'Box or track not tight' },
  { code: 'object_missed', label: 'Object missed' },
  { code: 'wrong_label', label: 'Wrong class or label' },
  { code: 'keyframes_wrong', label: 'Keyframes or visibility wrong' },
  { code: 'text_inaccurate', label: 'Text inaccurate or incomplete' },
  { code: 'ranking_unjustified', label: 'Ranking or reason not justified' },
  { code: 'instructions_not_followed', label: 'Instructions not followed' },
  { code: 'spam', label: 'Not a genuine attempt' },
];

export type Evidence =
  | { kind: 'box'; box_id: string; note?: string }
  | { kind: 'track'; track_id: string; frame: number; note?: string }
  | { kind: 'text_span'; field: 'response' | 'reason'; start: number; end: number; note?: string }
  | { kind: 'task'; note: string };

export function evidenceFor(type: TaskType, focus: ToolFocus, note: string): Evidence[] {
  const text = note.trim();
  if ((type === 'text_edit' || type === 'text_rank') && focus.span) {
    return [{ kind: 'text_span', ...focus.span, ...(text ? { note: text } : {}) }];
  }
  if (type === 'video_track' && focus.objectId && focus.frame !== undefined) {
    return [{ kind: 'track', track_id: focus.objectId, frame: focus.frame, ...(text ? { note: text } : {}) }];
  }
  if (type === 'image_bbox' && focus.objectId) {
    return [{ kind: 'box', box_id: focus.objectId, ...(text ? { note: text } : {}) }];
  }
  return text ? [{ kind: 'task', note: text }] : [];
}

export interface Decision {
  verdict: VerdictKind;
  reasonCode: string;
  clause: string;
  comment: string;
  evidence: Evidence[];
  corrected: unknown | null;
  changed: boolean;
}

/** The request body, or what is missing (a sentence per problem). */
export function verdictBody(d: Decision): { body?: Record<string, unknown>; problems: string[] } {
  const problems: string[] = [];
  const negative = d.verdict === 'redo' || d.verdict === 'reject';
  if (negative && !d.reasonCode) problems.push('Choose a reason.');
  if (d.verdict === 'reject' && !d.clause) problems.push('A rejection must cite the rule it breaks.');
  if (negative && d.evidence.length === 0) problems.push('Pin the evidence: select the object (and frame), or write a comment.');
  if (d.verdict === 'accept_with_corrections' && !d.changed) problems.push('Correct the work in the tool first.');
  if (problems.length) return { problems };
  const body: Record<string, unknown> = { verdict: d.verdict };
  if (d.reasonCode && d.verdict !== 'accept') body.reason_code = d.reasonCode;
  if (d.clause && d.verdict !== 'accept') body.clause = d.clause;
  if (d.comment.trim()) body.comment = d.comment.trim();
  if (negative) body.evidence = d.evidence;
  if (d.verdict === 'accept_with_corrections') body.corrected_payload = d.corrected;
  return { body, problems };
}
