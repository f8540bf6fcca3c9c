// The checks of a decision form (components/decision_form.tsx): one of the
// offered decisions, and a reason of at most 4000 characters, trimmed —
// what POST /held-rejections/{id}/decision and /sanctions/{id}/decision
// both take. Errors are keyed by JSON pointer, as the server's are.

export const DECISION_REASON_MAX = 4000;

export interface DecisionBody {
  decision: string;
  reason: string;
}

/**
 * The body to send, or why it cannot be sent: `decision` must be one of
 * `allowed` (else `chooseMessage`), the reason must say something and fit.
 */
export function checkDecision(
  decision: string,
  reason: string,
  allowed: readonly string[],
  chooseMessage: string,
): { errors: Record<string, string>; body?: DecisionBody } {
  const errors: Record<string, string> = {};
  if (!allowed.includes(decision)) errors['/decision'] = chooseMessage;
  const text = reason.trim();
  if (!text) errors['/reason'] = 'A decision says why.';
  else if (text.length > DECISION_REASON_MAX) errors['/reason'] = `At most ${DECISION_REASON_MAX} characters.`;
  if (Object.keys(errors).length) return { errors };
  return { errors, body: { decision, reason: text } };
}

/** "Choose approve or refuse.": the message when none of the decisions is chosen. */
export function chooseMessage(values: readonly string[]): string {
  if (values.length <= 1) return `Choose ${values[0] ?? 'a decision'}.`;
  return `Choose ${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}.`;
}
