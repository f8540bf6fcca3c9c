import { describe, expect, it } from 'vitest';
import {
  canRedeliver,
  deliverySummary,
  eventsText,
  previousSecretText,
  webhooksPath,
  type WebhookDelivery,
} from './webhooks_logic';

const base: WebhookDelivery = {
  id: 3,
  webhook_id: 1,
  event_id: 'evt_1',
  event_type: 'task.completed',
  state: 'pending',
  attempts: 0,
  max_attempts: 7,
  created_at: '2026-11-29T12:00:00.000Z',
  next_attempt_at: '2026-11-29T12:00:00.000Z',
  last_attempt_at: null,
  last_status: null,
  last_error: null,
  delivered_at: null,
};
const at = (t: string) => t.slice(11, 16);

describe('webhook secret rotation', () => {
  it('says until when the previous secret signs, only while it does', () => {
    const until = '2026-11-30T12:00:00Z';
    const before = Date.parse('2026-11-30T11:00:00Z');
    const after = Date.parse('2026-11-30T12:00:01Z');
    expect(previousSecretText({ previous_secret_until: until }, before, (t) => `<${t}>`)).toBe(
      'the previous secret also signs until <2026-11-30T12:00:00Z>',
    );
    expect(previousSecretText({ previous_secret_until: until }, after)).toBe('');
    expect(previousSecretText({ previous_secret_until: null }, before)).toBe('');
    expect(previousSecretText({}, before)).toBe('');
  });
});

describe('webhook delivery log', () => {
  it('words each state of a delivery', () => {
    expect(deliverySummary(base, at)).toBe('Queued, due 12:00');
    expect(
      deliverySummary({ ...base, attempts: 2, last_status: 500, last_error: 'HTTP 500: busy', next_attempt_at: '2026-11-29T12:06:00.000Z' }, at),
    ).toBe('Attempt 2 of 7 failed (HTTP 500: busy); next 12:06');
    expect(deliverySummary({ ...base, attempts: 1, last_error: 'connect: Connection refused' }, at)).toBe(
      'Attempt 1 of 7 failed (connect: Connection refused); next 12:00',
    );
    expect(deliverySummary({ ...base, state: 'sending', attempts: 3, next_attempt_at: null }, at)).toBe(
      'Sending (attempt 3 of 7)',
    );
    expect(
      deliverySummary({ ...base, state: 'delivered', attempts: 1, last_status: 204, delivered_at: '2026-11-29T12:00:01.000Z', next_attempt_at: null }, at),
    ).toBe('Delivered (HTTP 204) after 1 attempt, 12:00');
    expect(
      deliverySummary({ ...base, state: 'failed', attempts: 7, last_error: 'timed out (read the answer)', next_attempt_at: null }, at),
    ).toBe('Failed after 7 attempts: timed out (read the answer)');
  });

  it('offers redelivery only for failed deliveries', () => {
    expect(canRedeliver({ ...base, state: 'failed' })).toBe(true);
    expect(canRedeliver(base)).toBe(false);
    expect(canRedeliver({ ...base, state: 'delivered' })).toBe(false);
  });

  it('builds paths and lists events', () => {
    expect(webhooksPath(7)).toBe('/projects/7/webhooks');
    expect(webhooksPath(7, 2)).toBe('/projects/7/webhooks/2');
    expect(eventsText({ events: ['task.completed', 'payout.sent'], active: true })).toBe('task.completed, payout.sent');
    expect(eventsText({ events: ['batch.completed'], active: false })).toBe('batch.completed — paused');
  });
});
