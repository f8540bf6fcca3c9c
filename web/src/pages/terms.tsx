// The platform terms (src/protection/terms.h). Anyone may read the version
// in force at /terms; admins publish a new version there. A worker who has
// not accepted the version in force cannot claim a task: the work page and
// the home page show the text with an "I accept version N" button
// (TermsAcceptance), which records the acceptance and lets the page go on
// (the work page retries its claim).

import { useEffect, useState } from 'preact/hooks';
import { hasRole, useApp } from '../app';
import { ApiError } from '../api/client';
import type { TermsAcceptance as Acceptance, TermsStatus, TermsVersion } from '../api/types';
import { describedBy, ErrorBanner, Field, focusSoon, Link, Notice, ProblemBanner, SubmitButton, useErrorFocus } from '../components/ui';
import { Markdown } from '../components/markdown';
import { localTime } from './earnings_logic';
import type { FormErrors } from './protection_logic';
import { checkTermsText, needsAcceptance } from './terms_logic';

export function TermsPage() {
  const { api, user } = useApp();
  const [terms, setTerms] = useState<TermsVersion | null>(null);
  const [status, setStatus] = useState<TermsStatus | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [justAccepted, setJustAccepted] = useState(false);

  // The accept button is gone once the acceptance is recorded: focus goes to the sentence that says so.
  useEffect(() => {
    if (justAccepted && status?.accepted) {
      setJustAccepted(false);
      focusSoon(() => document.getElementById('terms-accepted'));
    }
  }, [justAccepted, status]);

  const load = () => {
    api.get<TermsVersion>('/terms').then(setTerms).catch(setError);
    if (user) api.get<TermsStatus>('/me/terms-acceptance').then(setStatus).catch(() => setStatus(null));
  };
  useEffect(load, [api, user]);

  return (
    <section>
      <h1>Platform terms</h1>
      <ErrorBanner error={error} />
      {terms === null ? (
        !error && <p aria-busy="true">Loading…</p>
      ) : terms.version === null ? (
        <p>No terms have been published. Nothing needs accepting before claiming work.</p>
      ) : (
        <section class="card" aria-labelledby="terms-current">
          <h2 id="terms-current">Version {terms.version}</h2>
          <p class="muted">In force since {terms.published_at ? localTime(terms.published_at) : '—'}</p>
          <div class="terms-text">
            <Markdown source={terms.text ?? ''} />
          </div>
          {status && status.accepted && status.accepted.version === terms.version && (
            <p id="terms-accepted">
              You accepted version {terms.version} on {localTime(status.accepted.accepted_at)}.
            </p>
          )}
          {status && needsAcceptance(status) && (
            <AcceptButton
              version={terms.version}
              onAccepted={() => {
                setJustAccepted(true);
                load();
              }}
            />
          )}
        </section>
      )}
      {hasRole(user, 'admin') && <PublishTerms onPublished={(t) => setTerms(t)} />}
    </section>
  );
}

function AcceptButton({ version, onAccepted }: { version: number; onAccepted: (a: Acceptance) => void }) {
  const { api } = useApp();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const accept = async () => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      onAccepted(await api.post<Acceptance>('/me/terms-acceptance', { version }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div>
      <ProblemBanner error={error} />
      <button type="button" onClick={accept} aria-disabled={busy ? 'true' : undefined}>
        I accept version {version}
      </button>
    </div>
  );
}

/**
 * The terms in force with an accept button, shown where work needs them:
 * after a claim refused with terms_not_accepted, and on the home page.
 * `onAccepted` runs once the acceptance is recorded.
 */
export function TermsAcceptance({ reason, onAccepted }: { reason: string; onAccepted: (a: Acceptance) => void }) {
  const { api } = useApp();
  const [terms, setTerms] = useState<TermsVersion | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    api.get<TermsVersion>('/terms').then(setTerms).catch(setError);
  }, [api]);
  return (
    <section class="card terms-gate" aria-labelledby="terms-gate-title">
      <h2 id="terms-gate-title">Platform terms{terms?.version ? `, version ${terms.version}` : ''}</h2>
      <p>{reason}</p>
      <ErrorBanner error={error} />
      {terms === null ? (
        !error && <p aria-busy="true">Loading the terms…</p>
      ) : terms.version === null ? (
        <p>No terms are in force any more; try again.</p>
      ) : (
        <>
          <div class="terms-text" tabindex={0} aria-label={`Text of the terms, version ${terms.version}`}>
            <Markdown source={terms.text ?? ''} />
          </div>
          <AcceptButton version={terms.version} onAccepted={onAccepted} />
          <p class="muted">
            Work you have already done stays under the terms it was done under. <Link href="/terms">The terms page</Link>
          </p>
        </>
      )}
    </section>
  );
}

/** On the home page: the acceptance a worker still owes, if any. */
export function TermsReminder() {
  const { api, user } = useApp();
  const [status, setStatus] = useState<TermsStatus | null>(null);
  const [accepted, setAccepted] = useState<number | null>(null);
  useEffect(() => {
    if (!hasRole(user, 'worker')) return;
    api
      .get<TermsStatus>('/me/terms-acceptance')
      .then(setStatus)
      .catch(() => setStatus(null));
  }, [api, user]);
  if (accepted !== null)
    return (
      <div id="terms-reminder-done">
        <Notice>You accepted version {accepted} of the platform terms. You can claim work.</Notice>
      </div>
    );
  if (!needsAcceptance(status)) return null;
  return (
    <TermsAcceptance
      reason={`New platform terms are in force. Accept version ${status!.current_version} before claiming your next task.`}
      onAccepted={(a) => {
        setAccepted(a.version);
        focusSoon(() => document.getElementById('terms-reminder-done')); // the button is gone: focus the notice that replaced it
      }}
    />
  );
}

function PublishTerms({ onPublished }: { onPublished: (t: TermsVersion) => void }) {
  const { api } = useApp();
  const [text, setText] = useState('');
  const [errors, setErrors] = useState<FormErrors>({});
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<TermsVersion | null>(null);
  const [busy, setBusy] = useState(false);
  const fieldError = errors['/text'] ?? (error instanceof ApiError ? error.field('/text') : undefined);
  const hint = 'Markdown. Every worker is notified and must accept the new version before claiming their next task.';
  const { ref, showErrors } = useErrorFocus();
  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    setError(null);
    setDone(null);
    const checked = checkTermsText(text);
    setErrors(checked.errors);
    if (!checked.body) {
      showErrors();
      return;
    }
    setBusy(true);
    try {
      const t = await api.post<TermsVersion>('/terms', checked.body);
      setDone(t);
      setText('');
      onPublished(t);
    } catch (err) {
      setError(err);
      showErrors();
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="card" aria-labelledby="publish-terms">
      <h2 id="publish-terms">Publish a new version</h2>
      <ProblemBanner error={error} />
      {done && <Notice>Published version {done.version}.</Notice>}
      <form ref={ref} onSubmit={submit} noValidate>
        <Field id="terms-text" label="Text of the new terms" error={fieldError} hint={hint}>
          <textarea
            id="terms-text"
            rows={10}
            value={text}
            aria-describedby={describedBy('terms-text', fieldError, hint)}
            onInput={(e) => setText((e.target as HTMLTextAreaElement).value)}
          />
        </Field>
        <SubmitButton busy={busy}>Publish terms</SubmitButton>
      </form>
    </section>
  );
}
