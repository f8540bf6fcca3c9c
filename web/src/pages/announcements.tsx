// Announcements (src/protection/announcements.h). Workers read the ones
// that reach them (all-workers ones and those of projects they worked on
// or are offered), newest first; the newest also heads their notices
// page. Admins, requesters and the worker council post one: admins to
// all workers or a project's workers, the council to all workers,
// requesters to the workers of one of their organisations' projects.

import { useEffect, useState } from 'preact/hooks';
import { hasRole, useApp } from '../app';
import { ApiError } from '../api/client';
import type { Announcement, AnnouncementScope, Organisation, Page, Project } from '../api/types';
import { describedBy, ErrorBanner, Field, Notice, ProblemBanner, SubmitButton, useErrorFocus } from '../components/ui';
import { localTime } from './earnings_logic';
import type { FormErrors } from './protection_logic';
import { allowedScopes, checkAnnouncementForm, newestAnnouncements, SCOPE_NAMES, type AnnouncementForm } from './terms_logic';

export function AnnouncementCard({ a, headingLevel = 2 }: { a: Announcement; headingLevel?: 2 | 3 }) {
  const H = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <article class="card announcement" lang={a.language ?? undefined} aria-labelledby={`announcement-${a.id}`}>
      <H id={`announcement-${a.id}`}>{a.title}</H>
      <p class="muted">
        {localTime(a.published_at)} · {a.scope === 'project' ? `project ${a.project_id}` : 'to all workers'}
      </p>
      <p class="pre">{a.body}</p>
    </article>
  );
}

/** The newest announcement for the worker, for the notices page (nothing when there is none). */
export function LatestAnnouncement() {
  const { api } = useApp();
  const [latest, setLatest] = useState<Announcement | null>(null);
  useEffect(() => {
    api
      .get<{ items: Announcement[] }>('/me/announcements?limit=20')
      .then((r) => setLatest(newestAnnouncements(r.items)[0] ?? null))
      .catch(() => setLatest(null));
  }, [api]);
  if (!latest) return null;
  return (
    <section aria-labelledby="latest-announcement">
      <h2 id="latest-announcement">Latest announcement</h2>
      <AnnouncementCard a={latest} headingLevel={3} />
    </section>
  );
}

export function AnnouncementsPage() {
  const { api, user } = useApp();
  const [items, setItems] = useState<Announcement[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const scopes = user ? allowedScopes(user.roles) : [];
  const reads = hasRole(user, 'worker');

  useEffect(() => {
    if (!reads) return;
    api
      .get<{ items: Announcement[] }>('/me/announcements?limit=100')
      .then((r) => setItems(newestAnnouncements(r.items)))
      .catch(setError);
  }, [api, reads]);

  return (
    <section>
      <h1>Announcements</h1>
      {scopes.length > 0 && <PostAnnouncement scopes={scopes} />}
      {reads && (
        <section aria-labelledby="my-announcements">
          <h2 id="my-announcements">For you, newest first</h2>
          <ErrorBanner error={error} />
          {items === null ? (
            !error && <p aria-busy="true">Loading…</p>
          ) : items.length === 0 ? (
            <p>No announcements.</p>
          ) : (
            items.map((a) => <AnnouncementCard key={a.id} a={a} headingLevel={3} />)
          )}
        </section>
      )}
    </section>
  );
}

const EMPTY: AnnouncementForm = { scope: '', projectId: '', title: '', body: '', language: '' };

/** The projects a requester may announce to: those of their organisations (admins type an id). */
function useOwnProjects(enabled: boolean): Project[] | null {
  const { api } = useApp();
  const [projects, setProjects] = useState<Project[] | null>(null);
  useEffect(() => {
    if (!enabled) return;
    (async () => {
      const orgs = await api.get<Page<Organisation>>('/orgs?limit=100');
      const all: Project[] = [];
      for (const org of orgs.items) all.push(...(await api.get<Page<Project>>(`/orgs/${org.id}/projects?limit=100`)).items);
      setProjects(all);
    })().catch(() => setProjects([]));
  }, [api, enabled]);
  return projects;
}

function PostAnnouncement({ scopes }: { scopes: AnnouncementScope[] }) {
  const { api, user } = useApp();
  const isAdmin = hasRole(user, 'admin');
  const [form, setForm] = useState<AnnouncementForm>({ ...EMPTY, scope: scopes.length === 1 ? scopes[0] : '' });
  const [errors, setErrors] = useState<FormErrors>({});
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<Announcement | null>(null);
  const [busy, setBusy] = useState(false);
  const projects = useOwnProjects(scopes.includes('project') && !isAdmin);
  const fieldError = (pointer: string) => errors[pointer] ?? (error instanceof ApiError ? error.field(pointer) : undefined);
  const set = (key: keyof AnnouncementForm) => (e: Event) => setForm({ ...form, [key]: (e.target as HTMLInputElement).value });
  const { ref, showErrors } = useErrorFocus();

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    setError(null);
    setDone(null);
    const checked = checkAnnouncementForm(form, scopes);
    setErrors(checked.errors);
    if (!checked.body) {
      showErrors();
      return;
    }
    setBusy(true);
    try {
      const a = await api.post<Announcement>('/announcements', checked.body);
      setDone(a);
      setForm({ ...EMPTY, scope: form.scope });
    } catch (err) {
      setError(err);
      showErrors();
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="card" aria-labelledby="post-announcement">
      <h2 id="post-announcement">Post an announcement</h2>
      <ProblemBanner error={error} />
      {done && <Notice>Published "{done.title}" ({SCOPE_NAMES[done.scope].toLowerCase()}).</Notice>}
      <form ref={ref} onSubmit={submit} noValidate>
        <fieldset aria-describedby={fieldError('/scope') ? 'announcement-scope-error' : undefined}>
          <legend>Who is it for?</legend>
          {scopes.map((s) => (
            <label key={s}>
              <input type="radio" name="announcement-scope" value={s} checked={form.scope === s} onChange={() => setForm({ ...form, scope: s })} />{' '}
              {SCOPE_NAMES[s]}{' '}
            </label>
          ))}
          {fieldError('/scope') && (
            <small id="announcement-scope-error" class="error" role="alert">
              {fieldError('/scope')}
            </small>
          )}
        </fieldset>
        {form.scope === 'project' &&
          (isAdmin ? (
            <Field id="announcement-project" label="Project id" error={fieldError('/project_id')}>
              <input id="announcement-project" inputMode="numeric" value={form.projectId} aria-describedby={describedBy('announcement-project', fieldError('/project_id'))} onInput={set('projectId')} />
            </Field>
          ) : (
            <Field id="announcement-project" label="Project" error={fieldError('/project_id')}>
              <select id="announcement-project" value={form.projectId} aria-describedby={describedBy('announcement-project', fieldError('/project_id'))} onChange={set('projectId')}>
                <option value="">{projects === null ? 'Loading your projects…' : projects.length === 0 ? 'You have no projects' : 'Choose…'}</option>
                {(projects ?? []).map((p) => (
                  <option key={p.id} value={String(p.id)}>
                    {p.name} (#{p.id})
                  </option>
                ))}
              </select>
            </Field>
          ))}
        <Field id="announcement-title" label="Title" error={fieldError('/title')}>
          <input id="announcement-title" maxLength={200} value={form.title} aria-describedby={describedBy('announcement-title', fieldError('/title'))} onInput={set('title')} />
        </Field>
        <Field id="announcement-body" label="Announcement" error={fieldError('/body')}>
          <textarea id="announcement-body" rows={5} value={form.body} aria-describedby={describedBy('announcement-body', fieldError('/body'))} onInput={set('body')} />
        </Field>
        <Field id="announcement-language" label="Language of the text (optional)" error={fieldError('/language')} hint='A tag such as "en" or "fil".'>
          <input id="announcement-language" value={form.language} aria-describedby={describedBy('announcement-language', fieldError('/language'), 'hint')} onInput={set('language')} />
        </Field>
        <SubmitButton busy={busy}>Publish announcement</SubmitButton>
      </form>
    </section>
  );
}
