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

// ---- worker protection (src/api/protection_routes.cc) ----

/** A published dispute category and its deadlines (GET /dispute-categories). */
export interface DisputeCategory {
  name: string;
  covers: string;
  first_answer_hours: number;
  decision_hours: number;
  /** Payment and rejection disputes undecided by their deadline are decided for the worker. */
  decided_for_worker_when_late: boolean;
  /** The record it must name: "hold_id", "assignment_id", "sanction_id" or "" (none). */
  links: string;
}

export interface DisputeMessage {
  id: number;
  author_id: number;
  body: string;
  at: string;
}

export interface Dispute {
  id: number;
  worker_id: number;
  category: string;
  hold_id: number | null;
  assignment_id: number | null;
  sanction_id: number | null;
  summary: string;
  /** open, answered, decided */
  status: string;
  opened_at: string;
  answer_due_at: string;
  decision_due_at: string;
  first_answer_at: string | null;
  escalated_at: string | null;
  escalation: string | null;
  /** upheld, denied, upheld_by_deadline */
  outcome: string | null;
  /** null for a decision by deadline (the platform decided). */
  decided_by: number | null;
  decided_at: string | null;
  decision_rule: string | null;
  decision_reason: string | null;
  amount_minor: number | null;
  currency: string | null;
  transfer_id: number | null;
  messages: DisputeMessage[];
}

export type SanctionLevel = 'warning' | 'project_removal' | 'suspension' | 'deactivation';
export const SANCTION_LEVELS: SanctionLevel[] = ['warning', 'project_removal', 'suspension', 'deactivation'];

export interface Sanction {
  id: number;
  worker_id: number;
  level: SanctionLevel;
  project_id: number | null;
  reason_code: string;
  evidence: string;
  notice: string;
  language: string;
  /** proposed, interim, confirmed, refused, lapsed */
  state: string;
  immediate_basis: string | null;
  proposed_by: number;
  proposed_at: string;
  answer_due_at: string;
  lapses_at: string | null;
  worker_answer: string | null;
  answered_at: string | null;
  retaliation_flag: boolean;
  retaliation_dispute: number | null;
  approved_by: number | null;
  decided_by: number | null;
  decided_at: string | null;
  decision_reason: string | null;
}

/** A pay or standing notification (GET /me/notices); `id` is null for a pending hold's standing notice. */
export interface WorkerNotice {
  id: number | null;
  kind: string;
  subject: string;
  language: string;
  body: { message?: string; [key: string]: unknown };
  created_at: string;
}

export interface AuditEntry {
  seq: number;
  at: string;
  actor_id: number | null;
  action: string;
  subject: string;
  reason: string;
  detail: unknown;
  prev_hash: string;
  hash: string;
}

export type ChainCheck =
  | { intact: true }
  | { intact: false; first_bad_entry: number; problem: string; message: string };

/** GET /reports/transparency: figures grouped under the five Fairwork principles (src/report/transparency_report.cc). */
export interface TransparencyReport {
  from: string;
  to: string;
  principles: Record<string, Record<string, unknown> & { finding?: string }>;
}

/** One row of the report's pay by region (principles.fair_pay.by_region). */
export interface RegionPay {
  country: string;
  region: string;
  currency: string;
  workers: number;
  workers_meeting_minimum: number;
  median_hourly_minor: number | null;
  p10_hourly_minor: number | null;
  local_minimum_hourly_minor: number | null;
  minimum_basis: string;
}

// ---- platform terms, announcements, held rejections (docs/protection.md) ----

/** GET /terms: the version in force; `version` null while none was ever published. */
export interface TermsVersion {
  version: number | null;
  text: string | null;
  published_at: string | null;
  acceptance_required: boolean;
}

export interface TermsAcceptance {
  user_id: number;
  version: number;
  accepted_at: string;
}

/** GET /me/terms-acceptance */
export interface TermsStatus {
  current_version: number | null;
  accepted: TermsAcceptance | null;
  acceptance_required: boolean;
}

export type AnnouncementScope = 'project' | 'all_workers';

export interface Announcement {
  id: number;
  scope: AnnouncementScope;
  project_id: number | null;
  title: string;
  body: string;
  language: string | null;
  author_id: number;
  published_at: string;
}

/** A reviewer's rejection of a recent disputer, waiting for a second admin. */
export interface HeldRejection {
  review_id: number;
  assignment_id: number;
  project_id: number;
  worker_id: number;
  reviewer_id: number;
  reason_code: string;
  clause: string;
  comment: string | null;
  evidence: unknown;
  fraud: boolean;
  /** Why it is held: {reason, dispute_id} as the server's rejection gate gives it (app/protection_bridge.cc). */
  why_held: unknown;
  state: string;
  held_at: string;
  review_deadline_at: string;
  decided_by: number | null;
  decided_at: string | null;
  decision_reason: string | null;
}
