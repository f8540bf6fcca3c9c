// Admin: people. Create an account with any roles (POST /users: reviewers,
// auditors and council cannot sign themselves up), look one up by id
// (GET /users/{id}) and grant a further role (POST /users/{id}/roles).
// The server enforces that only admins may; the page is only linked for
// them. Errors appear at their fields from the problem's JSON pointers.

import { useState } from 'preact/hooks';
import { useApp } from '../app';
import { ROLES, type Role, type User } from '../api/types';
import { describedBy, ErrorBanner, Field, fieldError, Notice, SubmitButton, useErrorFocus } from '../components/ui';

const EMPTY = { email: '', display_name: '', password: '', country: '', region: '', roles: ['worker'] as Role[] };

/** The body of POST /users: optional location fields only when filled in (the server checks their format). */
export function newUserBody(form: typeof EMPTY): Record<string, unknown> {
  const body: Record<string, unknown> = {
    email: form.email.trim(),
    display_name: form.display_name.trim(),
    password: form.password,
    roles: form.roles,
  };
  if (form.country.trim()) body.country = form.country.trim().toUpperCase();
  if (form.region.trim()) body.region = form.region.trim().toUpperCase();
  return body;
}

function UserFacts({ user }: { user: User }) {
  return (
    <dl class="facts" aria-label={`User ${user.id}`}>
      <dt>Id</dt>
      <dd>{user.id}</dd>
      <dt>Name</dt>
      <dd>{user.display_name}</dd>
      <dt>Email</dt>
      <dd>{user.email}</dd>
      <dt>Roles</dt>
      <dd>{user.roles.join(', ')}</dd>
      <dt>Country / region</dt>
      <dd>
        {user.country ?? '—'} / {user.region ?? '—'}
      </dd>
      <dt>Status</dt>
      <dd>{user.status}</dd>
    </dl>
  );
}

export function UsersPage() {
  const { api } = useApp();
  const [form, setForm] = useState(EMPTY);
  const [createError, setCreateError] = useState<unknown>(null);
  const [created, setCreated] = useState<User | null>(null);
  const [busy, setBusy] = useState(false);

  const [lookupId, setLookupId] = useState('');
  const [lookupError, setLookupError] = useState<unknown>(null);
  const [found, setFound] = useState<User | null>(null);
  const [grant, setGrant] = useState<Role>('reviewer');
  const [grantError, setGrantError] = useState<unknown>(null);
  const [granted, setGranted] = useState(false);

  const create = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    setCreateError(null);
    setCreated(null);
    setBusy(true);
    try {
      const user = await api.post<User>('/users', newUserBody(form));
      setCreated(user);
      setForm(EMPTY);
    } catch (err) {
      setCreateError(err);
      createFocus.showErrors();
    } finally {
      setBusy(false);
    }
  };

  const toggleRole = (role: Role, on: boolean) =>
    setForm({ ...form, roles: on ? [...form.roles, role] : form.roles.filter((r) => r !== role) });

  const createFocus = useErrorFocus();
  const lookupFocus = useErrorFocus();

  const lookup = async (e: Event) => {
    e.preventDefault();
    setLookupError(null);
    setFound(null);
    setGranted(false);
    setGrantError(null);
    const id = lookupId.trim();
    if (!/^[1-9][0-9]*$/.test(id)) {
      setLookupError('A user id is a whole number above zero.');
      lookupFocus.showErrors();
      return;
    }
    try {
      setFound(await api.get<User>(`/users/${id}`));
    } catch (err) {
      setLookupError(err);
    }
  };

  const addRole = async (e: Event) => {
    e.preventDefault();
    if (!found) return;
    setGrantError(null);
    setGranted(false);
    try {
      setFound(await api.post<User>(`/users/${found.id}/roles`, { role: grant }));
      setGranted(true);
    } catch (err) {
      setGrantError(err);
    }
  };

  const rolesError = fieldError(createError, '/roles') ?? ROLES.map((_, i) => fieldError(createError, `/roles/${i}`)).find(Boolean);

  return (
    <section>
      <h1>Users</h1>

      <section class="card" aria-labelledby="new-user">
        <h2 id="new-user">New user</h2>
        <form ref={createFocus.ref} onSubmit={create} noValidate>
          <ErrorBanner error={createError} />
          {created && (
            <Notice>
              Created user {created.id}, {created.display_name} ({created.roles.join(', ')}).
            </Notice>
          )}
          <Field id="user-email" label="Email" error={fieldError(createError, '/email')}>
            <input id="user-email" type="email" autoComplete="off" value={form.email}
              aria-describedby={describedBy('user-email', fieldError(createError, '/email'))}
              onInput={(e) => setForm({ ...form, email: e.currentTarget.value })} />
          </Field>
          <Field id="user-name" label="Display name" error={fieldError(createError, '/display_name')}>
            <input id="user-name" value={form.display_name}
              aria-describedby={describedBy('user-name', fieldError(createError, '/display_name'))}
              onInput={(e) => setForm({ ...form, display_name: e.currentTarget.value })} />
          </Field>
          <Field id="user-password" label="Initial password" hint="Tell the person to change it; at least the server's minimum length."
            error={fieldError(createError, '/password')}>
            <input id="user-password" type="password" autoComplete="new-password" value={form.password}
              aria-describedby={describedBy('user-password', fieldError(createError, '/password'), 'hint')}
              onInput={(e) => setForm({ ...form, password: e.currentTarget.value })} />
          </Field>
          <Field id="user-country" label="Country (ISO code; required for workers)" error={fieldError(createError, '/country')}>
            <input id="user-country" maxLength={2} value={form.country}
              aria-describedby={describedBy('user-country', fieldError(createError, '/country'))}
              onInput={(e) => setForm({ ...form, country: e.currentTarget.value })} />
          </Field>
          <Field id="user-region" label="Region (ISO 3166-2 subdivision, optional)" error={fieldError(createError, '/region')}>
            <input id="user-region" maxLength={6} value={form.region}
              aria-describedby={describedBy('user-region', fieldError(createError, '/region'))}
              onInput={(e) => setForm({ ...form, region: e.currentTarget.value })} />
          </Field>
          <fieldset class={rolesError ? 'field-error' : undefined} aria-describedby={rolesError ? 'user-roles-error' : undefined}>
            <legend>Roles</legend>
            {ROLES.map((role) => (
              <label class="choice" key={role}>
                <input type="checkbox" checked={form.roles.includes(role)}
                  onChange={(e) => toggleRole(role, e.currentTarget.checked)} /> {role}
              </label>
            ))}
            {rolesError && (
              <small id="user-roles-error" class="error" role="alert">
                {rolesError}
              </small>
            )}
          </fieldset>
          <SubmitButton busy={busy}>Create user</SubmitButton>
        </form>
      </section>

      <section class="card" aria-labelledby="find-user">
        <h2 id="find-user">Look up a user</h2>
        <form ref={lookupFocus.ref} onSubmit={lookup} noValidate>
          <Field id="lookup-id" label="User id" error={typeof lookupError === 'string' ? lookupError : undefined}>
            <input id="lookup-id" inputMode="numeric" value={lookupId}
              aria-describedby={describedBy('lookup-id', typeof lookupError === 'string' ? lookupError : undefined)}
              onInput={(e) => setLookupId(e.currentTarget.value)} />
          </Field>
          {typeof lookupError !== 'string' && <ErrorBanner error={lookupError} />}
          <button type="submit">Look up</button>
        </form>
        {found && (
          <>
            <UserFacts user={found} />
            <form onSubmit={addRole} noValidate>
              <ErrorBanner error={grantError} />
              {granted && <Notice>Role {grant} granted.</Notice>}
              <Field id="grant-role" label={`Add a role to ${found.display_name}`} error={fieldError(grantError, '/role')}>
                <select id="grant-role" value={grant} aria-describedby={describedBy('grant-role', fieldError(grantError, '/role'))} onChange={(e) => setGrant(e.currentTarget.value as Role)}>
                  {ROLES.map((r) => (
                    <option key={r} value={r}>
                      {r}
                    </option>
                  ))}
                </select>
              </Field>
              <button type="submit">Add role</button>
            </form>
          </>
        )}
      </section>
    </section>
  );
}
