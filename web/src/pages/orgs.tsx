// Organisations: the list (paginated), creating one, and one
// organisation's page with its name and projects.

import { useEffect, useState } from 'preact/hooks';
import { hasRole, readsOnly, useApp } from '../app';
import type { Organisation, Page, Project, TaskType } from '../api/types';
import { TASK_TYPES } from '../api/types';
import { ErrorBanner, Field, fieldError, Link, navigate, Notice } from '../components/ui';
import { TASK_TYPE_NAMES } from '../tools/registry';

/** Items of a paginated list with "Load more". */
function usePaged<T>(path: string | null, deps: unknown[] = []) {
  const { api } = useApp();
  const [items, setItems] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const load = async (after: string | null) => {
    if (!path) return;
    setLoading(true);
    try {
      const sep = path.includes('?') ? '&' : '?';
      const page = await api.get<Page<T>>(after ? `${path}${sep}cursor=${encodeURIComponent(after)}` : path);
      setItems((old) => (after ? [...old, ...page.items] : page.items));
      setCursor(page.next_cursor);
      setError(null);
    } catch (e) {
      setError(e);
    } finally {
      setLoading(false);
    }
  };
  useEffect(() => {
    load(null);
  }, [path, ...deps]);
  return { items, setItems, cursor, error, loading, more: () => load(cursor) };
}

export function OrgList({ limit }: { limit?: number }) {
  const { items, cursor, error, loading, more } = usePaged<Organisation>(`/orgs${limit ? `?limit=${limit}` : ''}`);
  if (error) return <ErrorBanner error={error} />;
  if (loading && items.length === 0) return <p aria-busy="true">Loading organisations…</p>;
  if (items.length === 0) return <p>No organisations yet.</p>;
  return (
    <>
      <ul class="list" aria-label="Organisations">
        {items.map((org) => (
          <li key={org.id}>
            <Link href={`/orgs/${org.id}`}>{org.name}</Link> <span class="muted">/{org.slug}</span>
            {org.my_role && <span class="tag">{org.my_role}</span>}
          </li>
        ))}
      </ul>
      {cursor && !limit && (
        <button type="button" onClick={more} disabled={loading}>
          Load more
        </button>
      )}
    </>
  );
}

export function slugify(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/g, '');
}

export function OrgsPage() {
  const { api, user } = useApp();
  const [name, setName] = useState('');
  const [slug, setSlug] = useState('');
  const [slugEdited, setSlugEdited] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const create = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const org = await api.post<Organisation>('/orgs', { name: name.trim(), slug: slug.trim() });
      navigate(`/orgs/${org.id}`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section>
      <h1>Organisations</h1>
      <OrgList />
      {hasRole(user, 'requester', 'admin') && (
        <section class="card" aria-labelledby="new-org">
          <h2 id="new-org">New organisation</h2>
          <form onSubmit={create} noValidate>
            <ErrorBanner error={error} />
            <Field id="org-name" label="Name" error={fieldError(error, '/name')}>
              <input
                id="org-name"
                value={name}
                onInput={(e) => {
                  setName(e.currentTarget.value);
                  if (!slugEdited) setSlug(slugify(e.currentTarget.value));
                }}
              />
            </Field>
            <Field
              id="org-slug"
              label="Short name (for links)"
              hint="Lowercase letters, digits and dashes."
              error={fieldError(error, '/slug')}
            >
              <input
                id="org-slug"
                value={slug}
                onInput={(e) => {
                  setSlug(e.currentTarget.value);
                  setSlugEdited(true);
                }}
              />
            </Field>
            <button type="submit" disabled={busy}>
              Create organisation
            </button>
          </form>
        </section>
      )}
    </section>
  );
}

export function OrgPage({ orgId }: { orgId: number }) {
  const { api, user } = useApp();
  const [org, setOrg] = useState<Organisation | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [newName, setNewName] = useState('');
  const [renameError, setRenameError] = useState<unknown>(null);
  const [renamed, setRenamed] = useState(false);
  const projects = usePaged<Project>(`/orgs/${orgId}/projects`, [orgId]);
  const [project, setProject] = useState({ name: '', task_type: 'image_bbox' as TaskType, description: '', instructions: '' });
  const [projectError, setProjectError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api
      .get<Organisation>(`/orgs/${orgId}`)
      .then((o) => {
        setOrg(o);
        setNewName(o.name);
      })
      .catch(setLoadError);
  }, [orgId]);

  if (loadError) return (<section><h1>Organisation</h1><ErrorBanner error={loadError} /></section>);
  if (!org) return <p aria-busy="true">Loading…</p>;

  const rename = async (e: Event) => {
    e.preventDefault();
    setRenameError(null);
    setRenamed(false);
    try {
      const updated = await api.patch<Organisation>(`/orgs/${orgId}`, { name: newName.trim() });
      setOrg(updated);
      setRenamed(true);
    } catch (err) {
      setRenameError(err);
    }
  };

  const createProject = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setProjectError(null);
    try {
      const created = await api.post<Project>(`/orgs/${orgId}/projects`, {
        ...project,
        name: project.name.trim(),
      });
      navigate(`/projects/${created.id}`);
    } catch (err) {
      setProjectError(err);
    } finally {
      setBusy(false);
    }
  };

  const isOwner = org.my_role === 'owner';
  return (
    <section>
      <p class="crumbs">
        <Link href="/orgs">Organisations</Link> /
      </p>
      <h1>{org.name}</h1>
      <p class="muted">
        /{org.slug}
        {org.my_role && <> · you are {org.my_role === 'owner' ? 'an owner' : 'a member'}</>}
      </p>

      <section class="card" aria-labelledby="org-projects">
        <h2 id="org-projects">Projects</h2>
        {projects.error ? <ErrorBanner error={projects.error} /> : null}
        {projects.items.length === 0 && !projects.loading ? <p>No projects yet.</p> : null}
        <table class="table">
          <caption class="visually-hidden">Projects of {org.name}</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Task type</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {projects.items.map((p) => (
              <tr key={p.id}>
                <td>
                  <Link href={`/projects/${p.id}`} id={`project-link-${p.id}`}>
                    {p.name}
                  </Link>{' '}
                  {/* Named "Progress", described by the project's name: its own name stays unique to the project link. */}
                  <Link href={`/projects/${p.id}/progress`} aria-describedby={`project-link-${p.id}`}>
                    Progress
                  </Link>
                </td>
                <td>{TASK_TYPE_NAMES[p.task_type] ?? p.task_type}</td>
                <td>
                  <span class={`status status-${p.status}`}>{p.status}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {projects.cursor && (
          <button type="button" onClick={projects.more}>
            Load more
          </button>
        )}
      </section>

      {!readsOnly(user) && (
      <section class="card" aria-labelledby="new-project">
        <h2 id="new-project">New project</h2>
        <form onSubmit={createProject} noValidate>
          <ErrorBanner error={projectError} />
          <Field id="project-name" label="Name" error={fieldError(projectError, '/name')}>
            <input id="project-name" value={project.name} onInput={(e) => setProject({ ...project, name: e.currentTarget.value })} />
          </Field>
          <Field id="project-type" label="Task type" error={fieldError(projectError, '/task_type')}>
            <select
              id="project-type"
              value={project.task_type}
              onChange={(e) => setProject({ ...project, task_type: e.currentTarget.value as TaskType })}
            >
              {TASK_TYPES.map((t) => (
                <option key={t} value={t}>
                  {TASK_TYPE_NAMES[t]}
                </option>
              ))}
            </select>
          </Field>
          <Field id="project-description" label="Description" error={fieldError(projectError, '/description')}>
            <textarea
              id="project-description"
              rows={2}
              value={project.description}
              onInput={(e) => setProject({ ...project, description: e.currentTarget.value })}
            />
          </Field>
          <Field id="project-instructions" label="Instructions for workers" error={fieldError(projectError, '/instructions')}>
            <textarea
              id="project-instructions"
              rows={5}
              value={project.instructions}
              onInput={(e) => setProject({ ...project, instructions: e.currentTarget.value })}
            />
          </Field>
          <button type="submit" disabled={busy}>
            Create project
          </button>
        </form>
      </section>
      )}

      {isOwner && (
        <section class="card" aria-labelledby="rename-org">
          <h2 id="rename-org">Rename</h2>
          <form onSubmit={rename} noValidate>
            <ErrorBanner error={renameError} />
            {renamed && <Notice>Renamed.</Notice>}
            <Field id="org-new-name" label="Organisation name" error={fieldError(renameError, '/name')}>
              <input id="org-new-name" value={newName} onInput={(e) => setNewName(e.currentTarget.value)} />
            </Field>
            <button type="submit">Save name</button>
          </form>
        </section>
      )}
    </section>
  );
}
