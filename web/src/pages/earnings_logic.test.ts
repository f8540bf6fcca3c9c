import { describe, expect, it } from 'vitest';
import type { LedgerAccount } from '../api/types';
import { holdStateName, lineTypeName, localTime, statementCurrencies } from './earnings_logic';

const account = (currency: string): LedgerAccount => {
  const zero = { minor: 0, value: '0.00', currency };
  return { purpose: 'payable', currency, balance: zero, available: zero, incoming_held: zero };
};

describe('earnings wording', () => {
  it('names known line types and keeps unknown ones readable', () => {
    expect(lineTypeName('piece_rate')).toBe('Pay for accepted work');
    expect(lineTypeName('floor_topup')).toBe('Top-up to your local minimum wage');
    expect(lineTypeName('some_new_reason')).toBe('some new reason');
  });
  it('names hold states', () => {
    expect(holdStateName('pending')).toBe('held');
    expect(holdStateName('voided')).toBe('not paid');
    expect(holdStateName('other')).toBe('other');
  });
  it('lists each account currency once, or the fallback', () => {
    expect(statementCurrencies([account('EUR'), account('USD'), account('EUR')])).toEqual(['EUR', 'USD']);
    expect(statementCurrencies([], 'PHP')).toEqual(['PHP']);
  });
  it('keeps an unparsable time as it is', () => {
    expect(localTime('not a time')).toBe('not a time');
    expect(localTime('2026-11-29T04:12:00Z')).not.toBe('2026-11-29T04:12:00Z');
  });
});
