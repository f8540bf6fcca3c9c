// The project's webhooks (README § Webhooks): its requesters add, pause,
// test and delete them; everyone who may read the project (auditors too)
// sees each webhook's delivery log. The signing secret is shown once, right
// after creation or a rotation (the replaced one keeps signing for a day).

import { useEffect, useState } from 'preact/hooks';
import { useApp } from '../app';
import { ErrorBanner, Field, fieldError, Notice } from '../components/ui';
import {
  WEBHOOK_EVENTS,
  canRedeliver,
  deliverySummary,
  eventsText,
  previousSecretText,
  webhooksPath,
  type Webhook,
  type WebhookDelivery,
} from './webhooks_logic';

export function ProjectWebhooks({ projectId, readOnly }: { projectId: number; readOnly: boolean }) {
  const { api } = useApp();
  const [hooks, setHooks] = useState<Webhook[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [draft, setDraft] = useState({ url: '', events: ['task.completed'] as string[] });
  const [created, setCreated] = useState<Webhook | null>(null);
  const [rotated, setRotated] = useState<Webhook | null>(null);
  const [open, setOpen] = useState<number | null>(null);

  const load = () =>
    api.get<{ items: Webhook[] }>(webhooksPath(projectId)).then((r) => setHooks(r.items), setError);
  useEffect(() => {
    load();
  }, [api, projectId]);

  const act = async (work: () => Promise<unknown>) => {
    setError(null);
    try {
      await work();
      await load();
    } catch (err) {
      setError(err);
    }
  };
  const create = (e: Event) => {
    e.preventDefault();
    setCreated(null);
    setRotated(null);
    act(async () => {
      const hook = await api.post<Webhook>(webhooksPath(projectId), draft);
      setCreated(hook);
      setDraft({ url: '', events: ['task.completed'] });
    });
  };
  const rotate = (w: Webhook) => {
    setCreated(null);
    setRotated(null);
    act(async () => setRotated(await api.post<Webhook>(`${webhooksPath(projectId, w.id)}/rotate-secret`, {})));
  };
  const toggleEvent = (id: string, on: boolean) =>
    setDraft({ ...draft, events: on ? [...draft.events, id] : draft.events.filter((x) => x !== id) });

  return (
    <section class="card" aria-labelledby="project-webhooks">
      <h2 id="project-webhooks">Webhooks</h2>
      <p>
        Signed POSTs of this project's events to your systems (verify the <code>Fairlabel-Signature</code> header as
        the README describes), retried for about a day.
      </p>
      <ErrorBanner error={error} />
      {created?.secret && (
        <Notice>
          Webhook added. Its signing secret, shown only this once: <code>{created.secret}</code>
        </Notice>
      )}
      {rotated?.secret && (
        <Notice>
          New signing secret for {rotated.url}, shown only this once: <code>{rotated.secret}</code>
          {previousSecretText(rotated) && <>. Until your receiver uses it, {previousSecretText(rotated)}.</>}
        </Notice>
      )}
      {hooks === null ? (
        <p aria-busy="true">Loading…</p>
      ) : hooks.length === 0 ? (
        <p>No webhooks.</p>
      ) : (
        <ul class="webhooks">
          {hooks.map((w) => (
            <li key={w.id}>
              <strong>{w.url}</strong> — {eventsText(w)}
              {w.description && <> ({w.description})</>}
              {previousSecretText(w) && <> — {previousSecretText(w)}</>}{' '}
              <button type="button" class="link-button" onClick={() => setOpen(open === w.id ? null : w.id)}>
                {open === w.id ? 'Hide deliveries' : 'Deliveries'}
              </button>
              {!readOnly && (
                <>
                  {' '}
                  <button type="button" class="link-button" disabled={!w.active}
                    onClick={() => act(() => api.post(`${webhooksPath(projectId, w.id)}/test`))}>
                    Send test event
                  </button>{' '}
                  <button type="button" class="link-button" onClick={() => rotate(w)}>
                    Rotate secret
                  </button>{' '}
                  <button type="button" class="link-button"
                    onClick={() => act(() => api.patch(webhooksPath(projectId, w.id), { active: !w.active }))}>
                    {w.active ? 'Pause' : 'Resume'}
                  </button>{' '}
                  <button type="button" class="link-button"
                    onClick={() => act(() => api.request('DELETE', webhooksPath(projectId, w.id)))}>
                    Delete
                  </button>
                </>
              )}
              {open === w.id && <DeliveryLog projectId={projectId} webhookId={w.id} readOnly={readOnly} />}
            </li>
          ))}
        </ul>
      )}
      {!readOnly && (
        <form onSubmit={create} noValidate>
          <h3>Add a webhook</h3>
          <Field id="webhook-url" label="URL (https:// or http://)" error={fieldError(error, '/url')}>
            <input id="webhook-url" type="url" value={draft.url}
              onInput={(e) => setDraft({ ...draft, url: e.currentTarget.value })} />
          </Field>
          <fieldset>
            <legend>Events</legend>
            {WEBHOOK_EVENTS.map((ev) => (
              <label class="choice" key={ev.id}>
                <input type="checkbox" checked={draft.events.includes(ev.id)}
                  onChange={(e) => toggleEvent(ev.id, e.currentTarget.checked)} /> {ev.label}
              </label>
            ))}
            {fieldError(error, '/events') && (
              <small class="error" role="alert">
                {fieldError(error, '/events')}
              </small>
            )}
          </fieldset>
          <button type="submit">Add webhook</button>
        </form>
      )}
    </section>
  );
}

function DeliveryLog({ projectId, webhookId, readOnly }: { projectId: number; webhookId: number; readOnly: boolean }) {
  const { api } = useApp();
  const [items, setItems] = useState<WebhookDelivery[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const path = `${webhooksPath(projectId, webhookId)}/deliveries`;
  const load = () => api.get<{ items: WebhookDelivery[] }>(`${path}?limit=50`).then((r) => setItems(r.items), setError);
  useEffect(() => {
    load();
  }, [api, path]);
  const redeliver = async (d: WebhookDelivery) => {
    setError(null);
    try {
      await api.post(`${path}/${d.id}/redeliver`);
      await load();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <div class="delivery-log">
      <ErrorBanner error={error} />
      <button type="button" class="link-button" onClick={load}>Refresh</button>
      {items === null ? (
        <p aria-busy="true">Loading…</p>
      ) : items.length === 0 ? (
        <p>Nothing sent yet.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Event</th>
              <th scope="col">Id</th>
              <th scope="col">Outcome</th>
              {!readOnly && <th scope="col"><span class="visually-hidden">Actions</span></th>}
            </tr>
          </thead>
          <tbody>
            {items.map((d) => (
              <tr key={d.id}>
                <td>{d.event_type}</td>
                <td><code>{d.event_id}</code></td>
                <td>{deliverySummary(d)}</td>
                {!readOnly && (
                  <td>
                    {canRedeliver(d) && (
                      <button type="button" class="link-button" onClick={() => redeliver(d)}>Send again</button>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
