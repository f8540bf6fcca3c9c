// The audit log for admins and auditors (src/audit/audit_log.h): every
// decision that touched a worker's money or standing, oldest first, a page
// at a time (GET /audit?after=SEQ), and a check of its hash chain
// (GET /audit/verify) that says it is intact or where it breaks.

import { useEffect, useState } from 'preact/hooks';
import { useApp } from '../app';
import type { AuditEntry, ChainCheck } from '../api/types';
import { ErrorBanner, focusSoon } from '../components/ui';
import { localTime } from './earnings_logic';

const PAGE = 50;

export function AuditPage() {
  const { api } = useApp();
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [pages, setPages] = useState<number[]>([0]); // the `after` of each page seen, for going back
  const [error, setError] = useState<unknown>(null);
  const [check, setCheck] = useState<ChainCheck | null>(null);
  const [checkError, setCheckError] = useState<unknown>(null);
  const [checking, setChecking] = useState(false);
  const after = pages[pages.length - 1];
  const [paged, setPaged] = useState(false); // moved to another page with the buttons below

  useEffect(() => {
    setEntries(null);
    api
      .get<{ items: AuditEntry[] }>(`/audit?after=${after}&limit=${PAGE}`)
      .then((r) => {
        setEntries(r.items);
        // The button pressed may be gone on the new page (no earlier or later one): focus goes to what is shown.
        if (paged) focusSoon(() => document.getElementById('audit-shown') ?? document.getElementById('audit-none'));
      })
      .catch(setError);
  }, [api, after]);

  const page = (next: number[]) => {
    setPaged(true);
    setPages(next);
  };

  const verify = async () => {
    if (checking) return;
    setChecking(true);
    setCheck(null);
    setCheckError(null);
    try {
      setCheck(await api.get<ChainCheck>('/audit/verify'));
    } catch (e) {
      setCheckError(e);
    } finally {
      setChecking(false);
    }
  };

  const last = entries?.at(-1);
  return (
    <section>
      <h1>Audit log</h1>
      <p>
        Every decision about a worker's money or standing, with who, when and why. Each entry carries the hash of the one
        before it, so a change, removal or reordering anywhere breaks the chain from there on.
      </p>
      <p>
        <button type="button" onClick={verify} aria-disabled={checking ? 'true' : undefined}>
          Verify chain
        </button>
      </p>
      <ErrorBanner error={checkError} />
      {check &&
        (check.intact ? (
          <div class="banner banner-info" role="status">
            The chain is intact: every entry's hash matches its contents and the entry before it.
          </div>
        ) : (
          <div class="banner banner-error" role="alert">
            The chain breaks at entry {check.first_bad_entry} ({check.problem}): {check.message}
          </div>
        ))}
      <ErrorBanner error={error} />
      {entries && entries.length > 0 && (
        <p id="audit-shown" class="muted" aria-live="polite">
          Entries {entries[0].seq} to {entries[entries.length - 1].seq}
          {pages.length > 1 ? ` (page ${pages.length})` : ''}.
        </p>
      )}
      {entries === null ? (
        !error && <p aria-busy="true">Loading…</p>
      ) : entries.length === 0 ? (
        <p id="audit-none">{after === 0 ? 'No entries yet.' : 'No later entries.'}</p>
      ) : (
        <table class="table" aria-label="Audit log entries, oldest first">
          <thead>
            <tr>
              <th scope="col">Seq</th>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">Action</th>
              <th scope="col">Subject</th>
              <th scope="col">Reason</th>
              <th scope="col">Detail</th>
              <th scope="col">Hash</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.seq}>
                <td>{e.seq}</td>
                <td>{localTime(e.at)}</td>
                <td>{e.actor_id === null ? 'the platform' : `user ${e.actor_id}`}</td>
                <td>
                  <code>{e.action}</code>
                </td>
                <td>{e.subject}</td>
                <td>{e.reason}</td>
                <td>
                  <code class="detail">{JSON.stringify(e.detail)}</code>
                </td>
                <td>
                  <code title={e.hash}>{e.hash.slice(0, 12)}…</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p class="button-row">
        {pages.length > 1 && (
          <button type="button" onClick={() => page(pages.slice(0, -1))}>
            Earlier entries
          </button>
        )}
        {last && entries && entries.length === PAGE && (
          <button type="button" onClick={() => page([...pages, last.seq])}>
            Later entries
          </button>
        )}
      </p>
    </section>
  );
}
