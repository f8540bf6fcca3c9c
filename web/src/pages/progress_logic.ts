// The requester's progress view as pure functions over what the API returns
// (GET /projects/{id}/tasks, /assignments, /settings): counts, agreement,
// throughput buckets, cost so far, and a one-line reading of a task's
// result. Kept apart from the page so the arithmetic is unit-tested.

/** A task as GET /projects/{id}/tasks lists it. */
export interface ProjectTask {
  id: number;
  project_id: number;
  is_gold: boolean;
  /** "open" until every slot holds an accepted answer, then "complete". */
  status: string;
  result: Record<string, unknown> | null;
  confidence_ppm: number | null;
  slots: number;
  slots_taken: number;
}

/** An assignment as GET /projects/{id}/assignments lists it. */
export interface ProjectAssignment {
  id: number;
  task_id: number;
  worker_id: number;
  is_gold: boolean;
  status: string;
  attempt: number;
  claimed_at: string;
  submitted_at: string | null;
  decided_at: string | null;
}

export interface TaskSummary {
  total: number;
  complete: number;
  open: number;
  gold: number;
  /** Mean confidence of completed tasks in [0, 1]; null before any. */
  meanConfidence: number | null;
  /** Tasks that were given more slots than the project's overlap (the answers disagreed). */
  extraWorkers: number;
  /** extraWorkers over the tasks that could need them (all non-gold tasks); null without any. */
  extraWorkersShare: number | null;
}

/**
 * `overlap` is the project's normal number of answers per task; a task with
 * more slots got contested ones because its answers did not agree enough.
 */
export function summariseTasks(tasks: ProjectTask[], overlap: number): TaskSummary {
  let complete = 0;
  let gold = 0;
  let confidenceSum = 0;
  let confidenceCount = 0;
  let extraWorkers = 0;
  for (const t of tasks) {
    if (t.status === 'complete') complete += 1;
    if (t.is_gold) gold += 1;
    if (t.confidence_ppm !== null && t.status === 'complete') {
      confidenceSum += t.confidence_ppm;
      confidenceCount += 1;
    }
    if (!t.is_gold && t.slots > overlap) extraWorkers += 1;
  }
  const regular = tasks.length - gold;
  return {
    total: tasks.length,
    complete,
    open: tasks.length - complete,
    gold,
    meanConfidence: confidenceCount ? confidenceSum / confidenceCount / 1_000_000 : null,
    extraWorkers,
    extraWorkersShare: regular > 0 ? extraWorkers / regular : null,
  };
}

/** Assignments per status, in a fixed order so the page reads the same each time. */
export const ASSIGNMENT_STATUS_ORDER = ['leased', 'submitted', 'redo', 'accepted', 'rejected', 'expired'];

export function countByStatus(assignments: ProjectAssignment[]): { status: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const a of assignments) counts.set(a.status, (counts.get(a.status) ?? 0) + 1);
  const known = ASSIGNMENT_STATUS_ORDER.filter((s) => counts.has(s));
  const other = [...counts.keys()].filter((s) => !ASSIGNMENT_STATUS_ORDER.includes(s)).sort();
  return [...known, ...other].map((status) => ({ status, count: counts.get(status)! }));
}

export interface Bucket {
  /** Start of the bucket (UTC, ms since the epoch). */
  start: number;
  count: number;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * Accepted assignments per hour (when everything happened within two days)
 * or per day, from the first acceptance to the last, empty buckets
 * included so the chart's gaps are real gaps.
 */
export function throughput(assignments: ProjectAssignment[]): { unit: 'hour' | 'day'; buckets: Bucket[] } {
  const times = assignments
    .filter((a) => a.status === 'accepted' && a.decided_at)
    .map((a) => Date.parse(a.decided_at!))
    .filter((t) => Number.isFinite(t))
    .sort((x, y) => x - y);
  if (times.length === 0) return { unit: 'hour', buckets: [] };
  const unit = times[times.length - 1] - times[0] <= 2 * DAY ? 'hour' : 'day';
  const size = unit === 'hour' ? HOUR : DAY;
  const first = Math.floor(times[0] / size) * size;
  const last = Math.floor(times[times.length - 1] / size) * size;
  const buckets: Bucket[] = [];
  for (let start = first; start <= last; start += size) buckets.push({ start, count: 0 });
  for (const t of times) buckets[Math.floor((t - first) / size)].count += 1;
  return { unit, buckets };
}

/**
 * Piece pay earned by accepted work so far, in minor units: accepted
 * assignments × piece rate. Platform fees and wage-floor top-ups are not
 * in it; the escrow balance shows what is actually left.
 */
export function pieceCostMinor(assignments: ProjectAssignment[], pieceRateMinor: number): number {
  return assignments.filter((a) => a.status === 'accepted').length * pieceRateMinor;
}

/** "87 %" for 0.8712; "—" for null. Whole percent: more digits would claim a precision the counts do not have. */
export function formatPercent(share: number | null): string {
  if (share === null || !Number.isFinite(share)) return '—';
  return `${Math.round(share * 100)} %`;
}

/** "95.0 %" for 950000 ppm. */
export function formatPpm(ppm: number | null): string {
  if (ppm === null) return '—';
  return `${(ppm / 10_000).toFixed(1)} %`;
}

function clip(text: string, max = 60): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** A task's settled result in a few words: the label, the tags, how many boxes or tracks, the ranking, the chosen text. */
export function describeResult(result: Record<string, unknown> | null): string {
  if (!result) return '—';
  const { label, tags, boxes, tracks, ranking, response } = result;
  if (typeof label === 'string') return label;
  if (Array.isArray(tags)) return tags.length ? tags.join(', ') : 'no tags';
  if (Array.isArray(boxes)) return `${boxes.length} box${boxes.length === 1 ? '' : 'es'}`;
  if (Array.isArray(tracks)) return `${tracks.length} track${tracks.length === 1 ? '' : 's'}`;
  if (Array.isArray(ranking)) return ranking.join(' > ');
  if (typeof response === 'string') return clip(response);
  return clip(JSON.stringify(result));
}

/** The label under a throughput bar: "14:00" for hours, "29 Nov" for days (UTC, as the buckets are). */
export function bucketLabel(start: number, unit: 'hour' | 'day'): string {
  const d = new Date(start);
  if (unit === 'hour') return `${String(d.getUTCHours()).padStart(2, '0')}:00`;
  const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()];
  return `${d.getUTCDate()} ${month}`;
}

/** Every page of a paged list (`{items, next_cursor}`), at the server's largest page size. */
export async function fetchAll<T>(get: (path: string) => Promise<{ items: T[]; next_cursor: string | null }>, path: string): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  // A bound, so a server that kept answering with a cursor could not keep the page loading forever.
  for (let page = 0; page < 500; page++) {
    const sep = path.includes('?') ? '&' : '?';
    const answer = await get(`${path}${sep}limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    items.push(...answer.items);
    cursor = answer.next_cursor;
    if (!cursor) break;
  }
  return items;
}
