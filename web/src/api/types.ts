// Shapes of the fairlabel API (README, docs/api-work.md) and of the task
// payloads (docs/task-types.md). The payload types here are the contract the
// task players must produce exactly.

export type Role = 'worker' | 'reviewer' | 'requester' | 'admin' | 'auditor' | 'council';
export const ROLES: Role[] = ['worker', 'reviewer', 'requester', 'admin', 'auditor', 'council'];

export interface User {
  id: number;
  email: string;
  display_name: string;
  roles: Role[];
  country: string | null;
  region: string | null;
  language: string;
  status: string;
}

export interface Organisation {
  id: number;
  name: string;
  slug: string;
  my_role: string | null;
  created_at: string;
  updated_at: string;
}

export type TaskType = 'classification' | 'image_tags' | 'image_bbox' | 'video_track' | 'text_edit' | 'text_rank';
export const TASK_TYPES: TaskType[] = [
  'classification',
  'image_tags',
  'image_bbox',
  'video_track',
  'text_edit',
  'text_rank',
];

export interface Project {
  id: number;
  org_id: number;
  name: string;
  description: string;
  instructions: string;
  task_type: TaskType;
  status: string;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

// ---- task contract (docs/task-types.md) ----

export interface LabelDef {
  name: string;
  color?: string;
}
export interface RubricCriterion {
  id: string;
  title: string;
  min: number;
  max: number;
}
export interface LabelSchema {
  labels?: LabelDef[];
  rubric?: RubricCriterion[];
}

export interface ImageRef {
  sha256: string;
  mime: string;
  width: number;
  height: number;
}
export interface VideoRef {
  fps: number;
  width: number;
  height: number;
  frames: string[];
}

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}
export interface LabeledBox extends Box {
  id: string;
  label: string;
}
export interface Keyframe extends Box {
  frame: number;
  outside: boolean;
  occluded: boolean;
}
export interface Track {
  id: string;
  label: string;
  keyframes: Keyframe[];
}

export type TaskInput =
  | { type: 'classification'; text?: string; image?: ImageRef }
  | { type: 'image_tags'; image: ImageRef }
  | { type: 'image_bbox'; image: ImageRef }
  | { type: 'video_track'; video: VideoRef }
  | { type: 'text_edit'; prompt: string; response: string }
  | { type: 'text_rank'; prompt: string; responses: { id: string; text: string }[] };

export interface ClassificationPayload {
  label: string;
}
export interface ImageTagsPayload {
  tags: string[];
}
export interface ImageBboxPayload {
  boxes: LabeledBox[];
}
export interface VideoTrackPayload {
  tracks: Track[];
}
export interface TextEditPayload {
  response: string;
  scores: Record<string, number>;
}
export interface TextRankPayload {
  ranking: string[];
  reason: string;
}
export type Payload =
  | ClassificationPayload
  | ImageTagsPayload
  | ImageBboxPayload
  | VideoTrackPayload
  | TextEditPayload
  | TextRankPayload;

export interface RuleClause {
  /** "1", "2", … (what a rejection cites). */
  number: string | number;
  text: string;
}

/** A review stage's verdict on an assignment (GET /assignments/{id}/verdicts). */
export interface Verdict {
  review_id: number;
  stage: number;
  attempt: number;
  status: string;
  verdict: 'accept' | 'accept_with_corrections' | 'redo' | 'reject' | null;
  reason_code: string | null;
  clause: string | null;
  comment: string | null;
  evidence: unknown[];
  decided_at: string | null;
}

/** An assignment as `POST /work/projects/{id}/claim` and `GET /assignments/{id}` return it. */
export interface Assignment {
  id: number;
  task_id: number;
  project_id: number;
  task_type: TaskType;
  input: Record<string, unknown>;
  label_schema: LabelSchema;
  instructions: string;
  rules: { version: number; clauses: RuleClause[] };
  /** leased and redo can be worked on; submitted, accepted, rejected, expired cannot. */
  status: string;
  lease_expires_at: string;
  active_seconds: number;
  draft: Payload | null;
  attempt?: number;
  payload?: Payload | null;
  verdicts?: Verdict[];
}

export const WORKABLE_STATUSES = ['leased', 'redo'];

/** One offer of `GET /work/projects`. */
export interface WorkOffer {
  project_id: number;
  name: string;
  task_type: TaskType;
  piece_rate_minor: number;
  currency: string;
  median_seconds: number | null;
  /** True while the median is the requester's estimate (no accepted work yet). */
  median_is_estimate?: boolean;
  open_slots?: number;
  hourly_rate_minor: number | null;
  /** The worker's local minimum wage per hour, when the server knows it. */
  local_minimum_hourly_minor?: number | null;
}

/** An amount as the money routes render it: integer minor units, the decimal text, the code. */
export interface Amount {
  minor: number;
  value: string;
  currency: string;
}

/** A ledger account (a worker's payable, a project's escrow): src/api/money_routes.cc. */
export interface LedgerAccount {
  purpose: string;
  currency: string;
  balance: Amount;
  available: Amount;
  incoming_held: Amount;
}

export interface Escrow {
  project_id: number;
  items: LedgerAccount[];
}

/** Money held back from a worker, with why and until when (src/money/). */
export interface Hold {
  hold_id: number;
  amount: Amount;
  reason: string;
  release_at: string;
  state: string;
  resolved_at?: string;
  decided_by?: number;
  decision_reason?: string;
}
