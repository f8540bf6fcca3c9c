// The worker's skill page as pure functions: the skill estimate as the API
// gives it (GET /me/skill) and the evidence a reviewer pinned, in words.

/** One project's estimate (src/api/work_routes.cc, /me/skill). */
export interface SkillItem {
  project_id: number;
  project_name: string;
  gold_answered: number;
  gold_correct: number;
  /** gold_correct / gold_answered (0 with no gold answered). */
  accuracy: number;
  /** (correct + 1) / (answered + 2): the number routing uses. */
  estimate: number;
  /** Wilson 95 % interval of the accuracy. */
  interval_95: [number, number];
  consensus_answered: number;
  consensus_agreed: number;
  consensus_mean_agreement: number;
  how_computed: string;
}

/** "0.84" → "84 %", with one decimal under 10 % or over 90 % where whole percents hide the difference. */
export function percentText(share: number): string {
  const p = share * 100;
  const text = p > 0 && (p < 10 || p > 90) && p < 100 ? p.toFixed(1) : String(Math.round(p));
  return `${text} %`;
}

/** "7 of 8 correct (88 %)", or that there is nothing to judge yet. */
export function goldText(s: SkillItem): string {
  if (s.gold_answered === 0) return 'No gold tasks answered yet';
  return `${s.gold_correct} of ${s.gold_answered} correct (${percentText(s.accuracy)})`;
}

export function consensusText(s: SkillItem): string {
  if (s.consensus_answered === 0) return 'No completed tasks with a shared result yet';
  return `${s.consensus_agreed} of ${s.consensus_answered} answers agreed with the result; mean agreement ${percentText(
    s.consensus_mean_agreement,
  )}`;
}

/** Where one piece of evidence points, in words ("track t1 on frame 12: note"). */
export function describeEvidence(item: unknown): string {
  if (!item || typeof item !== 'object') return String(item);
  const e = item as Record<string, unknown>;
  const note = typeof e.note === 'string' && e.note ? `: ${e.note}` : '';
  switch (e.kind) {
    case 'box':
      return `box ${String(e.box_id)}${note}`;
    case 'track':
      // Frames are stored from 0; people count them from 1, as the player shows them.
      return `track ${String(e.track_id)} on frame ${Number(e.frame) + 1}${note}`;
    case 'text_span':
      return `${String(e.field)} characters ${String(e.start)}–${String(e.end)}${note}`;
    case 'task':
      return `the whole task${note}`;
    default:
      return JSON.stringify(item);
  }
}
