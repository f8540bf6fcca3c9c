// The worker's earnings: balances per currency (what is available and what
// is still held), the ledger lines of the last 30 days with what caused
// each, the holds with their reason and release date, and the statement as
// a printable page or CSV (GET /me/balances, /me/holds, /me/ledger,
// /me/statement: src/api/money_routes.cc). The statement needs the bearer
// token, so it is fetched and opened from a blob rather than linked.

import { useEffect, useState } from 'preact/hooks';
import { useApp } from '../app';
import type { Amount, Hold, LedgerAccount } from '../api/types';
import { ErrorBanner, Link } from '../components/ui';
import { formatMoney } from '../lib/money';
import { holdStateName, lineTypeName, localTime, statementCurrencies } from './earnings_logic';

interface LedgerLine {
  at: string;
  transfer_id: number;
  type: string;
  description: string;
  amount: { minor: number; value: string };
  balance_after: { minor: number; value: string };
}

interface Ledger {
  currency: string;
  from: string;
  to: string;
  lines: LedgerLine[];
}

const money = (a: Amount) => formatMoney(a.minor, a.currency);

export function EarningsPage() {
  const { api } = useApp();
  const [balances, setBalances] = useState<LedgerAccount[] | null>(null);
  const [holds, setHolds] = useState<Hold[]>([]);
  const [ledgers, setLedgers] = useState<Ledger[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [statementError, setStatementError] = useState<unknown>(null);

  useEffect(() => {
    (async () => {
      try {
        const [b, h] = await Promise.all([
          api.get<{ items: LedgerAccount[] }>('/me/balances'),
          api.get<{ items: Hold[] }>('/me/holds'),
        ]);
        setBalances(b.items);
        setHolds(h.items);
        const currencies = statementCurrencies(b.items);
        setLedgers(await Promise.all(currencies.map((c) => api.get<Ledger>(`/me/ledger?currency=${encodeURIComponent(c)}`))));
      } catch (e) {
        setError(e);
      }
    })();
  }, [api]);

  const openStatement = async (currency: string, format: 'html' | 'csv') => {
    setStatementError(null);
    try {
      const blob = await api.blob(`/me/statement?currency=${encodeURIComponent(currency)}&format=${format}`);
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      if (format === 'csv') a.download = `fairlabel-statement-${currency}.csv`;
      else a.target = '_blank';
      a.rel = 'noopener';
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 60_000); // the new tab or download needs it a moment
    } catch (e) {
      setStatementError(e);
    }
  };

  return (
    <section>
      <h1>Earnings</h1>
      <ErrorBanner error={error} />
      <section class="card" aria-labelledby="balances-title">
        <h2 id="balances-title">Balances</h2>
        {balances === null ? (
          <p aria-busy="true">Loading…</p>
        ) : balances.length === 0 ? (
          <p>Nothing earned yet. Pay for accepted work appears here.</p>
        ) : (
          <table class="table">
            <thead>
              <tr>
                <th scope="col">Currency</th>
                <th scope="col">Balance</th>
                <th scope="col">Available</th>
                <th scope="col">Held</th>
              </tr>
            </thead>
            <tbody>
              {balances.map((a) => (
                <tr key={a.currency}>
                  <td>{a.currency}</td>
                  <td>{money(a.balance)}</td>
                  <td>{money(a.available)}</td>
                  <td>{money(a.incoming_held)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section class="card" aria-labelledby="holds-title">
        <h2 id="holds-title">Held pay</h2>
        {holds.length === 0 ? (
          <p>No pay is held back.</p>
        ) : (
          <table class="table">
            <thead>
              <tr>
                <th scope="col">Amount</th>
                <th scope="col">Reason</th>
                <th scope="col">Released by</th>
                <th scope="col">State</th>
                <th scope="col">
                  <span class="visually-hidden">Dispute</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {holds.map((h) => (
                <tr key={h.hold_id}>
                  <td>{money(h.amount)}</td>
                  <td>{h.reason}{h.decision_reason ? ` (decision: ${h.decision_reason})` : ''}</td>
                  <td>{localTime(h.release_at)}</td>
                  <td>{holdStateName(h.state)}</td>
                  <td>
                    <Link href={`/disputes?about=hold:${h.hold_id}`}>
                      Dispute<span class="visually-hidden"> held payment {h.hold_id}</span>
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <ErrorBanner error={statementError} />
      {ledgers.map((l) => (
        <section class="card" key={l.currency} aria-labelledby={`ledger-${l.currency}`}>
          <h2 id={`ledger-${l.currency}`}>Ledger ({l.currency}, last 30 days)</h2>
          {l.lines.length === 0 ? (
            <p>No money moved in this period.</p>
          ) : (
            <table class="table" aria-label={`Ledger lines in ${l.currency}`}>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">What</th>
                  <th scope="col">Details</th>
                  <th scope="col">Amount</th>
                  <th scope="col">Balance after</th>
                </tr>
              </thead>
              <tbody>
                {l.lines.map((line) => (
                  <tr key={line.transfer_id}>
                    <td>{localTime(line.at)}</td>
                    <td>{lineTypeName(line.type)}</td>
                    <td>{line.description}</td>
                    <td>{formatMoney(line.amount.minor, l.currency)}</td>
                    <td>{formatMoney(line.balance_after.minor, l.currency)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <p>
            Statement:{' '}
            <button type="button" class="link" onClick={() => openStatement(l.currency, 'html')}>
              printable page ({l.currency})
            </button>{' '}
            <button type="button" class="link" onClick={() => openStatement(l.currency, 'csv')}>
              CSV ({l.currency})
            </button>
          </p>
        </section>
      ))}
    </section>
  );
}
