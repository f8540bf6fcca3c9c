// Browser tests of the worker-protection pages against the real server with
// its demo accounts (no mocks but the one report answer named below, no clock
// control: nothing here waits for a deadline to pass):
// - a worker opens an "other" dispute and sees its deadlines; an admin finds
//   it in the queue, answers, is stopped by the decision form's own checks,
//   then decides it citing a rule; the worker sees the decision and the
//   notice, and the menu's count of new notices;
// - an admin proposes a warning (flagged as possible retaliation, as the
//   worker has just disputed), cannot decide it as its proposer and sees the
//   server's refusal; the worker answers the notice and is told earnings are
//   still paid; a second admin approves and confirms it;
// - an auditor reads the transparency report for the current month, with
//   its charts (accepted work paid out, disputes by category and by how far
//   they are), downloads the regulator CSV and verifies the audit chain,
//   with no controls that would change anything; the council sees the
//   report only;
// - the charts of time to payout and of holds, which this server's records
//   cannot have (no payouts run and no holds are placed while it serves):
//   the one test where an answer is replaced, the report's, by a fixed one.
// Run: node e2e/protection.e2e.mjs (scripts/test.sh does).

import { readFileSync } from 'node:fs';
import { ADMIN, apiAs, liveClassificationProject, logIn, PASSWORD, WORKER } from './demo_api.mjs';
import { check, run } from './harness.mjs';

const unique = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;

const nav = (page, name) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name });

/**
 * A rejected assignment of the demo worker, made through the API: a live
 * one-stage-review classification project, the worker answers wrongly, the
 * demo reviewer rejects citing clause 1. Returns {assignmentId, projectId}.
 */
async function rejectedAssignment(base) {
  const project = await liveClassificationProject(base, {
    name: `Disputed labels ${unique}`,
    texts: ['A red car waits at the lights.'],
    reference: `e2e-dispute-${unique}`,
  });
  const worker = await apiAs(base, WORKER);
  const assignment = await worker('POST', `/work/projects/${project.id}/claim`);
  await worker('POST', `/assignments/${assignment.id}/submit`, { payload: { label: 'palm tree' } });
  const reviewer = await apiAs(base, 'reviewer@demo.fairlabel.dev');
  const review = await reviewer('POST', `/review/projects/${project.id}/claim`, { stage: 0 });
  const verdict = await reviewer('POST', `/reviews/${review.id}/verdict`, {
    verdict: 'reject',
    reason_code: 'wrong_label',
    clause: '1',
    comment: 'The sentence names a car.',
    evidence: [{ kind: 'task', note: 'The text says "a red car".' }],
  });
  // The worker disputed in an earlier test: the rejection is held (202) until
  // an admin other than the reviewer approves it.
  if (verdict?.held_for_approval) {
    const admin = await apiAs(base, ADMIN);
    await admin('POST', `/held-rejections/${review.id}/decision`, { decision: 'approve', reason: 'Clause 1 holds; unrelated to the dispute.' });
  }
  const after = await worker('GET', `/assignments/${assignment.id}`);
  check(after.status === 'rejected', `the assignment is rejected (${after.status})`);
  return { assignmentId: assignment.id, projectId: project.id };
}

/** One piece of work of the demo worker accepted by the demo reviewer, through the API (not paid out: no payout runs here). */
async function acceptedWork(base) {
  const project = await liveClassificationProject(base, {
    name: `Accepted labels ${unique}`,
    texts: ['A palm tree by the sea.'],
    reference: `e2e-accepted-${unique}`,
  });
  const worker = await apiAs(base, WORKER);
  const assignment = await worker('POST', `/work/projects/${project.id}/claim`);
  await worker('POST', `/assignments/${assignment.id}/submit`, { payload: { label: 'palm tree' } });
  const reviewer = await apiAs(base, 'reviewer@demo.fairlabel.dev');
  const review = await reviewer('POST', `/review/projects/${project.id}/claim`, { stage: 0 });
  await reviewer('POST', `/reviews/${review.id}/verdict`, { verdict: 'accept' });
  const after = await worker('GET', `/assignments/${assignment.id}`);
  check(after.status === 'accepted', `the assignment is accepted (${after.status})`);
}

const tests = [
  {
    name: 'worker opens a dispute, an admin answers and decides it citing a rule, the worker sees the decision and notice',
    fn: async ({ base, page, screenshot, newUserPage }) => {
      await logIn(page, base, WORKER);
      await nav(page, 'Disputes').click();
      await page.getByRole('heading', { name: 'Disputes', level: 1 }).waitFor();
      // The published deadlines, per category.
      await page.getByText('First answer within 3 days, decision within 30 days; if no decision is made in time, it is escalated').waitFor();
      await page.getByText('First answer within 2 days, decision within 7 days; if no decision is made in time, it is decided for you').waitFor();
      // Checked before sending: nothing chosen, nothing said.
      await page.getByRole('button', { name: 'Open dispute' }).click();
      await page.locator('#dispute-category-error').waitFor();
      await page.locator('#dispute-summary-error').waitFor();
      await page.getByRole('radio', { name: /^other/ }).check();
      const summary = `The project instructions changed mid-task without notice (${unique}).`;
      await page.getByLabel('What happened, and what do you ask for?').fill(summary);
      await page.getByRole('button', { name: 'Open dispute' }).click();
      const heading = page.getByRole('heading', { name: /^Dispute #\d+: other$/, level: 1 });
      await heading.waitFor();
      const disputeId = (await heading.textContent()).match(/#(\d+)/)[1];
      const facts = page.getByLabel('The dispute');
      await facts.getByText('open, waiting for a first answer').waitFor();
      await facts.getByText('(in 2 days)').waitFor(); // 72 hours less the moments since opening
      await facts.getByText('(in 29 days)').waitFor();
      await page.getByText(summary).waitFor();
      await screenshot('worker-dispute-opened');

      // The admin: the queue, the thread, the decision.
      const admin = await newUserPage();
      await logIn(admin, base, ADMIN);
      await nav(admin, 'Disputes').click();
      const queue = admin.getByRole('table', { name: 'Dispute queue, overdue first' });
      await queue.getByRole('link', { name: `#${disputeId}` }).waitFor();
      await admin.getByLabel('Category').selectOption('payment');
      check((await queue.count()) === 0 || (await queue.getByRole('link', { name: `#${disputeId}` }).count()) === 0, 'the category filter hides it');
      await admin.getByLabel('Category').selectOption('other');
      await admin.getByLabel('Status').selectOption('open');
      await queue.getByRole('link', { name: `#${disputeId}` }).click();
      await admin.getByRole('heading', { name: `Dispute #${disputeId}: other` }).waitFor();
      await admin.getByLabel('Answer the worker').fill('Thank you. We are checking which version of the instructions applied.');
      await admin.getByRole('button', { name: 'Send message' }).click();
      await admin.getByRole('list', { name: 'Messages, oldest first' }).getByText('We are checking which version').waitFor();
      await admin.getByLabel('The dispute').getByText('answered, waiting for a decision').waitFor();
      // The decision form stops an incomplete decision before it is sent.
      await admin.getByRole('button', { name: 'Record decision' }).click();
      await admin.locator('#decide-outcome-error').waitFor();
      await admin.locator('#decide-rule-error').waitFor();
      await admin.locator('#decide-reason-error').waitFor();
      await screenshot('admin-decision-checks', admin);
      await admin.getByRole('radio', { name: 'Upheld (for the worker)' }).check();
      await admin.getByLabel('Rule cited').fill('terms 4.1: instructions apply from the version a task was claimed under');
      await admin.getByLabel('Reason').fill('The task was claimed under version 1; version 2 must not be applied to it.');
      await admin.getByRole('button', { name: 'Record decision' }).click();
      const decision = admin.getByLabel('The decision');
      await decision.getByText('Upheld: decided for the worker').waitFor();
      await decision.getByText(/^you,/).waitFor();
      await screenshot('admin-decided', admin);

      // The worker: the decision on the dispute's page, and the notice.
      await page.reload();
      const seen = page.getByLabel('The decision');
      await seen.getByText('Upheld: decided for the worker').waitFor();
      await seen.getByText(/^admin \d+,/).waitFor();
      await seen.getByText('terms 4.1: instructions apply from the version a task was claimed under').waitFor();
      await seen.getByText('The task was claimed under version 1; version 2 must not be applied to it.').waitFor();
      await seen.getByText(/^nothing/).waitFor(); // an "other" dispute moves no money
      await page.getByRole('list', { name: 'Messages, oldest first' }).getByText(/^Admin \d+,/).waitFor();
      const noticesLink = nav(page, /^Notices/);
      await noticesLink.locator('.count').waitFor();
      check(Number(await noticesLink.locator('.count').textContent()) >= 3, 'opened, message and decision are new');
      await screenshot('worker-decision');
      await noticesLink.click();
      await page.getByRole('heading', { name: 'Notices', level: 1 }).waitFor();
      const notices = page.getByRole('list', { name: 'Notices, newest first' });
      const first = notices.getByRole('listitem').first();
      await first.getByRole('heading', { name: 'Dispute decided' }).waitFor();
      await first.getByText(`Your other dispute #${disputeId} was decided: upheld (terms 4.1`).waitFor();
      await notices.getByRole('heading', { name: 'Dispute opened' }).first().waitFor();
      await notices.getByRole('listitem').filter({ hasText: 'Dispute opened' }).getByText('Decision due').waitFor(); // in local time
      await page.getByText('your earnings are still paid').waitFor();
      check((await noticesLink.locator('.count').count()) === 0, 'the count clears once the notices are seen');
      await screenshot('worker-notices');
    },
  },
  {
    name: 'worker disputes a rejected task chosen from a list; upheld, the decision shows the piece rate paid',
    fn: async ({ base, page, screenshot }) => {
      const { assignmentId, projectId } = await rejectedAssignment(base);
      await logIn(page, base, WORKER);
      await nav(page, 'Disputes').click();
      await page.getByRole('radio', { name: /^rejection/ }).check();
      // The record is required, and offered from the worker's own rejected work.
      await page.getByLabel('What happened, and what do you ask for?').fill('The sentence was ambiguous; I chose what I saw first.');
      await page.getByRole('button', { name: 'Open dispute' }).click();
      await page.locator('#dispute-link-error').filter({ hasText: 'Choose the rejected task this is about.' }).waitFor();
      const option = page.getByLabel('Rejected task').locator('option', { hasText: new RegExp(`^Assignment ${assignmentId} \\(task \\d+, project ${projectId}\\), rejected`) });
      check((await option.count()) === 1, 'the rejected task is offered');
      await page.getByLabel('Rejected task').selectOption(String(assignmentId));
      check((await page.locator('#dispute-link-error').count()) === 0, 'choosing clears the error');
      await screenshot('rejection-dispute-form');
      await page.getByRole('button', { name: 'Open dispute' }).click();
      const heading = page.getByRole('heading', { name: /^Dispute #\d+: rejection$/, level: 1 });
      await heading.waitFor();
      const disputeId = (await heading.textContent()).match(/#(\d+)/)[1];
      await page.getByLabel('The dispute').getByText(`assignment ${assignmentId}`).waitFor();
      await page.getByLabel('The dispute').getByText('(in 9 days)').waitFor(); // rejection: a decision within 10 days
      // An admin upholds it (the UI of deciding is covered above).
      const admin = await apiAs(base, ADMIN);
      await admin('POST', `/disputes/${disputeId}/decision`, {
        outcome: 'upheld',
        rule: 'project rules v1 clause 1',
        reason: 'The sentence could be read either way; the work is paid.',
      });
      await page.reload();
      const decision = page.getByLabel('The decision');
      await decision.getByText('Upheld: decided for the worker').waitFor();
      await decision.getByText('USD 0.50', { exact: true }).waitFor();
      await decision.getByText('project rules v1 clause 1').waitFor();
      await screenshot('rejection-upheld-paid');
    },
  },
  {
    name: 'admin proposes a warning, the proposer cannot decide it, the worker answers, a second admin approves and confirms',
    fn: async ({ base, page, screenshot, newUserPage }) => {
      const admin1 = await apiAs(base, ADMIN);
      const worker = await apiAs(base, WORKER);
      const workerId = (await worker('GET', '/me')).id;
      // A dispute in the last 30 days makes the warning a possible retaliation (the first test opened one; run alone, open one).
      if ((await worker('GET', '/disputes')).items.length === 0)
        await worker('POST', '/disputes', { category: 'other', summary: 'A question about the rules.' });
      const email = `second-admin-${unique}@example.org`;
      await admin1('POST', '/users', { email, display_name: 'Second Admin', password: 'a long enough password', roles: ['admin'] });

      await logIn(page, base, ADMIN);
      await nav(page, 'Sanctions').click();
      await page.getByRole('heading', { name: 'Sanctions', level: 1 }).waitFor();
      await page.getByRole('button', { name: 'Propose sanction' }).click();
      await page.locator('#sanction-worker-error').waitFor();
      await page.locator('#sanction-reason-error').waitFor();
      await page.locator('#sanction-evidence-error').waitFor();
      // Only a suspension can take effect at once, and only then is it offered.
      check((await page.getByLabel('Take effect immediately?').count()) === 0, 'no immediate basis for a warning');
      await page.getByLabel('Level').selectOption('suspension');
      await page.getByLabel('Take effect immediately?').waitFor();
      await page.getByLabel('Level').selectOption('warning');
      await page.getByLabel('Worker id').fill(String(workerId));
      await page.getByLabel('Reason code').fill('gold_failures');
      await page.getByLabel('Evidence').fill(`Failed 8 of 10 gold tasks in project 3 (${unique}).`);
      await page.getByLabel(/^Notice to the worker/).fill('Please re-read clause 2 of the rules before your next tasks.');
      await page.getByRole('button', { name: 'Propose sanction' }).click();
      const proposed = page.getByRole('status').filter({ hasText: /Proposed warning \d+: proposed/ });
      await proposed.waitFor();
      check((await proposed.textContent()).includes('flagged as possible retaliation'), 'flagged: the worker disputed recently');
      const sanctionId = (await proposed.textContent()).match(/warning (\d+)/)[1];
      const card = page.getByRole('region', { name: `Warning ${sanctionId}` });
      await card.getByText(/the worker opened dispute \d+ in the 30 days before; needs a second admin/).waitFor();
      check((await card.getByRole('button', { name: /Approve as second admin/ }).count()) === 0, 'the proposer is not offered approval');
      // The proposer tries to decide: the server refuses, in its words.
      await card.getByRole('radio', { name: 'Confirm' }).check();
      await card.getByLabel('Reason for the decision').fill('The evidence is clear.');
      await card.getByRole('button', { name: `Record decision on sanction ${sanctionId}` }).click();
      await card.getByRole('alert').filter({ hasText: `sanction ${sanctionId} was proposed by you: an admin other than the proposer decides` }).waitFor();
      await card.getByText('decider_is_proposer').waitFor();
      await screenshot('proposer-refused');

      // The worker: the notice, the window, the answer; earnings still paid.
      const workerPage = await newUserPage();
      await logIn(workerPage, base, WORKER);
      await nav(workerPage, 'My sanctions').click();
      await workerPage.getByRole('heading', { name: 'My sanctions', level: 1 }).waitFor();
      await workerPage.getByText(/Your earnings are never forfeited/).waitFor();
      const mine = workerPage.getByRole('region', { name: `Warning ${sanctionId}` });
      await mine.getByText('Please re-read clause 2 of the rules before your next tasks.').waitFor();
      await mine.getByText(`Failed 8 of 10 gold tasks in project 3 (${unique}).`).waitFor();
      await mine.getByText('(in 6 days)').waitFor(); // the default 7-day window, less the moments since
      await mine.getByLabel('Your answer to the notice').fill('Two of those gold answers were marked wrong by mistake; see tasks 11 and 14.');
      await mine.getByRole('button', { name: 'Send answer' }).click();
      await mine.getByText('Two of those gold answers were marked wrong by mistake; see tasks 11 and 14.').waitFor();
      await mine.getByText(/^answered \(/).waitFor();
      check((await mine.getByRole('button', { name: 'Send answer' }).count()) === 0, 'answered once');
      await screenshot('worker-answered', workerPage);

      // The second admin approves, then confirms.
      const second = await newUserPage();
      await logIn(second, base, email, 'a long enough password');
      await nav(second, 'Sanctions').click();
      const theirs = second.getByRole('region', { name: `Warning ${sanctionId}` });
      await theirs.getByRole('button', { name: `Approve as second admin (Warning ${sanctionId})` }).click();
      await theirs.getByText(/approved by admin \d+/).waitFor();
      await theirs.getByRole('radio', { name: 'Confirm' }).check();
      await theirs.getByLabel('Reason for the decision').fill('Six of ten gold failures remain after the two corrected.');
      await theirs.getByRole('button', { name: `Record decision on sanction ${sanctionId}` }).click();
      await theirs.getByText(/^confirmed .*: Six of ten gold failures remain after the two corrected\.$/).waitFor();
      await screenshot('second-admin-confirmed', second);

      await nav(workerPage, /^Notices/).click();
      const notices = workerPage.getByRole('list', { name: 'Notices, newest first' });
      await notices.getByRole('listitem').first().getByRole('heading', { name: 'Sanction confirmed' }).waitFor();
      await notices.getByText(/Your earnings are not affected and are paid out on the normal schedule/).waitFor();

      // The worker disputes the confirmed warning from its card: the form starts about it.
      await nav(workerPage, 'My sanctions').click();
      await workerPage.getByRole('region', { name: `Warning ${sanctionId}` }).getByRole('link', { name: 'Dispute this warning' }).click();
      await workerPage.getByRole('heading', { name: 'Disputes', level: 1 }).waitFor();
      check(await workerPage.getByRole('radio', { name: /^sanction/ }).isChecked(), 'the sanction category is chosen');
      await workerPage.getByLabel('Sanction', { exact: true }).locator('option', { hasText: new RegExp(`^Warning ${sanctionId} `) }).waitFor({ state: 'attached' });
      check((await workerPage.getByLabel('Sanction', { exact: true }).inputValue()) === sanctionId, 'the warning is chosen');
      await workerPage.getByLabel('What happened, and what do you ask for?').fill('Two of the gold answers were wrong; please withdraw the warning.');
      await workerPage.getByRole('button', { name: 'Open dispute' }).click();
      await workerPage.getByRole('heading', { name: /^Dispute #\d+: sanction$/ }).waitFor();
      await workerPage.getByLabel('The dispute').getByText(`sanction ${sanctionId}`).waitFor();
      await screenshot('worker-disputes-sanction', workerPage);
    },
  },
  {
    name: 'auditor reads the transparency report for this month, downloads the regulator CSV and verifies the audit chain',
    fn: async ({ base, page, screenshot, newUserPage }) => {
      await acceptedWork(base);
      await logIn(page, base, 'auditor@demo.fairlabel.dev');
      await nav(page, 'Transparency').click();
      await page.getByRole('heading', { name: 'Transparency report', level: 1 }).waitFor();
      const now = new Date();
      const month = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;
      check((await page.getByLabel('From (first day)').inputValue()) === `${month}-01`, 'the period starts on the first of this month');
      await page.getByText(new RegExp(`^Period: ${month}-01 up to `)).waitFor();
      for (const title of ['Fair pay', 'Fair conditions', 'Fair contracts', 'Fair management', 'Fair representation'])
        await page.getByRole('heading', { name: title, level: 2 }).waitFor();
      await page.getByText(/of workers with counted time earned at least their local minimum wage per hour/).waitFor();
      await page.getByRole('heading', { name: 'Hourly pay by region, beside the local minimum' }).waitFor();
      const management = page.getByRole('table', { name: 'Fair management figures' });
      await management.getByRole('rowheader', { name: 'Rejection rate' }).waitFor();
      await management.getByRole('rowheader', { name: 'Flagged as possible retaliation · total' }).waitFor();
      await page.getByRole('table', { name: 'Fair representation figures' }).getByRole('rowheader', { name: 'Elected worker council members' }).waitFor();
      // The pictures, drawn from this month's records: the disputes the tests above opened and decided (other and
      // rejection decided by an admin, the sanction dispute still open), and the one piece of work accepted above.
      const conditions = page.getByRole('region', { name: 'Fair conditions' });
      await conditions.getByRole('img', { name: 'Accepted pieces of work in this period: paid out 0, not yet paid out 1' }).waitFor();
      await conditions.getByText('None of it has been paid out yet, so there is no time to payout to show.').waitFor();
      await conditions.getByText('No holds were placed in this period.').waitFor();
      const fairManagement = page.getByRole('region', { name: 'Fair management' });
      await fairManagement.getByRole('img', { name: 'Disputes opened in this period, by category: other 1, rejection 1, sanction 1' }).waitFor();
      await fairManagement
        .getByRole('img', {
          name: 'Disputes opened in this period, by where they are now: decided by an admin 2, decided for the worker by deadline 0, not decided yet 1',
        })
        .waitFor();
      check((await fairManagement.locator('svg rect.chart-bar').count()) === 3, 'one bar per dispute category');
      // The numbers stay in the table beside the pictures.
      await management.getByRole('rowheader', { name: 'Disputes · by category · rejection' }).waitFor();
      await screenshot('report-charts');
      // The period is checked before asking.
      await page.getByLabel('To (not included)').fill(`${month}-01`);
      await page.getByRole('button', { name: 'Show report' }).click();
      await page.locator('#report-to-error').waitFor();
      await screenshot('report');
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: /^Download the regulator export/ }).click(),
      ]);
      check(download.suggestedFilename().startsWith(`fairlabel-regulator-${month}-01-to-`), `the file is named for the period (${download.suggestedFilename()})`);
      const csv = readFileSync(await download.path(), 'utf8');
      check(csv.startsWith('country,region,currency,workers,earnings,hours\n'), `the regulator CSV header (${csv.slice(0, 60)})`);

      // Auditors read disputes and sanctions without any form.
      await nav(page, 'Disputes').click();
      const queue = page.getByRole('table', { name: 'Dispute queue, overdue first' });
      await queue.getByRole('link').first().click();
      await page.getByRole('heading', { name: /^Dispute #\d+: / }).waitFor();
      await page.getByLabel('The dispute').waitFor();
      check((await page.locator('main textarea, main input').count()) === 0, 'no reply or decision form for an auditor');
      await nav(page, 'Sanctions').click();
      await page.getByRole('heading', { name: 'Sanctions', level: 1 }).waitFor();
      check((await page.locator('main textarea, main input, main select').count()) === 0, 'no forms for an auditor on sanctions');

      await nav(page, 'Audit log').click();
      await page.getByRole('heading', { name: 'Audit log', level: 1 }).waitFor();
      const entries = page.getByRole('table', { name: 'Audit log entries, oldest first' });
      await entries.getByRole('row').nth(1).waitFor();
      await page.getByRole('button', { name: 'Verify chain' }).click();
      await page.getByRole('status').filter({ hasText: 'The chain is intact' }).waitFor();
      await screenshot('audit-verified');

      // The council reads the report; the audit log and the export are not theirs.
      const council = await newUserPage();
      await logIn(council, base, 'council@demo.fairlabel.dev');
      await nav(council, 'Transparency').click();
      await council.getByRole('heading', { name: 'Fair representation', level: 2 }).waitFor();
      check((await nav(council, 'Audit log').count()) === 0, 'no audit log link for the council');
      check((await council.getByRole('button', { name: /regulator export/ }).count()) === 0, 'no regulator export for the council');
    },
  },
  {
    // While it serves, the server neither runs payouts (`fairlabel ledger payout` does, or `serve --payout-schedule`)
    // nor places holds through its API, so this month's records have no time to payout and no holds to draw. The
    // report's answer is replaced here by a fixed one in the shape report_json writes, to see those pictures drawn.
    name: 'transparency report pictures of time to payout and holds (and pay by region), from a fixed report answer',
    fn: async ({ base, page, screenshot }) => {
      await logIn(page, base, 'auditor@demo.fairlabel.dev');
      const now = new Date();
      const first = (m) => new Date(Date.UTC(now.getFullYear(), m, 1)).toISOString().slice(0, 10);
      const period = `from=${first(now.getMonth())}&to=${first(now.getMonth() + 1)}`;
      const real = await (await apiAs(base, 'auditor@demo.fairlabel.dev'))('GET', `/reports/transparency?${period}`);
      const hours = (h) => ({ microseconds: Math.round(h * 3_600_000_000), hours: h });
      const fixed = {
        ...real,
        principles: {
          ...real.principles,
          fair_pay: {
            ...real.principles.fair_pay,
            workers_with_counted_time: 12,
            workers_meeting_minimum: 9,
            share_meeting_minimum: 0.75,
            finding: '75.0 % of workers with counted time earned at least their local minimum wage per hour before period top-ups',
            by_region: [
              { country: 'PH', region: 'PH-00', currency: 'PHP', workers: 12, workers_meeting_minimum: 9, median_hourly_minor: 9000, p10_hourly_minor: 6000, local_minimum_hourly_minor: 8000, minimum_basis: 'PH PH-00 (wage order)' },
            ],
          },
          fair_conditions: {
            acceptances: 40,
            acceptances_paid_out: 30,
            acceptance_to_payout_median: hours(30),
            acceptance_to_payout_p95: hours(120),
            holds: { placed: 6, reasons: { fraud_check: 2, gold_review: 4 }, states: { pending: 1, posted: 4, voided: 1 }, mean_duration: hours(50) },
            finding: '30 of 40 accepted pieces of work were paid out; 6 holds placed',
          },
        },
      };
      await page.route('**/api/v1/reports/transparency?*', (route) =>
        route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(fixed) }),
      );
      await nav(page, 'Transparency').click();
      // With these, every chart of the report is drawn: pay against the minimum too (9000 / 8000 → 112 %, 6000 → 75 %).
      await page.getByRole('img', { name: 'Median hourly pay as a share of the local minimum wage, by region: PH / PH-00 112 % (10th percentile 75 %)' }).waitFor();
      const conditions = page.getByRole('region', { name: 'Fair conditions' });
      await conditions.getByRole('img', { name: 'Accepted pieces of work in this period: paid out 30, not yet paid out 10' }).waitFor();
      const wait = conditions.getByRole('img', { name: 'Time from acceptance to payout: median 30 hours, 95th percentile 5 days' });
      await wait.waitFor();
      // Both bars on one scale: the median is a quarter of the 95th percentile.
      const [median, p95] = await wait.locator('rect.chart-bar').evaluateAll((rects) => rects.map((r) => Number(r.getAttribute('height'))));
      check(Math.abs(median * 4 - p95) < 0.01, `bar heights in proportion (${median}, ${p95})`);
      await conditions.getByRole('img', { name: 'Holds placed in this period, by where they are now: still held 1, released to the worker 4, voided 1' }).waitFor();
      await conditions.getByRole('img', { name: 'Holds placed in this period, by reason: gold review 4, fraud check 2' }).waitFor();
      // The same numbers in the table beside them.
      const table = page.getByRole('table', { name: 'Fair conditions figures' });
      await table.getByRole('row', { name: 'Acceptance to payout, 95th percentile 5 days' }).waitFor();
      await table.getByRole('row', { name: 'Holds · states · voided 1' }).waitFor();
      await screenshot('report-charts-payout-holds');
    },
  },
];

process.exitCode = (await run('protection tests', tests)) ? 1 : 0;
