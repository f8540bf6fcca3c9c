import { describe, expect, it } from 'vitest';
import { checkDecision, chooseMessage } from './decision_logic';

// The checks the shared DecisionForm runs before sending, for both of its users:
// held rejections (approve / refuse) and sanctions (confirm / refuse).
const held = (decision: string, reason: string) => checkDecision(decision, reason, ['approve', 'refuse'], chooseMessage(['approve', 'refuse']));
const sanction = (decision: string, reason: string) => checkDecision(decision, reason, ['confirm', 'refuse'], chooseMessage(['confirm', 'refuse']));

describe('decision form checks', () => {
  it('needs one of the offered decisions and a reason, each error at its pointer', () => {
    expect(held('', ' ').errors).toEqual({ '/decision': 'Choose approve or refuse.', '/reason': 'A decision says why.' });
    expect(sanction('', '').errors).toEqual({ '/decision': 'Choose confirm or refuse.', '/reason': 'A decision says why.' });
    expect(held('', '').body).toBeUndefined();
  });
  it('refuses a decision the form does not offer', () => {
    expect(held('confirm', 'a reason').errors).toEqual({ '/decision': 'Choose approve or refuse.' });
    expect(sanction('approve', 'a reason').body).toBeUndefined();
  });
  it('sends the reason trimmed', () => {
    expect(held('approve', ' clause 1 holds ')).toEqual({ errors: {}, body: { decision: 'approve', reason: 'clause 1 holds' } });
    expect(sanction('refuse', ' not enough evidence ').body).toEqual({ decision: 'refuse', reason: 'not enough evidence' });
  });
  it('takes at most 4000 characters of reason, counted after trimming', () => {
    expect(held('refuse', 'x'.repeat(4001)).errors['/reason']).toBe('At most 4000 characters.');
    expect(held('refuse', ` ${'x'.repeat(4000)} `).body?.reason).toHaveLength(4000);
  });
  it('words the choice', () => {
    expect(chooseMessage(['approve', 'refuse'])).toBe('Choose approve or refuse.');
    expect(chooseMessage(['upheld', 'denied', 'withdrawn'])).toBe('Choose upheld, denied or withdrawn.');
    expect(chooseMessage(['confirm'])).toBe('Choose confirm.');
  });
});
