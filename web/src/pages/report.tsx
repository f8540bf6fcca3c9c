// The transparency report (GET /reports/transparency) for admins, auditors
// and the worker council: a period of days, then every figure grouped by
// the five Fairwork principles as the server groups them, with each
// principle's finding and the pay by region beside the local minimum.
// Admins and auditors also download the regulator CSV for the same period
// (GET /reports/regulator-export), fetched with the bearer token as a blob.

import { useEffect, useState } from 'preact/hooks';
import { hasRole, useApp } from '../app';
import type { TransparencyReport } from '../api/types';
import { describedBy, ErrorBanner, Field, useErrorFocus } from '../components/ui';
import { saveBlob } from '../lib/download';
import { formatMoney } from '../lib/money';
import { BarChart, ShareChart, StackedBar } from '../components/charts';
import {
  checkPeriod,
  disputePictures,
  holdPictures,
  monthPeriod,
  payoutPictures,
  payRatios,
  periodQuery,
  regionVerdict,
  reportSections,
  type BarPicture,
  type PartsPicture,
} from './report_logic';

export function ReportPage() {
  const { api, user } = useApp();
  const [period, setPeriod] = useState(() => monthPeriod(new Date()));
  const [asked, setAsked] = useState(period);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [report, setReport] = useState<TransparencyReport | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [exportError, setExportError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);
  const mayExport = hasRole(user, 'admin', 'auditor');

  useEffect(() => {
    let live = true;
    setLoading(true);
    setError(null);
    api
      .get<TransparencyReport>(`/reports/transparency?${periodQuery(asked.from, asked.to)}`)
      .then((r) => live && setReport(r))
      .catch((e) => live && setError(e))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [api, asked]);

  const { ref, showErrors } = useErrorFocus();
  const submit = (e: Event) => {
    e.preventDefault();
    const problems = checkPeriod(period.from, period.to);
    setErrors(problems);
    if (Object.keys(problems).length) showErrors();
    else setAsked({ ...period });
  };

  const download = async () => {
    setExportError(null);
    try {
      const blob = await api.blob(`/reports/regulator-export?${periodQuery(asked.from, asked.to)}`);
      saveBlob(blob, `fairlabel-regulator-${asked.from}-to-${asked.to}.csv`);
    } catch (err) {
      setExportError(err);
    }
  };

  const sections = report ? reportSections(report) : [];
  return (
    <section>
      <h1>Transparency report</h1>
      <p>
        What the records show about pay, conditions, contracts, management and representation, computed when you ask. Nothing
        here is typed in.
      </p>
      <form ref={ref} class="row period" onSubmit={submit} noValidate aria-label="Period">
        <Field id="report-from" label="From (first day)" error={errors['/from']}>
          <input
            id="report-from"
            type="date"
            value={period.from}
            aria-describedby={describedBy('report-from', errors['/from'])}
            onInput={(e) => setPeriod({ ...period, from: (e.target as HTMLInputElement).value })}
          />
        </Field>
        <Field id="report-to" label="To (not included)" error={errors['/to']}>
          <input
            id="report-to"
            type="date"
            value={period.to}
            aria-describedby={describedBy('report-to', errors['/to'])}
            onInput={(e) => setPeriod({ ...period, to: (e.target as HTMLInputElement).value })}
          />
        </Field>
        <button type="submit">Show report</button>
      </form>
      <ErrorBanner error={error} />
      {mayExport && (
        <p>
          <button type="button" class="link" onClick={download}>
            Download the regulator export (CSV, {asked.from} to {asked.to})
          </button>{' '}
          <span class="muted">Earnings and hours by region; groups of fewer than 10 workers are withheld.</span>
        </p>
      )}
      <ErrorBanner error={exportError} />
      {loading && <p aria-busy="true">Computing…</p>}
      {report && (
        <p class="muted" aria-live="polite">
          Period: {report.from.slice(0, 10)} up to {report.to.slice(0, 10)} (not included).
        </p>
      )}
      {sections.map((s) => (
        <section class="card" key={s.key} aria-labelledby={`principle-${s.key}`}>
          <h2 id={`principle-${s.key}`}>{s.title}</h2>
          {s.finding && <p class="finding">{s.finding}</p>}
          <div class="beside">
            <table class="table" aria-label={`${s.title} figures`}>
              <tbody>
                {s.figures.map((f) => (
                  <tr key={f.label}>
                    <th scope="row">{f.label}</th>
                    <td>{f.value}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {report && s.key === 'fair_conditions' && <ConditionsPictures report={report} />}
            {report && s.key === 'fair_management' && <DisputesPictures report={report} />}
          </div>
          {s.key === 'fair_pay' && (
            <>
              <h3>Hourly pay by region, beside the local minimum</h3>
              {payRatios(s.regions).length > 0 && (
                <ShareChart
                  title="Median hourly pay as a share of the local minimum wage, by region"
                  reference="local minimum (100 %)"
                  rows={payRatios(s.regions).map((r) => ({ label: r.label, percent: r.medianPercent, lowPercent: r.p10Percent }))}
                />
              )}
              {s.regions.length === 0 ? (
                <p>No counted work in this period.</p>
              ) : (
                <table class="table" aria-label="Hourly pay by region">
                  <thead>
                    <tr>
                      <th scope="col">Country</th>
                      <th scope="col">Region</th>
                      <th scope="col">Workers</th>
                      <th scope="col">At or above minimum</th>
                      <th scope="col">Median per hour</th>
                      <th scope="col">10th percentile per hour</th>
                      <th scope="col">Local minimum per hour</th>
                      <th scope="col">Reading</th>
                    </tr>
                  </thead>
                  <tbody>
                    {s.regions.map((r) => {
                      const m = (v: number | null) => (v === null ? '—' : formatMoney(v, r.currency));
                      return (
                        <tr key={`${r.country}-${r.region}-${r.currency}`}>
                          <td>{r.country || '—'}</td>
                          <td>{r.region || '—'}</td>
                          <td>{r.workers}</td>
                          <td>{r.workers_meeting_minimum}</td>
                          <td>{m(r.median_hourly_minor)}</td>
                          <td>{m(r.p10_hourly_minor)}</td>
                          <td title={r.minimum_basis}>
                            {m(r.local_minimum_hourly_minor)}
                            {r.minimum_basis && <small class="muted"> ({r.minimum_basis})</small>}
                          </td>
                          <td>{regionVerdict(r)}</td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              )}
            </>
          )}
        </section>
      ))}
    </section>
  );
}

// The title is shown above each picture too; the image's own label already says it, so the caption is hidden from screen readers.
const Bars = ({ picture }: { picture: BarPicture }) => (
  <>
    <p class="chart-caption" aria-hidden="true">
      {picture.title}
    </p>
    <BarChart title={picture.title} description={picture.description} bars={picture.bars} />
  </>
);
const Parts = ({ picture }: { picture: PartsPicture }) => (
  <>
    <p class="chart-caption" aria-hidden="true">
      {picture.title}
    </p>
    <StackedBar title={picture.title} segments={picture.parts} />
  </>
);

/** Time to payout and holds as pictures; every number is also in the figures table above. */
function ConditionsPictures({ report }: { report: TransparencyReport }) {
  const payout = payoutPictures(report);
  const holds = holdPictures(report);
  return (
    <div class="pictures">
      <h3>Time to payout</h3>
      {payout.paid ? <Parts picture={payout.paid} /> : <p>No work was accepted in this period.</p>}
      {payout.wait ? <Bars picture={payout.wait} /> : payout.paid && <p>None of it has been paid out yet, so there is no time to payout to show.</p>}
      <h3>Holds</h3>
      {holds.states ? (
        <>
          <Parts picture={holds.states} />
          {holds.reasons && <Bars picture={holds.reasons} />}
        </>
      ) : (
        <p>No holds were placed in this period.</p>
      )}
    </div>
  );
}

/** Disputes as pictures; every number is also in the figures table above. */
function DisputesPictures({ report }: { report: TransparencyReport }) {
  const disputes = disputePictures(report);
  return (
    <div class="pictures">
      <h3>Disputes</h3>
      {disputes.categories && disputes.progress ? (
        <>
          <Bars picture={disputes.categories} />
          <Parts picture={disputes.progress} />
          <p class="muted">
            {disputes.opened} opened; {disputes.escalated} escalated for missing a deadline.
          </p>
        </>
      ) : (
        <p>No disputes were opened in this period.</p>
      )}
    </div>
  );
}
