// Log in and sign up.

import { useState } from 'preact/hooks';
import { useApp } from '../app';
import { ApiError } from '../api/client';
import { describedBy, ErrorBanner, Field, fieldError, Link, navigate } from '../components/ui';

export function LoginPage({ next }: { next?: string }) {
  const { api, signedIn } = useApp();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const session = await api.post<{ token: string }>('/auth/login', { email, password });
      await signedIn(session.token);
      navigate(next ?? '/');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="narrow">
      <h1>Log in</h1>
      <form onSubmit={submit} noValidate>
        <ErrorBanner error={error} />
        <Field id="login-email" label="Email" error={fieldError(error, '/email')}>
          <input
            id="login-email"
            type="email"
            autocomplete="username"
            required
            value={email}
            onInput={(e) => setEmail(e.currentTarget.value)}
            aria-describedby={describedBy('login-email', fieldError(error, '/email'))}
          />
        </Field>
        <Field id="login-password" label="Password" error={fieldError(error, '/password')}>
          <input
            id="login-password"
            type="password"
            autocomplete="current-password"
            required
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        </Field>
        <button type="submit" disabled={busy}>
          {busy ? 'Logging in…' : 'Log in'}
        </button>
      </form>
      <p>
        New here? <Link href="/signup">Create an account</Link>.
      </p>
      <details class="demo-hint">
        <summary>Demo accounts</summary>
        <p>
          With <code>scripts/run.sh</code>: <code>worker@demo.fairlabel.dev</code>,{' '}
          <code>requester@demo.fairlabel.dev</code>, <code>reviewer@</code>, <code>admin@</code>, <code>auditor@</code>,{' '}
          <code>council@</code> — password <code>demo-password</code>.
        </p>
      </details>
    </section>
  );
}

export function SignupPage() {
  const { api, signedIn } = useApp();
  const [form, setForm] = useState({
    email: '',
    display_name: '',
    password: '',
    role: 'worker' as 'worker' | 'requester',
    country: '',
    region: '',
    language: 'en',
  });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const set = (key: keyof typeof form) => (e: { currentTarget: { value: string } }) =>
    setForm({ ...form, [key]: e.currentTarget.value });

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body: Record<string, unknown> = {
        email: form.email.trim(),
        display_name: form.display_name.trim(),
        password: form.password,
        roles: [form.role],
        language: form.language.trim() || 'en',
      };
      if (form.country.trim()) body.country = form.country.trim().toUpperCase();
      if (form.region.trim()) body.region = form.region.trim();
      await api.post('/auth/signup', body);
      const session = await api.post<{ token: string }>('/auth/login', { email: body.email, password: form.password });
      await signedIn(session.token);
      navigate('/');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const err = (pointer: string) => fieldError(error, pointer);
  return (
    <section class="narrow">
      <h1>Sign up</h1>
      <form onSubmit={submit} noValidate>
        <ErrorBanner error={error instanceof ApiError && error.fieldErrors.length ? null : error} />
        <fieldset>
          <legend>I want to</legend>
          <label class="choice">
            <input type="radio" name="role" value="worker" checked={form.role === 'worker'} onChange={set('role')} />
            label data and be paid for it (worker)
          </label>
          <label class="choice">
            <input
              type="radio"
              name="role"
              value="requester"
              checked={form.role === 'requester'}
              onChange={set('role')}
            />
            post labeling projects (requester)
          </label>
        </fieldset>
        <Field id="signup-email" label="Email" error={err('/email')}>
          <input id="signup-email" type="email" autocomplete="email" value={form.email} onInput={set('email')}
            aria-describedby={describedBy('signup-email', err('/email'))} />
        </Field>
        <Field id="signup-name" label="Display name" error={err('/display_name')}>
          <input id="signup-name" autocomplete="nickname" value={form.display_name} onInput={set('display_name')}
            aria-describedby={describedBy('signup-name', err('/display_name'))} />
        </Field>
        <Field id="signup-password" label="Password" error={err('/password')} hint="At least 10 characters.">
          <input id="signup-password" type="password" autocomplete="new-password" value={form.password}
            onInput={set('password')} aria-describedby={describedBy('signup-password', err('/password'), 'hint')} />
        </Field>
        <Field
          id="signup-country"
          label={form.role === 'worker' ? 'Country (two letters, e.g. DE)' : 'Country (optional)'}
          error={err('/country')}
          hint={form.role === 'worker' ? 'It decides the minimum wage your pay is checked against.' : undefined}
        >
          <input id="signup-country" autocomplete="country" maxLength={2} value={form.country} onInput={set('country')}
            aria-describedby={describedBy('signup-country', err('/country'), form.role === 'worker' ? 'hint' : undefined)} />
        </Field>
        <Field id="signup-region" label="Region (optional, e.g. CA for California)" error={err('/region')}>
          <input id="signup-region" maxLength={6} value={form.region} onInput={set('region')} />
        </Field>
        <Field id="signup-language" label="Language" error={err('/language')}>
          <input id="signup-language" value={form.language} onInput={set('language')} />
        </Field>
        <button type="submit" disabled={busy}>
          {busy ? 'Creating account…' : 'Create account'}
        </button>
      </form>
      <p>
        Have an account? <Link href="/login">Log in</Link>.
      </p>
    </section>
  );
}
