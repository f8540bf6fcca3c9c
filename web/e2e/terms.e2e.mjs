// Browser tests of platform terms and announcements against the real server
// with its demo accounts (no mocks):
// - an admin publishes terms through the API; anyone can read them at
//   /terms; the demo worker is reminded on the home page, and their claim
//   on the work page is refused with terms_not_accepted, which shows the
//   terms with "I accept version N"; accepting records it and the claim
//   then succeeds (the task opens);
// - an admin posts an all-workers announcement with the form (the form's
//   own checks first); the worker sees it on the announcements page and,
//   as the newest, on the notices page; a requester is offered only the
//   project scope;
// - a reviewer's rejection of a worker who has just disputed is held (202):
//   the review page says it waits for a second admin; an admin finds it
//   under Held rejections with the comment and evidence, is stopped by the
//   form's checks, approves it with a reason, and the rejection takes effect.
// Run: node e2e/terms.e2e.mjs (scripts/test.sh does).

import { ADMIN, apiAs, liveClassificationProject, logIn, PASSWORD, WORKER } from './demo_api.mjs';
import { check, run } from './harness.mjs';

const unique = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;

const nav = (page, name) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });

/** A live classification project of the demo organisation with two tasks, offered to the demo worker. */
const liveProject = (base, name) =>
  liveClassificationProject(base, {
    name,
    texts: ['A red car waits at the lights.', 'A palm tree by the sea.'],
    reference: `e2e-terms-${unique}`,
  });

const tests = [
  {
    name: 'admin publishes terms; the worker claim shows them, the worker accepts version N, and the claim succeeds',
    fn: async ({ base, page, screenshot, newUserPage }) => {
      const projectName = `Terms labels ${unique}`;
      await liveProject(base, projectName);
      const admin = await apiAs(base, ADMIN);
      const before = await admin('GET', '/terms');
      const termsText = `# Fair work terms\n\nYou are paid for every accepted task (${unique}).`;
      const published = await admin('POST', '/terms', { text: termsText });
      const version = published.version;
      check(version === (before.version ?? 0) + 1, `a new version is in force (${version})`);

      // Anyone may read the terms in force.
      await page.goto(`${base}/terms`);
      await page.getByRole('heading', { name: 'Platform terms', level: 1 }).waitFor();
      await page.getByRole('heading', { name: `Version ${version}` }).waitFor();
      await page.getByText(`You are paid for every accepted task (${unique}).`).waitFor();
      check((await page.getByRole('button', { name: /I accept/ }).count()) === 0, 'no accept button for a visitor');

      const worker = await newUserPage();
      await logIn(worker, base, WORKER);
      // Home reminds them; they go to work without accepting there.
      await worker.getByRole('heading', { name: `Platform terms, version ${version}` }).waitFor();
      await screenshot('home-reminder', worker);
      await nav(worker, 'Work').click();
      const offer = worker.getByRole('row', { name: new RegExp(projectName) });
      await offer.getByRole('button', { name: /Accept a task/ }).click();

      // The claim is refused until the terms are accepted: the terms are shown.
      const gate = worker.getByRole('region', { name: `Platform terms, version ${version}` });
      await gate.waitFor();
      await gate.getByText(`the server says: the platform terms changed: accept version ${version} before claiming work`, { exact: false }).waitFor();
      await gate.getByText(`You are paid for every accepted task (${unique}).`).waitFor();
      check(/\/work$/.test(worker.url()), 'still on the work page');
      await screenshot('claim-needs-terms', worker);
      await gate.getByRole('button', { name: `I accept version ${version}` }).click();

      // Accepted: the claim is retried and the task opens.
      await worker.waitForURL(/\/assignments\/\d+$/);
      await worker.getByRole('button', { name: 'Submit' }).waitFor();
      const status = await (await apiAs(base, WORKER))('GET', '/me/terms-acceptance');
      check(status.accepted?.version === version && !status.acceptance_required, `the acceptance is recorded (${JSON.stringify(status)})`);

      // The terms page now says so, and home no longer asks.
      await nav(worker, 'Terms').click();
      await worker.getByText(`You accepted version ${version} on`).waitFor();
      check((await worker.getByRole('button', { name: /I accept/ }).count()) === 0, 'nothing left to accept');
      await nav(worker, 'Home').click();
      await worker.getByRole('heading', { name: /Welcome/ }).waitFor();
      check((await worker.getByRole('heading', { name: /^Platform terms/ }).count()) === 0, 'no reminder once accepted');
    },
  },
  {
    name: 'admin posts an all-workers announcement with the form; the worker sees it; a requester may post to a project only',
    fn: async ({ base, page, screenshot, newUserPage }) => {
      await logIn(page, base, ADMIN);
      await nav(page, 'Announcements').click();
      await page.getByRole('heading', { name: 'Announcements', level: 1 }).waitFor();
      // Checked before sending.
      await page.getByRole('button', { name: 'Publish announcement' }).click();
      await page.locator('#announcement-scope-error').waitFor();
      await page.locator('#announcement-title-error').waitFor();
      await page.locator('#announcement-body-error').waitFor();
      await page.getByRole('radio', { name: 'All workers' }).check();
      const title = `Payouts move to Fridays (${unique})`;
      await page.getByLabel('Title').fill(title);
      await page.getByLabel('Announcement', { exact: true }).fill('From next week every payout runs on Friday.');
      await page.getByLabel('Language of the text (optional)').fill('en');
      await page.getByRole('button', { name: 'Publish announcement' }).click();
      await page.getByRole('status').filter({ hasText: `Published "${title}"` }).waitFor();
      await screenshot('admin-posted');

      const worker = await newUserPage();
      await logIn(worker, base, WORKER);
      await nav(worker, 'Announcements').click();
      await worker.getByRole('heading', { name: title }).waitFor();
      await worker.getByText('From next week every payout runs on Friday.').waitFor();
      check((await worker.getByRole('button', { name: 'Publish announcement' }).count()) === 0, 'no post form for a worker');
      await nav(worker, /^Notices/).click();
      await worker.getByRole('heading', { name: 'Latest announcement' }).waitFor();
      await worker.getByRole('heading', { name: title }).waitFor();
      await screenshot('worker-notices', worker);

      const requester = await newUserPage();
      await logIn(requester, base, 'requester@demo.fairlabel.dev');
      await nav(requester, 'Announcements').click();
      await requester.getByRole('heading', { name: 'Post an announcement' }).waitFor();
      check((await requester.getByRole('radio', { name: 'All workers' }).count()) === 0, 'no all-workers scope for a requester');
      const project = requester.getByLabel('Project', { exact: true });
      await project.waitFor();
      await requester.getByRole('option', { name: /#\d+\)$/ }).first().waitFor({ state: 'attached' });
      check((await project.locator('option').count()) > 1, 'the requester picks one of their projects');
    },
  },
  {
    name: 'a rejection of a recent disputer is held: the reviewer is told, an admin approves it from the queue with a reason',
    fn: async ({ base, page, screenshot, newUserPage }) => {
      const projectName = `Held labels ${unique}`;
      const project = await liveProject(base, projectName);
      const worker = await apiAs(base, WORKER);
      const terms = await worker('GET', '/me/terms-acceptance');
      if (terms.acceptance_required) await worker('POST', '/me/terms-acceptance', { version: terms.current_version });
      await worker('POST', '/disputes', { category: 'other', summary: `Instructions changed without notice (${unique}).` });
      const assignment = await worker('POST', `/work/projects/${project.id}/claim`);
      await worker('POST', `/assignments/${assignment.id}/submit`, { payload: { label: 'palm tree' } });

      // The reviewer rejects in the browser; the server holds it (202) and the page says so.
      await logIn(page, base, 'reviewer@demo.fairlabel.dev');
      await page.goto(`${base}/review`);
      await page.getByLabel('Project number').fill(String(project.id));
      await page.getByRole('button', { name: 'Take next' }).click();
      await page.getByRole('heading', { name: /Review: Classification task/ }).waitFor();
      await page.getByRole('radio', { name: 'Reject' }).check();
      await page.getByLabel('Reason').selectOption('wrong_label');
      await page.getByLabel(/Rule broken/).selectOption('1');
      await page.getByLabel('Comment for the worker').fill('The sentence names a car.');
      await page.getByRole('button', { name: 'Record decision' }).click();
      await page.getByRole('heading', { name: 'Rejection waiting for a second admin' }).waitFor();
      await page.getByRole('status').filter({ hasText: 'waits for a second admin to approve it' }).waitFor();
      await screenshot('reviewer-told-held');

      // An admin finds it in the queue, is stopped by the form's own checks, and approves it with a reason.
      const admin = await newUserPage();
      await logIn(admin, base, ADMIN);
      await nav(admin, 'Held rejections').click();
      const card = admin.getByRole('region').filter({ has: admin.getByRole('heading', { name: /^Rejection in review \d+$/ }) }).filter({
        hasText: `${project.id} / ${assignment.id}`,
      });
      await card.waitFor();
      await card.getByText('The sentence names a car.', { exact: true }).waitFor(); // the comment
      await card.getByText('task: The sentence names a car.').waitFor(); // the evidence pinned to the task
      await card.getByText('wrong_label').waitFor();
      await card.getByText(/^the worker opened a dispute in the last 30 days \(dispute #\d+\)$/).waitFor(); // why it is held
      await card.getByRole('button', { name: /^Record decision on review/ }).click();
      await card.locator('small.error').first().waitFor();
      check((await card.locator('small.error').count()) === 2, 'a decision and a reason are required');
      await card.getByRole('radio', { name: 'Approve the rejection' }).check();
      await card.getByLabel('Reason for the decision').fill('Clause 1 holds: the sentence names a car; unrelated to the dispute.');
      await card.getByRole('button', { name: /^Record decision on review/ }).click();
      await card.getByText(/Clause 1 holds: the sentence names a car/).first().waitFor();
      check((await card.getByRole('button', { name: /^Record decision on review/ }).count()) === 0, 'decided: no form left');
      await screenshot('admin-approved', admin);
      const after = await worker('GET', `/assignments/${assignment.id}`);
      check(after.status === 'rejected', `the rejection is in effect once approved (${after.status})`);
    },
  },
];

process.exitCode = (await run('terms tests', tests)) ? 1 : 0;
