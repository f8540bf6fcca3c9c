// Browser tests of the newer pages used with the keyboard alone, against the
// real server with its demo accounts (set-up steps through the API; every
// step of the flow under test is a key press):
// - disputes and notices: a worker opens a dispute (the form's checks first,
//   focus on the first field in error), an admin filters the queue, answers
//   and decides it (Enter in a text field submits), the worker follows the
//   notice to it;
// - sanctions and held rejections: an admin proposes a warning, a second
//   admin approves and confirms it, then approves a held rejection — the
//   shared decision form, with focus kept where the user is after each step;
// - report, audit log, announcements, export card: an auditor asks for a
//   period (a wrong one first), downloads the regulator CSV and verifies the
//   audit chain; an admin posts an announcement; a requester exports labels;
// - terms: an admin publishes new terms, a worker accepts them.
// At every Tab stop focus must be visible (the stylesheet's :focus-visible
// outline), and Tab must reach the next control within a bounded number of
// presses (no keyboard trap).
// Run: node e2e/keyboard.e2e.mjs (scripts/test.sh does).

import { ADMIN, apiAs, liveClassificationProject, logIn, WORKER } from './demo_api.mjs';
import { check, run } from './harness.mjs';

const unique = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;

/** What has focus: enough to name it in a message and to match it. */
const active = (page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    const label = el.getAttribute('aria-label') || (el.labels && el.labels[0]?.textContent) || el.textContent || '';
    return {
      tag: el.tagName.toLowerCase(),
      id: el.id,
      name: el.getAttribute('name') ?? '',
      type: el.getAttribute('type') ?? '',
      text: label.trim().replace(/\s+/g, ' '),
      checked: !!el.checked,
      outline: getComputedStyle(el).outlineStyle,
      // Chromium's date field has a calendar button inside it: with focus there the field itself is not :focus,
      // and the browser draws the button's focus ring (its own, not the stylesheet's outline).
      calendarButton: el.matches('input[type=date]') && !el.matches(':focus'),
    };
  });

const show = (a) => `${a.tag}${a.id ? `#${a.id}` : ''}${a.name ? `[name=${a.name}]` : ''} "${a.text.slice(0, 50)}"`;

/**
 * Presses Tab (or Shift+Tab) until `match(focused)` holds, checking that
 * focus is visible at every stop; fails after `max` presses (a trap, or the
 * control is not reachable).
 */
async function tabTo(page, match, what, { back = false, max = 60 } = {}) {
  const seen = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    const a = await active(page);
    seen.push(show(a));
    if (a.tag !== 'body' && !a.calendarButton) check(a.outline !== 'none', `visible focus on ${show(a)}`);
    if (match(a)) return a;
  }
  throw new Error(`${back ? 'Shift+Tab' : 'Tab'} did not reach ${what} in ${max} presses: ${seen.slice(-8).join(' → ')}`);
}

const byId = (id) => (a) => a.id === id;
const byText = (re) => (a) => (a.tag === 'button' || a.tag === 'a') && re.test(a.text);

/** Checks that focus is (or, within a second, gets) on what `match` accepts: focus may move after the page draws. */
async function focused(page, match, what) {
  let a;
  for (let i = 0; i < 20; i++) {
    a = await active(page);
    if (match(a)) return a;
    await page.waitForTimeout(50); // polling the page's focus; nothing else to wait on
  }
  throw new Error(`focus on ${what} (at ${show(a)})`);
}

/** Waits for the page's new heading to take focus (the app moves focus there on every new screen). */
const headingFocused = (page, name) => page.locator('h1:focus', { hasText: name }).waitFor();

const tests = [
  {
    name: 'disputes and notices with the keyboard alone: a worker opens a dispute, an admin answers and decides it',
    fn: async ({ base, page, screenshot, newUserPage }) => {
      const categories = (await (await apiAs(base, WORKER))('GET', '/dispute-categories')).items.map((c) => c.name);
      check(categories.includes('other'), `an "other" category is published (${categories})`);
      await logIn(page, base, WORKER);
      await page.goto(`${base}/disputes`);
      await headingFocused(page, 'Disputes');
      await page.getByRole('radio', { name: /^other/ }).waitFor(); // the categories have loaded
      // Straight to the button: nothing chosen, nothing said. Focus goes to the first field in error.
      await tabTo(page, byText(/^Open dispute$/), 'the Open dispute button');
      await page.keyboard.press('Enter');
      await page.locator('#dispute-summary-error').waitFor();
      await focused(page, (a) => a.name === 'dispute-category', 'the first category, whose error is read with it');
      // Arrow keys move through the radio group and choose.
      for (let i = 0; i < categories.indexOf('other'); i++) await page.keyboard.press('ArrowDown');
      await focused(page, (a) => a.name === 'dispute-category' && a.checked && /^other/.test(a.text), '"other", chosen');
      await tabTo(page, byId('dispute-summary'), 'the summary');
      const summary = `Keyboard only: the instructions changed mid-task (${unique}).`;
      await page.keyboard.type(summary);
      await tabTo(page, byText(/^Open dispute$/), 'the Open dispute button');
      await screenshot('worker-dispute-form');
      await page.keyboard.press('Enter');
      const heading = page.getByRole('heading', { name: /^Dispute #\d+: other$/, level: 1 });
      await heading.waitFor();
      await headingFocused(page, 'Dispute #');
      const disputeId = (await heading.textContent()).match(/#(\d+)/)[1];

      // The admin: answer, then decide, from the dispute's page.
      const admin = await newUserPage();
      await logIn(admin, base, ADMIN);
      await admin.goto(`${base}/disputes`);
      await headingFocused(admin, 'Disputes');
      await admin.getByText(/^\d+ of \d+ disputes? shown\.$/).waitFor(); // the queue has loaded
      // The queue's category filter: a letter chooses in a closed select; the count of those shown is announced.
      await tabTo(admin, byId('queue-category'), 'the category filter');
      await admin.keyboard.press('o');
      check((await admin.locator('#queue-category').inputValue()) === 'other', 'the "other" category chosen by typing');
      await admin.getByText(/^\d+ of \d+ disputes? shown\.$/).waitFor();
      await tabTo(admin, byText(new RegExp(`^#${disputeId}$`)), 'the dispute in the queue');
      await admin.keyboard.press('Enter');
      await headingFocused(admin, `Dispute #${disputeId}`);
      await tabTo(admin, byId('dispute-reply'), 'the answer box');
      await admin.keyboard.type('Thank you; we are checking which instructions applied.');
      await tabTo(admin, byText(/^Send message$/), 'Send message');
      await admin.keyboard.press('Enter');
      await admin.getByRole('list', { name: 'Messages, oldest first' }).getByText('we are checking which instructions applied').waitFor();
      await focused(admin, byText(/^Send message$/), 'Send message, kept while sending and after');
      // The decision form's checks: focus to the outcome, then Space chooses, Enter in the rule field submits.
      await tabTo(admin, byText(/^Record decision$/), 'Record decision');
      await admin.keyboard.press(' ');
      await admin.locator('#decide-reason-error').waitFor();
      await focused(admin, (a) => a.name === 'outcome', 'the outcome radios');
      await admin.keyboard.press(' ');
      await focused(admin, (a) => a.name === 'outcome' && a.checked && /^Upheld/.test(a.text), 'Upheld, chosen with Space');
      await tabTo(admin, byId('decide-rule'), 'the rule field');
      await admin.keyboard.type('terms 4.1');
      await tabTo(admin, byId('decide-reason'), 'the reason');
      await admin.keyboard.type('The task was claimed under version 1 of the instructions.');
      await tabTo(admin, byId('decide-rule'), 'the rule field', { back: true });
      await admin.keyboard.press('Enter');
      await admin.getByLabel('The decision').getByText('Upheld: decided for the worker').waitFor();
      await admin.locator('#decision-title:focus').waitFor(); // the form is gone: focus on the decision it made
      await screenshot('admin-decided', admin);

      // The worker: back to the menu with Shift+Tab, the notices, the link to the dispute.
      await page.reload();
      await headingFocused(page, `Dispute #${disputeId}`);
      await tabTo(page, (a) => a.tag === 'a' && /^Notices/.test(a.text), 'Notices in the menu', { back: true });
      await page.keyboard.press('Enter');
      await headingFocused(page, 'Notices');
      await page.getByRole('link', { name: `Dispute #${disputeId}` }).first().waitFor(); // the notices have loaded
      await tabTo(page, byText(new RegExp(`^Dispute #${disputeId}$`)), 'the link to the dispute');
      await screenshot('worker-notices');
      await page.keyboard.press('Enter');
      await headingFocused(page, `Dispute #${disputeId}`);
      await page.getByLabel('The decision').getByText('terms 4.1').waitFor();
    },
  },
  {
    name: 'sanctions and held rejections with the keyboard alone: propose, approve and confirm a warning, approve a held rejection',
    fn: async ({ base, page, screenshot, newUserPage }) => {
      const admin1 = await apiAs(base, ADMIN);
      const worker = await apiAs(base, WORKER);
      const workerId = (await worker('GET', '/me')).id;
      // A dispute in the last 30 days: the warning is flagged and needs a second admin; the rejection is held.
      if ((await worker('GET', '/disputes')).items.length === 0) await worker('POST', '/disputes', { category: 'other', summary: 'A question.' });
      const email = `kb-admin-${unique}@example.org`;
      await admin1('POST', '/users', { email, display_name: 'Keyboard Admin', password: 'a long enough password', roles: ['admin'] });

      // Admin 1 proposes a warning.
      await logIn(page, base, ADMIN);
      await page.goto(`${base}/sanctions`);
      await headingFocused(page, 'Sanctions');
      await tabTo(page, byId('sanction-worker'), 'Worker id');
      await page.keyboard.type(String(workerId));
      await tabTo(page, byId('sanction-reason'), 'Reason code');
      await page.keyboard.type('gold_failures');
      await tabTo(page, byText(/^Propose sanction$/), 'Propose sanction');
      await page.keyboard.press('Enter');
      await page.locator('#sanction-evidence-error').waitFor();
      await focused(page, byId('sanction-evidence'), 'the evidence, the one field in error');
      await page.keyboard.type(`Failed 8 of 10 gold tasks (${unique}).`);
      await tabTo(page, byText(/^Propose sanction$/), 'Propose sanction');
      await page.keyboard.press('Enter');
      const proposed = page.getByRole('status').filter({ hasText: /Proposed warning \d+: proposed/ });
      await proposed.waitFor();
      const sanctionId = (await proposed.textContent()).match(/warning (\d+)/)[1];
      await focused(page, byText(/^Propose sanction$/), 'Propose sanction, kept after sending');
      // The worker answers (through the API): a sanction is decided once the answer is in or the window has closed.
      await worker('POST', `/sanctions/${sanctionId}/answer`, { answer: 'Two of those gold answers were right.' });

      // Admin 2 approves as second admin, then confirms with the shared decision form.
      const second = await newUserPage();
      await logIn(second, base, email, 'a long enough password');
      await second.goto(`${base}/sanctions`);
      await headingFocused(second, 'Sanctions');
      await second.getByRole('button', { name: `Approve as second admin (Warning ${sanctionId})` }).waitFor(); // the list has loaded
      await tabTo(second, byText(new RegExp(`^Approve as second admin \\(Warning ${sanctionId}\\)$`)), 'the approval button');
      await second.keyboard.press('Enter');
      const card = second.getByRole('region', { name: `Warning ${sanctionId}` });
      await card.getByText(/approved by admin \d+/).waitFor();
      // The button is gone; focus goes on to the decision.
      await second.locator(`input[name="decision-${sanctionId}"]:focus`).waitFor();
      await tabTo(second, byText(new RegExp(`^Record decision on sanction ${sanctionId}$`)), 'Record decision');
      await second.keyboard.press('Enter');
      await card.locator('small.error').first().waitFor();
      await focused(second, (a) => a.name === `decision-${sanctionId}`, 'the decision radios');
      await second.keyboard.press(' ');
      await focused(second, (a) => a.name === `decision-${sanctionId}` && a.checked && a.text === 'Confirm', 'Confirm, chosen');
      await tabTo(second, byId(`decision-reason-${sanctionId}`), 'the reason');
      await second.keyboard.type('The gold failures stand.');
      await tabTo(second, byText(new RegExp(`^Record decision on sanction ${sanctionId}$`)), 'Record decision');
      await screenshot('sanction-decision-form', second);
      await second.keyboard.press('Enter');
      await card.getByText(/^confirmed .*: The gold failures stand\.$/).waitFor();
      await second.locator(`#sanction-${sanctionId}:focus`).waitFor(); // decided: focus on the card's heading

      // A held rejection: the worker's work rejected by the reviewer waits for an admin other than the reviewer.
      const project = await liveClassificationProject(base, { name: `Keyboard held ${unique}`, texts: ['A red car.'], reference: `e2e-kb-${unique}` });
      const terms = await worker('GET', '/me/terms-acceptance');
      if (terms.acceptance_required) await worker('POST', '/me/terms-acceptance', { version: terms.current_version });
      const assignment = await worker('POST', `/work/projects/${project.id}/claim`);
      await worker('POST', `/assignments/${assignment.id}/submit`, { payload: { label: 'palm tree' } });
      const reviewer = await apiAs(base, 'reviewer@demo.fairlabel.dev');
      const review = await reviewer('POST', `/review/projects/${project.id}/claim`, { stage: 0 });
      const verdict = await reviewer('POST', `/reviews/${review.id}/verdict`, {
        verdict: 'reject', reason_code: 'wrong_label', clause: '1', comment: 'It is a car.', evidence: [{ kind: 'task', note: 'A red car.' }],
      });
      check(verdict?.held_for_approval, `the rejection is held (${JSON.stringify(verdict)})`);
      await second.goto(`${base}/admin/held-rejections`);
      await headingFocused(second, 'Held rejections');
      await second.getByRole('button', { name: `Record decision on review ${review.id}` }).waitFor(); // the list has loaded
      await tabTo(second, byText(new RegExp(`^Record decision on review ${review.id}$`)), 'Record decision on the held rejection');
      await second.keyboard.press('Enter');
      await focused(second, (a) => a.name === `held-decision-${review.id}`, 'the decision radios');
      await second.keyboard.press(' ');
      await focused(second, (a) => a.checked && a.text === 'Approve the rejection', 'Approve, chosen');
      await tabTo(second, byId(`held-reason-${review.id}`), 'the reason');
      await second.keyboard.type('Clause 1 holds: it is a car.');
      await tabTo(second, byText(new RegExp(`^Record decision on review ${review.id}$`)), 'Record decision');
      await second.keyboard.press('Enter');
      await second.locator(`#held-${review.id}:focus`).waitFor(); // decided: focus on the card's heading
      await second.getByRole('region', { name: `Rejection in review ${review.id}` }).getByText(/Clause 1 holds: it is a car\./).first().waitFor();
      await screenshot('held-approved', second);
      check((await worker('GET', `/assignments/${assignment.id}`)).status === 'rejected', 'the rejection is in effect');
    },
  },
  {
    name: 'report, audit log, announcements and the export card with the keyboard alone',
    fn: async ({ base, page, screenshot, newUserPage }) => {
      // More than one page (50) of audit-log entries, to page through: each dispute opened is one.
      const auditor = await apiAs(base, 'auditor@demo.fairlabel.dev');
      const worker = await apiAs(base, WORKER);
      const entries = (await auditor('GET', '/audit?after=0&limit=100')).items.length;
      for (let i = entries; i <= 50; i++) await worker('POST', '/disputes', { category: 'other', summary: `Audit page filler ${i} (${unique}).` });

      await logIn(page, base, 'auditor@demo.fairlabel.dev');
      await page.goto(`${base}/reports/transparency`);
      await headingFocused(page, 'Transparency report');
      await page.getByText(/^Period: /).waitFor();
      // The end day moved back a month (ArrowDown on its month) is the start day: Enter, the error, focus on it.
      await tabTo(page, byId('report-to'), 'the end day');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      await page.locator('#report-to-error').filter({ hasText: 'The end day must be after the start day.' }).waitFor();
      await focused(page, byId('report-to'), 'the end day, in error');
      check((await page.locator('#report-to').getAttribute('aria-invalid')) === 'true', 'the end day is marked invalid');
      await page.keyboard.press('ArrowUp');
      await page.keyboard.press('Enter');
      await page.locator('#report-to-error').waitFor({ state: 'detached' });
      await page.getByRole('img', { name: /^Disputes opened in this period, by category: / }).waitFor();
      await tabTo(page, byText(/^Download the regulator export/), 'the regulator export');
      const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
      check(download.suggestedFilename().startsWith('fairlabel-regulator-'), `the CSV (${download.suggestedFilename()})`);
      await screenshot('report');

      // The audit log: verify with Enter; focus stays on the button while and after checking.
      await tabTo(page, (a) => a.tag === 'a' && a.text === 'Audit log', 'Audit log in the menu', { back: true });
      await page.keyboard.press('Enter');
      await headingFocused(page, 'Audit log');
      await tabTo(page, byText(/^Verify chain$/), 'Verify chain');
      await page.keyboard.press('Enter');
      await page.getByRole('status').filter({ hasText: 'The chain is intact' }).waitFor();
      await focused(page, byText(/^Verify chain$/), 'Verify chain, kept');
      // Paging: the button pressed may not be on the next page; focus goes to the line saying which entries are shown.
      await page.getByText(/^Entries 1 to 50\.$/).waitFor();
      await tabTo(page, byText(/^Later entries$/), 'Later entries');
      await page.keyboard.press('Enter');
      await page.locator('#audit-shown:focus').filter({ hasText: /^Entries 51 to \d+ \(page 2\)\.$/ }).waitFor();
      await tabTo(page, byText(/^Earlier entries$/), 'Earlier entries');
      await page.keyboard.press('Enter');
      await page.locator('#audit-shown:focus').filter({ hasText: /^Entries 1 to 50\.$/ }).waitFor();

      // An admin posts an announcement; Enter in the language field submits.
      const admin = await newUserPage();
      await logIn(admin, base, ADMIN);
      await admin.goto(`${base}/announcements`);
      await headingFocused(admin, 'Announcements');
      await tabTo(admin, (a) => a.name === 'announcement-scope', 'who it is for');
      await admin.keyboard.press(' ');
      await focused(admin, (a) => a.checked && a.text === 'All workers', 'All workers, chosen');
      await tabTo(admin, byId('announcement-title'), 'the title');
      const title = `Keyboard announcement ${unique}`;
      await admin.keyboard.type(title);
      await tabTo(admin, byId('announcement-language'), 'the language');
      await admin.keyboard.press('Enter');
      await admin.locator('#announcement-body-error').waitFor();
      await focused(admin, byId('announcement-body'), 'the announcement text, in error');
      await admin.keyboard.type('Payouts run on Fridays from next week.');
      await tabTo(admin, byId('announcement-language'), 'the language');
      await admin.keyboard.press('Enter');
      await admin.getByRole('status').filter({ hasText: `Published "${title}"` }).waitFor();
      await screenshot('announcement-posted', admin);

      // A requester exports a project's labels: Space ticks, Enter downloads, focus stays.
      const { id: projectId } = await liveClassificationProject(base, { name: `Keyboard export ${unique}`, texts: ['A car.'], reference: `e2e-kb-export-${unique}` });
      const requester = await newUserPage();
      await logIn(requester, base, 'requester@demo.fairlabel.dev');
      await requester.goto(`${base}/projects/${projectId}`);
      await requester.getByRole('region', { name: 'Export labels' }).getByRole('button', { name: 'Download export' }).waitFor();
      await tabTo(requester, byId('export-format'), 'the export format', { max: 120 });
      await tabTo(requester, (a) => a.type === 'checkbox' && /^Every accepted submission/.test(a.text), 'every accepted submission');
      await requester.keyboard.press(' ');
      await focused(requester, (a) => a.checked, 'the box, ticked');
      await tabTo(requester, byText(/^Download export$/), 'Download export');
      const [labels] = await Promise.all([requester.waitForEvent('download'), requester.keyboard.press('Enter')]);
      check(/^project-\d+-/.test(labels.suggestedFilename()), `the export (${labels.suggestedFilename()})`);
      await requester.getByText(/^Downloaded project-\d+-/).waitFor();
      await focused(requester, byText(/^Download export$/), 'Download export, kept');
    },
  },
  {
    // Last: new terms make every claim wait for the worker's acceptance.
    name: 'terms with the keyboard alone: an admin publishes a version, a worker accepts it',
    fn: async ({ base, page, screenshot, newUserPage }) => {
      await logIn(page, base, ADMIN);
      await page.goto(`${base}/terms`);
      await headingFocused(page, 'Platform terms');
      await tabTo(page, byText(/^Publish terms$/), 'Publish terms');
      await page.keyboard.press('Enter');
      await page.locator('#terms-text-error').waitFor();
      await focused(page, byId('terms-text'), 'the text, in error');
      await page.keyboard.type(`# Terms\n\nEvery accepted task is paid (${unique}).`);
      await tabTo(page, byText(/^Publish terms$/), 'Publish terms');
      await page.keyboard.press('Enter');
      const published = page.getByRole('status').filter({ hasText: /^Published version \d+\.$/ });
      await published.waitFor();
      const version = (await published.textContent()).match(/(\d+)/)[1];

      const worker = await newUserPage();
      await logIn(worker, base, WORKER);
      await worker.goto(`${base}/terms`);
      await headingFocused(worker, 'Platform terms');
      await worker.getByRole('button', { name: `I accept version ${version}` }).waitFor(); // the worker's status has loaded
      await tabTo(worker, byText(new RegExp(`^I accept version ${version}$`)), 'I accept');
      await worker.keyboard.press('Enter');
      await worker.locator('#terms-accepted:focus').waitFor(); // the button is gone: focus on the sentence that replaced it
      await worker.getByText(`You accepted version ${version} on`).waitFor();
      await screenshot('worker-accepted', worker);
    },
  },
];

process.exitCode = (await run('keyboard tests', tests)) ? 1 : 0;
