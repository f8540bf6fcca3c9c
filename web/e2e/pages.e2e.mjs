// Browser tests of the pages built on the API as it is today, against the
// real server with its demo accounts:
// - a requester's progress view shows a completed task's result and the
//   throughput chart;
// - a worker's "My skill" page shows how the estimate was computed;
// - an admin creates a user (field errors first) and grants a role;
// - an auditor sees the project, its progress and escrow, and no control
//   that would change anything;
// - the admin's users page used with the keyboard alone (the newer pages:
//   keyboard.e2e.mjs).
// The completed task is made through the HTTP API (the same server, no
// mocks): a one-answer classification project without review stages, the
// demo worker claims and submits, the server settles the result. The UI of
// those steps is covered by worker.e2e.mjs.
// Run: node e2e/pages.e2e.mjs (scripts/test.sh does).

import { readFileSync } from 'node:fs';
import { apiAs, liveClassificationProject, logIn } from './demo_api.mjs';
import { check, run } from './harness.mjs';

const unique = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;

let completed = null; // {projectId, projectName}: made once, used by the tests after the first

/** A live classification project with one task the demo worker has answered, settled by the server. */
async function completedTask(base) {
  if (completed) return completed;
  const projectName = `Street objects ${unique}`;
  const project = await liveClassificationProject(base, {
    name: projectName,
    texts: ['A red car waits at the lights.', 'A palm tree by the road.'],
    reference: `e2e-${unique}`,
    labels: ['pedestrian', 'car', 'palm tree'],
    rule: 'Choose exactly one label.',
    reviewStages: [],
  });
  const worker = await apiAs(base, 'worker@demo.fairlabel.dev');
  const assignment = await worker('POST', `/work/projects/${project.id}/claim`);
  const submitted = await worker('POST', `/assignments/${assignment.id}/submit`, { payload: { label: 'car' } });
  check(submitted.status === 'accepted', `accepted at once without review stages (${submitted.status})`);
  completed = { projectId: project.id, projectName };
  return completed;
}

const tests = [
  {
    name: 'requester progress view shows a completed result, the chart, escrow and cost',
    fn: async ({ base, page, screenshot }) => {
      const { projectId, projectName } = await completedTask(base);
      await logIn(page, base, 'requester@demo.fairlabel.dev');
      await page.goto(`${base}/projects/${projectId}`);
      await page.getByRole('link', { name: 'Progress, results and cost' }).click();
      await page.getByRole('heading', { name: `Progress: ${projectName}`, level: 1 }).waitFor();
      const results = page.getByRole('table', { name: 'Tasks with status, result and confidence' });
      const done = results.getByRole('row').filter({ hasText: 'complete' });
      await done.getByRole('cell', { name: 'car', exact: true }).waitFor();
      await done.getByRole('cell', { name: '100.0 %' }).waitFor();
      check((await results.getByRole('row').filter({ hasText: 'open' }).count()) === 1, 'the other task is open');
      const chart = page.getByRole('img', { name: /^Accepted assignments per hour: \d\d:00 1$/ });
      await chart.waitFor();
      check((await chart.locator('rect.chart-bar').count()) === 1, 'one bar for the one accepted assignment');
      await page.getByRole('img', { name: 'Tasks by status: Complete 1, Open 1' }).waitFor();
      await page.getByText('Piece pay for 1 accepted assignment: USD 0.50').waitFor();
      await page.getByRole('table', { name: 'Escrow' }).waitFor();
      const assignments = page.getByRole('table', { name: 'Assignments, newest first' });
      check((await assignments.getByRole('row').filter({ hasText: 'accepted' }).count()) === 1, 'the accepted assignment is listed');
      await screenshot('progress');
    },
  },
  {
    name: 'requester exports the results from the project page as Label Studio JSON and as JSON Lines',
    fn: async ({ base, page, screenshot }) => {
      const { projectId } = await completedTask(base);
      await logIn(page, base, 'requester@demo.fairlabel.dev');
      await page.goto(`${base}/projects/${projectId}`);
      const card = page.getByRole('region', { name: 'Export labels' });
      // The card renders once the project has loaded; read its options only then.
      await card.getByRole('button', { name: 'Download export' }).waitFor();
      const formats = await card.getByLabel('Format').locator('option').allTextContents();
      check(formats.join('|') === 'Label Studio JSON|JSON Lines', `a classification project offers its formats (${formats})`);
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        card.getByRole('button', { name: 'Download export' }).click(),
      ]);
      check(download.suggestedFilename() === `project-${projectId}-label-studio.json`, `named as the server names it (${download.suggestedFilename()})`);
      const tasks = JSON.parse(readFileSync(await download.path(), 'utf8'));
      check(Array.isArray(tasks) && tasks.length === 1, `the one completed task (${tasks.length})`);
      check(tasks[0].data.text === 'A red car waits at the lights.', 'with its data');
      check(tasks[0].annotations[0].result[0].value.choices[0] === 'car', 'and its result');
      await card.getByText(/Downloaded project-\d+-label-studio\.json/).waitFor();

      await card.getByLabel('Format').selectOption('jsonl');
      await card.getByLabel(/Every accepted submission/).check();
      await card.getByLabel(/With provenance/).check();
      const [lines] = await Promise.all([page.waitForEvent('download'), card.getByRole('button', { name: 'Download export' }).click()]);
      const rows = readFileSync(await lines.path(), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
      check(rows.length === 1, `one JSONL line per task with a submission (${rows.length})`);
      check(JSON.stringify(rows[0]).includes('car'), 'the submission is in it');
      await screenshot('project-export');
    },
  },
  {
    name: 'worker skill page shows the estimate and how it was computed',
    fn: async ({ base, page, screenshot }) => {
      const { projectName } = await completedTask(base);
      await logIn(page, base, 'worker@demo.fairlabel.dev');
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My skill' }).click();
      await page.getByRole('heading', { name: 'My skill', level: 1 }).waitFor();
      await page.getByText(/It never changes your pay/).first().waitFor();
      const card = page.getByRole('region', { name: projectName });
      await card.getByRole('heading', { name: 'How this was computed' }).waitFor();
      await card.getByText(/The estimate is \(correct \+ 1\) \/ \(answered \+ 2\)/).waitFor();
      await card.getByText('1 of 1 answers agreed with the result; mean agreement 100 %').waitFor();
      await card.getByRole('img', { name: /^Estimate 50 %, 95 % interval/ }).waitFor();
      const decisions = page.getByRole('table', { name: 'Decisions on your recent work' });
      await decisions.getByText('Accepted without review').first().waitFor();
      await screenshot('skill');
    },
  },
  {
    name: 'admin creates a user with roles, looks them up and adds a role',
    fn: async ({ base, page, screenshot, newUserPage }) => {
      await logIn(page, base, 'admin@demo.fairlabel.dev');
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).click();
      await page.getByRole('heading', { name: 'Users', level: 1 }).waitFor();
      // The server's problem: its detail in the banner, each field's at the field.
      await page.getByRole('button', { name: 'Create user' }).click();
      await page.locator('#user-email-error').waitFor();
      await page.locator('#user-name-error').waitFor();
      check((await page.locator('.banner-error').textContent()).includes('/email'), 'the banner names the field pointers');
      await screenshot('users-errors');
      await page.getByLabel('Email').fill(`rev-${unique}@example.org`);
      await page.getByLabel('Display name').fill('Rosa Reviewer');
      await page.getByLabel('Initial password').fill('a long enough password');
      await page.getByLabel(/^Country/).fill('de');
      await page.getByRole('checkbox', { name: 'worker' }).uncheck();
      await page.getByRole('checkbox', { name: 'reviewer' }).check();
      await page.getByRole('button', { name: 'Create user' }).click();
      const notice = page.getByRole('status').filter({ hasText: /Created user \d+, Rosa Reviewer \(reviewer\)/ });
      await notice.waitFor();
      const id = (await notice.textContent()).match(/Created user (\d+)/)[1];
      await page.getByLabel('User id').fill(id);
      await page.getByRole('button', { name: 'Look up' }).click();
      const facts = page.getByLabel(`User ${id}`);
      await facts.getByText('Rosa Reviewer').waitFor();
      await facts.getByText('DE /').waitFor();
      await page.getByLabel('Add a role to Rosa Reviewer').selectOption('auditor');
      await page.getByRole('button', { name: 'Add role' }).click();
      await page.getByText('Role auditor granted.').waitFor();
      await facts.getByText('auditor, reviewer').or(facts.getByText('reviewer, auditor')).waitFor();
      await screenshot('users');
      // The new account works, in its own browser context.
      const rosa = await newUserPage();
      await logIn(rosa, base, `rev-${unique}@example.org`, 'a long enough password');
      await rosa.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Review' }).waitFor();
    },
  },
  {
    name: 'auditor reads the project, its progress and escrow, with no edit controls',
    fn: async ({ base, page, screenshot }) => {
      const { projectId, projectName } = await completedTask(base);
      await logIn(page, base, 'auditor@demo.fairlabel.dev');
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Organisations' }).click();
      await page.getByRole('link', { name: 'Demo Vision Lab' }).first().click();
      await page.getByRole('heading', { name: 'Demo Vision Lab', level: 1 }).waitFor();
      const editControls = 'main input, main textarea, main select, main button[type=submit]';
      check((await page.locator(editControls).count()) === 0, 'no forms on the organisation page');
      await page.getByRole('link', { name: projectName, exact: true }).click();
      await page.getByRole('heading', { name: projectName, level: 1 }).waitFor();
      await page.getByText('You are reading this project as an auditor').waitFor();
      await page.getByRole('heading', { name: 'Instructions' }).waitFor();
      await page.getByRole('heading', { name: 'Acceptance rules (version 1)' }).waitFor();
      await page.getByText('Choose exactly one label.').waitFor();
      await page.getByText('USD 0.50', { exact: true }).waitFor(); // pay per task, read-only
      // Exporting is reading: the auditor gets the export form and nothing else.
      const exportCard = page.getByRole('region', { name: 'Export labels' });
      await exportCard.getByRole('button', { name: 'Download export' }).waitFor();
      const exportControls = await exportCard.locator('input, textarea, select, button[type=submit]').count();
      check(exportControls === 4, `the export form (${exportControls} controls)`);
      check((await page.locator(editControls).count()) === exportControls, 'no edit controls on the project page');
      const buttons = await page.getByRole('button').allTextContents();
      check(buttons.join('|') === 'Log out|Download export', `only Log out and Download export (${buttons})`);
      await screenshot('auditor-project');
      await page.getByRole('link', { name: 'Progress, results and cost' }).click();
      await page.getByRole('heading', { name: `Progress: ${projectName}` }).waitFor();
      await page.getByRole('table', { name: 'Escrow' }).waitFor();
      await page.getByRole('cell', { name: 'car', exact: true }).waitFor();
      check((await page.locator(editControls).count()) === 0, 'no edit controls on the progress page');
      await screenshot('auditor-progress');
      // The server agrees: an auditor's edit is refused.
      const token = await page.evaluate(() => localStorage.getItem('fairlabel.token'));
      const edit = await fetch(`${base}/api/v1/projects/${projectId}`, {
        method: 'PATCH',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: 'changed', version: 1 }),
      });
      check(edit.status === 403 || edit.status === 404, `the API refuses an auditor's edit (${edit.status})`);
    },
  },
  {
    name: 'users page with the keyboard alone: focus order, visible focus, submit',
    fn: async ({ base, page, screenshot }) => {
      await logIn(page, base, 'admin@demo.fairlabel.dev');
      await page.goto(`${base}/admin/users`);
      await page.locator('h1:focus').waitFor(); // the app moves focus to the new page's heading
      const focusedId = () => page.evaluate(() => document.activeElement?.id || document.activeElement?.textContent?.trim());
      const tab = async (expected) => {
        await page.keyboard.press('Tab');
        const id = await focusedId();
        check(id === expected, `Tab reaches ${expected} (at ${id})`);
        // Focus must be visible where it lands: the stylesheet's :focus-visible outline.
        const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
        check(outline !== 'none', `visible focus on ${expected} (outline ${outline})`);
      };
      await tab('user-email');
      await page.keyboard.type(`aud-${unique}@example.org`);
      await tab('user-name');
      await page.keyboard.type('Ada Auditor');
      await tab('user-password');
      await page.keyboard.type('another long password');
      await tab('user-country');
      await tab('user-region');
      await page.keyboard.press('Tab'); // roles: worker (checked)
      await page.keyboard.press('Space'); // unchecks worker
      for (let i = 0; i < 4; i++) await page.keyboard.press('Tab'); // reviewer, requester, admin → auditor
      await page.keyboard.press('Space');
      await page.keyboard.press('Tab'); // council
      await tab('Create user');
      await screenshot('users-keyboard');
      await page.keyboard.press('Enter');
      await page.getByRole('status').filter({ hasText: /Created user \d+, Ada Auditor \(auditor\)/ }).waitFor();
      // Focus stays on the button while and after sending; Enter again sends the emptied form, and the server's
      // errors take focus to the first field in error.
      check((await focusedId()) === 'Create user', `focus kept on Create user (at ${await focusedId()})`);
      await page.keyboard.press('Enter');
      await page.locator('#user-email-error').waitFor();
      await page.locator('#user-email:focus').waitFor();
      check((await page.locator('#user-email').getAttribute('aria-invalid')) === 'true', 'the email field is marked invalid');
    },
  },
];

process.exitCode = (await run('page tests', tests)) ? 1 : 0;
