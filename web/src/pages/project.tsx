// One project: its facts, and editing its name, description and
// instructions (with a preview). Updates carry the version read, so two
// people editing at once cannot silently overwrite each other (409).

import { useEffect, useState } from 'preact/hooks';
import { readsOnly, useApp } from '../app';
import { ApiError } from '../api/client';
import type { Project, RuleClause } from '../api/types';
import { formatMoney } from '../lib/money';
import type { SettingsDoc } from './work_settings';
import { Markdown } from '../components/markdown';
import { ErrorBanner, Field, fieldError, Link, Notice, SubmitButton } from '../components/ui';
import { TASK_TYPE_NAMES } from '../tools/registry';
import { WorkSetup } from './work_setup';
import { saveBlob } from '../lib/download';
import { exportFileName, exportFormatsFor, exportPath, type ExportChoice } from './export_logic';
import { ProjectWebhooks } from './webhooks';

export function ProjectPage({ projectId }: { projectId: number }) {
  const { api, user } = useApp();
  const [project, setProject] = useState<Project | null>(null);
  const [draft, setDraft] = useState({ name: '', description: '', instructions: '' });
  const [loadError, setLoadError] = useState<unknown>(null);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [preview, setPreview] = useState(false);

  const load = () =>
    api
      .get<Project>(`/projects/${projectId}`)
      .then((p) => {
        setProject(p);
        setDraft({ name: p.name, description: p.description, instructions: p.instructions });
      })
      .catch(setLoadError);
  useEffect(() => {
    load();
  }, [projectId]);

  if (loadError) return (<section><h1>Project</h1><ErrorBanner error={loadError} /></section>);
  if (!project) return <p aria-busy="true">Loading…</p>;

  const save = async (e: Event) => {
    e.preventDefault();
    setError(null);
    setSaved(false);
    try {
      const updated = await api.patch<Project>(`/projects/${projectId}`, { ...draft, version: project.version });
      setProject(updated);
      setSaved(true);
    } catch (err) {
      setError(err);
    }
  };
  const conflict = error instanceof ApiError && error.status === 409;

  return (
    <section>
      <p class="crumbs">
        <Link href="/orgs">Organisations</Link> / <Link href={`/orgs/${project.org_id}`}>Organisation</Link> /
      </p>
      <h1>{project.name}</h1>
      <dl class="facts">
        <dt>Task type</dt>
        <dd>{TASK_TYPE_NAMES[project.task_type] ?? project.task_type}</dd>
        <dt>Status</dt>
        <dd>
          <span class={`status status-${project.status}`}>{project.status}</span>
        </dd>
        <dt>Version</dt>
        <dd>{project.version}</dd>
      </dl>
      <p>
        <Link href={`/projects/${project.id}/progress`} class="button">
          Progress, results and cost
        </Link>
      </p>
      <p>
        <Link href={`/play/sample/${project.task_type}`}>Try the {TASK_TYPE_NAMES[project.task_type]} tool</Link> as a
        worker sees it.
      </p>
      <ProjectExport projectId={project.id} taskType={project.task_type} />
      <ProjectWebhooks projectId={project.id} readOnly={readsOnly(user)} />

      {readsOnly(user) ? (
        <>
          <Notice>You are reading this project as an auditor: nothing here can be changed from your account.</Notice>
          <section class="card" aria-labelledby="project-instructions">
            <h2 id="project-instructions">Instructions</h2>
            {project.description && <p>{project.description}</p>}
            <Markdown source={project.instructions} />
          </section>
          <ProjectTerms projectId={project.id} />
        </>
      ) : (
      <>
      <section class="card" aria-labelledby="edit-project">
        <h2 id="edit-project">Edit</h2>
        <form onSubmit={save} noValidate>
          <ErrorBanner error={error} />
          {conflict && (
            <p>
              Someone changed this project meanwhile.{' '}
              <button type="button" class="link-button" onClick={load}>
                Load their version
              </button>{' '}
              (your edits here will be replaced).
            </p>
          )}
          {saved && <Notice>Saved (version {project.version}).</Notice>}
          <Field id="edit-name" label="Name" error={fieldError(error, '/name')}>
            <input id="edit-name" value={draft.name} onInput={(e) => setDraft({ ...draft, name: e.currentTarget.value })} />
          </Field>
          <Field id="edit-description" label="Description" error={fieldError(error, '/description')}>
            <textarea id="edit-description" rows={2} value={draft.description}
              onInput={(e) => setDraft({ ...draft, description: e.currentTarget.value })} />
          </Field>
          <Field id="edit-instructions" label="Instructions" hint="Headings (#), numbered rules (1.), bullets (-), **bold**, `code`."
            error={fieldError(error, '/instructions')}>
            <textarea id="edit-instructions" rows={10} value={draft.instructions} aria-describedby="edit-instructions-hint"
              onInput={(e) => setDraft({ ...draft, instructions: e.currentTarget.value })} />
          </Field>
          <p>
            <label class="choice">
              <input type="checkbox" checked={preview} onChange={(e) => setPreview(e.currentTarget.checked)} /> Show
              preview
            </label>
          </p>
          {preview && (
            <section class="preview" aria-label="Instructions preview">
              <Markdown source={draft.instructions} />
            </section>
          )}
          <button type="submit">Save changes</button>
        </form>
      </section>
      <WorkSetup project={project} onChanged={load} />
      </>
      )}
    </section>
  );
}

/**
 * Export the project's labels in a format its task type fits (COCO, YOLO,
 * VOC, MOT, CVAT, Label Studio, JSONL): the aggregated results, or every
 * accepted submission, optionally with provenance. Fetched with the bearer
 * token and saved under the server's file name.
 */
function ProjectExport({ projectId, taskType }: { projectId: number; taskType: string }) {
  const { api } = useApp();
  const formats = exportFormatsFor(taskType);
  const [choice, setChoice] = useState<ExportChoice>({ format: formats[0].id, submissions: false, provenance: false });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);

  const download = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    setError(null);
    setDone(null);
    setBusy(true);
    try {
      const blob = await api.blob(exportPath(projectId, choice));
      const name = exportFileName(projectId, choice.format);
      saveBlob(blob, name);
      setDone(`${name} (${blob.size.toLocaleString()} bytes)`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="card" aria-labelledby="project-export">
      <h2 id="project-export">Export labels</h2>
      <form onSubmit={download} noValidate>
        <ErrorBanner error={error} />
        {done && <Notice>Downloaded {done}.</Notice>}
        <Field id="export-format" label="Format">
          <select id="export-format" value={choice.format}
            onChange={(e) => setChoice({ ...choice, format: e.currentTarget.value })}>
            {formats.map((f) => (
              <option key={f.id} value={f.id}>{f.label}</option>
            ))}
          </select>
        </Field>
        <p>
          <label class="choice">
            <input type="checkbox" checked={choice.submissions}
              onChange={(e) => setChoice({ ...choice, submissions: e.currentTarget.checked })} /> Every accepted
            submission (instead of the aggregated result per task)
          </label>
        </p>
        <p>
          <label class="choice">
            <input type="checkbox" checked={choice.provenance}
              onChange={(e) => setChoice({ ...choice, provenance: e.currentTarget.checked })} /> With provenance
            (worker pseudonyms, answer counts, agreement and confidence)
          </label>
        </p>
        <SubmitButton busy={busy}>{busy ? 'Exporting…' : 'Download export'}</SubmitButton>
      </form>
    </section>
  );
}

/** The work settings and acceptance rules as text, for readers who may not change them (auditors). */
function ProjectTerms({ projectId }: { projectId: number }) {
  const { api } = useApp();
  const [settings, setSettings] = useState<SettingsDoc | null>(null);
  const [rules, setRules] = useState<{ version: number; clauses: RuleClause[] } | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    // A project not set up yet has neither (404): that is shown as such, not as an error.
    const missing = (e: unknown) => (e instanceof ApiError && e.status === 404 ? null : (setError(e), null));
    api.get<SettingsDoc>(`/projects/${projectId}/settings`).then(setSettings, missing);
    api.get<{ version: number; clauses: RuleClause[] }>(`/projects/${projectId}/rules`).then(setRules, missing);
  }, [api, projectId]);
  return (
    <section class="card" aria-labelledby="project-terms">
      <h2 id="project-terms">Work settings and rules</h2>
      <ErrorBanner error={error} />
      {settings ? (
        <dl class="facts">
          <dt>Pay per task</dt>
          <dd>{formatMoney(settings.piece_rate_minor, settings.currency)}</dd>
          <dt>Expected time</dt>
          <dd>{settings.time_estimate_seconds} s</dd>
          <dt>Answers per task</dt>
          <dd>{settings.overlap}</dd>
          <dt>Review stages</dt>
          <dd>{settings.review_stages.length ? settings.review_stages.map((r) => r.name).join(', ') : 'none'}</dd>
          <dt>Gold share</dt>
          <dd>{settings.gold_share_percent} %</dd>
          <dt>Who may work</dt>
          <dd>
            {[...settings.eligibility.countries, ...settings.eligibility.regions].join(', ') || 'anyone'}
          </dd>
        </dl>
      ) : (
        <p>No work settings yet.</p>
      )}
      {rules ? (
        <>
          <h3>Acceptance rules (version {rules.version})</h3>
          <ol>
            {rules.clauses.map((c) => (
              <li key={c.number}>{c.text}</li>
            ))}
          </ol>
        </>
      ) : (
        <p>No acceptance rules published yet.</p>
      )}
    </section>
  );
}
