// One decision on a record, with a reason: the form an admin uses on a held
// rejection (approve / refuse) and on a sanction (confirm / refuse). Radios
// for the decision, a reason, the checks of decision_logic.ts before
// sending, then the server's answer: its refusal (with its problem code) in
// the form, each field's error at the field, and focus on the first field
// in error. On success `onDecided` gets the server's record.

import { Fragment } from 'preact';
import { useState } from 'preact/hooks';
import { ApiError } from '../api/client';
import { checkDecision, chooseMessage, DECISION_REASON_MAX, type DecisionBody } from './decision_logic';
import { describedBy, Field, ProblemBanner, SubmitButton, useErrorFocus } from './ui';

export interface DecisionChoice {
  value: string;
  label: string;
}

export interface DecisionFormProps<T> {
  /** The radios' name; their error is `${name}-error`. */
  name: string;
  /** The reason textarea's id. */
  reasonId: string;
  /** The form's accessible name, e.g. "Decide sanction 4". */
  label: string;
  choices: DecisionChoice[];
  submitLabel: string;
  send: (body: DecisionBody) => Promise<T>;
  onDecided: (result: T) => void;
}

export function DecisionForm<T>({ name, reasonId, label, choices, submitLabel, send, onDecided }: DecisionFormProps<T>) {
  const [decision, setDecision] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const { ref, showErrors } = useErrorFocus();
  const fieldError = (pointer: string) => errors[pointer] ?? (error instanceof ApiError ? error.field(pointer) : undefined);
  const values = choices.map((c) => c.value);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    setError(null);
    const checked = checkDecision(decision, reason, values, chooseMessage(values));
    setErrors(checked.errors);
    if (!checked.body) {
      showErrors();
      return;
    }
    setBusy(true);
    try {
      onDecided(await send(checked.body));
    } catch (err) {
      setError(err);
      showErrors();
    } finally {
      setBusy(false);
    }
  };

  return (
    <form ref={ref} onSubmit={submit} noValidate aria-label={label}>
      <ProblemBanner error={error} />
      <fieldset aria-describedby={fieldError('/decision') ? `${name}-error` : undefined}>
        <legend>Decision</legend>
        {choices.map((c, i) => (
          <Fragment key={c.value}>
            {i > 0 && ' '}
            <label>
              <input type="radio" name={name} value={c.value} checked={decision === c.value} onChange={() => setDecision(c.value)} /> {c.label}
            </label>
          </Fragment>
        ))}
        {fieldError('/decision') && (
          <small id={`${name}-error`} class="error" role="alert">
            {fieldError('/decision')}
          </small>
        )}
      </fieldset>
      <Field id={reasonId} label="Reason for the decision" error={fieldError('/reason')}>
        <textarea
          id={reasonId}
          rows={3}
          maxLength={DECISION_REASON_MAX}
          value={reason}
          aria-describedby={describedBy(reasonId, fieldError('/reason'))}
          onInput={(e) => setReason((e.target as HTMLTextAreaElement).value)}
        />
      </Field>
      <SubmitButton busy={busy}>{submitLabel}</SubmitButton>
    </form>
  );
}
