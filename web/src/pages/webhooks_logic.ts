// Webhooks of a project (README § Webhooks): the shapes the API returns and
// how the card words a subscription and a line of its delivery log.

import { localTime } from './earnings_logic';

export const WEBHOOK_EVENTS = [
  { id: 'task.completed', label: 'Task completed (its result is final)' },
  { id: 'batch.completed', label: 'Batch completed (every task of the project)' },
  { id: 'payout.sent', label: 'Payout sent (workers paid for work on the project)' },
] as const;

export interface Webhook {
  id: number;
  project_id: number;
  url: string;
  events: string[];
  active: boolean;
  description: string;
  created_at: string;
  updated_at: string;
  /** Only in the answers to the creation and to a rotation, once. */
  secret?: string;
  /** After a rotation: until when the replaced secret still signs beside the new one. */
  previous_secret_until?: string | null;
}

export interface WebhookDelivery {
  id: number;
  webhook_id: number;
  event_id: string;
  event_type: string;
  state: 'pending' | 'sending' | 'delivered' | 'failed';
  attempts: number;
  max_attempts: number;
  created_at: string;
  next_attempt_at: string | null;
  last_attempt_at: string | null;
  last_status: number | null;
  last_error: string | null;
  delivered_at: string | null;
}

export function webhooksPath(projectId: number, webhookId?: number): string {
  return `/projects/${projectId}/webhooks` + (webhookId === undefined ? '' : `/${webhookId}`);
}

/** What the last attempt met: "HTTP 500", a network error, or nothing yet. */
function lastOutcome(d: WebhookDelivery): string {
  if (d.last_status !== null && d.last_status !== undefined) {
    return d.last_error ? d.last_error : `HTTP ${d.last_status}`;
  }
  return d.last_error ?? 'no answer';
}

function attemptsText(n: number): string {
  return n === 1 ? '1 attempt' : `${n} attempts`;
}

/** One line of the delivery log, in words, with the times in the reader's locale. */
export function deliverySummary(d: WebhookDelivery, time: (rfc3339: string) => string = localTime): string {
  switch (d.state) {
    case 'delivered':
      return `Delivered${d.last_status ? ` (HTTP ${d.last_status})` : ''} after ${attemptsText(d.attempts)}` +
        (d.delivered_at ? `, ${time(d.delivered_at)}` : '');
    case 'failed':
      return `Failed after ${attemptsText(d.attempts)}: ${lastOutcome(d)}`;
    case 'sending':
      return `Sending (attempt ${d.attempts} of ${d.max_attempts})`;
    default:
      if (d.attempts === 0) return `Queued${d.next_attempt_at ? `, due ${time(d.next_attempt_at)}` : ''}`;
      return `Attempt ${d.attempts} of ${d.max_attempts} failed (${lastOutcome(d)}); next ` +
        (d.next_attempt_at ? time(d.next_attempt_at) : 'soon');
  }
}

/** The events a webhook receives, as a short list ("task.completed, payout.sent"). */
export function eventsText(w: Pick<Webhook, 'events' | 'active'>): string {
  return w.events.join(', ') + (w.active ? '' : ' — paused');
}

/**
 * While a rotated-out secret still signs beside the new one, when it stops
 * ("" when there is none, or it has stopped).
 */
export function previousSecretText(
  w: Pick<Webhook, 'previous_secret_until'>,
  now: number = Date.now(),
  time: (rfc3339: string) => string = localTime,
): string {
  const until = w.previous_secret_until;
  if (!until || Date.parse(until) <= now) return '';
  return `the previous secret also signs until ${time(until)}`;
}

/** Only failed deliveries may be sent again (the server says 409 otherwise). */
export const canRedeliver = (d: WebhookDelivery) => d.state === 'failed';
