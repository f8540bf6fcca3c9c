// What the earnings page says about ledger lines and holds: the reason
// codes of the money routes (src/money/: transfer reasons, hold states) in
// words, and which currencies to show statements for. Pure, so it is
// unit-tested without a server.

import type { LedgerAccount } from '../api/types';

const LINE_TYPES: Record<string, string> = {
  piece_rate: 'Pay for accepted work',
  rejection_time_pay: 'Pay for the time on rejected work',
  floor_topup: 'Top-up to your local minimum wage',
  payout: 'Paid out',
  payout_returned: 'Payout returned',
  hold_release: 'Held pay released',
};

/** The kind of a statement line in words; unknown codes are shown as they are. */
export function lineTypeName(type: string): string {
  return LINE_TYPES[type] ?? type.replace(/_/g, ' ');
}

const HOLD_STATES: Record<string, string> = {
  pending: 'held',
  posted: 'released to your balance',
  voided: 'not paid',
};

export function holdStateName(state: string): string {
  return HOLD_STATES[state] ?? state;
}

/**
 * The currencies to show statements for: those of the worker's accounts,
 * in the order given, without repeats; the fallback when there are none
 * yet (a new worker still sees an empty statement).
 */
export function statementCurrencies(accounts: LedgerAccount[], fallback = 'USD'): string[] {
  const seen: string[] = [];
  for (const a of accounts) if (!seen.includes(a.currency)) seen.push(a.currency);
  return seen.length ? seen : [fallback];
}

/** `2026-11-29T04:12:00Z` as a date and time in the reader's locale (the text itself if unparsable). */
export function localTime(rfc3339: string): string {
  const t = Date.parse(rfc3339);
  return Number.isNaN(t) ? rfc3339 : new Date(t).toLocaleString();
}
