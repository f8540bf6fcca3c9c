// The whole story through the UI, against the real work API (src/work/,
// docs/api-work.md), each person in their own browser context:
// - the demo requester creates a video project, sets labels, pay, time
//   estimate and a review stage, publishes numbered rules, imports a task
//   and makes it live;
// - a worker sees the pay and hourly rate before accepting, tracks an
//   object with two keyframes, checks an interpolated frame, closes the tab
//   mid-task and finds the draft restored, submits;
// - the demo reviewer sends it back, pinned to the track on a frame, with a
//   reason and the rule;
// - the worker sees why, redoes and resubmits; the reviewer accepts.
// The 30 video frames are drawn in the requester's page and uploaded
// through the media route; the worker's and the reviewer's canvases must
// show them (real pixels, fetched with the bearer token).
// A second test claims the demo's own image and video tasks as the demo
// worker and checks their pictures are drawn.
// Run: node e2e/worker.e2e.mjs (needs a server with the work API).

import { check, run } from './harness.mjs';
import { uploadDrawnFrames, waitForPicture } from './media.mjs';

const PASSWORD = 'demo-password';

async function logIn(page, base, email, password = PASSWORD) {
  await page.goto(`${base}/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('heading', { name: /Welcome/ }).waitFor();
}

async function setUpProject(page, base, screenshot) {
  await logIn(page, base, 'requester@demo.fairlabel.dev');
  await page.goto(`${base}/orgs`);
  await page.getByRole('link', { name: 'Demo Vision Lab' }).first().click();
  await page.getByLabel('Name', { exact: true }).fill('Crossing pedestrians');
  await page.getByLabel('Task type').selectOption('video_track');
  await page.getByLabel('Instructions for workers').fill('# Track\n1. Follow every pedestrian.');
  await page.getByRole('button', { name: 'Create project' }).click();
  await page.getByRole('heading', { name: 'Crossing pedestrians', level: 1 }).waitFor();
  const projectId = Number(page.url().split('/').pop());

  await page.getByLabel('Label 1', { exact: true }).fill('pedestrian');
  await page.getByRole('button', { name: 'Add label' }).click();
  await page.getByLabel('Label 2', { exact: true }).fill('car');
  await page.getByLabel('Pay per task').fill('1.20');
  await page.getByLabel('Currency').fill('EUR');
  await page.getByLabel('Expected seconds per task').fill('90');
  await page.getByText('At that pace a worker earns EUR 48.00 per hour.', { exact: false }).waitFor();
  await page.getByRole('button', { name: 'Add review stage' }).click();
  await page.getByLabel('Review stage 1', { exact: true }).fill('check');
  await page.getByLabel(/Deadline \(hours/).fill('1');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await page.getByText(/Settings saved at/).waitFor();
  await page.getByLabel('Rules', { exact: true }).fill('Boxes fit the person tightly.\nEvery pedestrian is tracked.');
  await page.getByRole('button', { name: 'Publish rules' }).click();
  await page.getByRole('heading', { name: 'Acceptance rules (version 1)' }).waitFor();
  const frames = (await uploadDrawnFrames(page, projectId, 30)).map((ref) => ref.sha256);
  const taskLine = JSON.stringify({ video: { fps: 10, width: 640, height: 360, frames } });
  await page.getByLabel('Task inputs (JSON lines)').fill(taskLine);
  await page.getByRole('button', { name: 'Import tasks' }).click();
  await page.getByText('Imported 1 task.').waitFor();
  // Going live needs the escrow to cover the batch: refused first, with how much is missing.
  await page.getByText('Escrow balance: nothing deposited yet.').waitFor();
  await page.getByRole('button', { name: 'Make the project live' }).click();
  await page.getByRole('alert').filter({ hasText: /escrow/i }).waitFor();
  await screenshot('escrow-refused', page);
  await page.getByLabel('Amount (EUR)').fill('10.00');
  await page.getByLabel('Payment reference').fill('wire-2026-0001');
  await page.getByRole('button', { name: 'Record deposit' }).click();
  await page.getByText('Deposit of EUR 10.00 recorded.').waitFor();
  await page.getByText('Escrow balance: EUR 10.00').waitFor();
  await page.getByRole('button', { name: 'Make the project live' }).click();
  await page.getByText('This project is live').waitFor();
  await screenshot('requester-setup', page);
  return projectId;
}

async function decide(page, base, projectId, screenshot, name, act) {
  await page.goto(`${base}/review`);
  await page.getByLabel('Project number').fill(String(projectId));
  await page.getByRole('button', { name: 'Take next' }).click();
  await page.getByRole('heading', { name: /Review: Video tracking task/ }).waitFor();
  await act();
  await screenshot(name, page);
  await page.getByRole('button', { name: 'Record decision' }).click();
  await page.getByRole('heading', { name: 'Decision recorded' }).waitFor();
}

const tests = [
  {
    name: 'worker story: set up, pay before accepting, two keyframes, draft restored, redo with pinned reason, accepted',
    fn: async ({ base, page: requester, newUserPage, screenshot }) => {
      const projectId = await setUpProject(requester, base, screenshot);

      const worker = await newUserPage();
      await logIn(worker, base, 'worker@demo.fairlabel.dev');
      await worker.getByRole('link', { name: 'Find work' }).click();
      const offer = worker.getByRole('row', { name: /Crossing pedestrians/ });
      await offer.getByText('EUR 1.20').waitFor();
      await offer.getByText('EUR 48.00/h').waitFor(); // 1.20 per 90 s
      await offer.getByText("requester's estimate").waitFor();
      // The hourly rate stands beside the worker's local minimum wage.
      const cells = offer.getByRole('cell');
      check((await cells.nth(4).innerText()).trim() === 'EUR 48.00/h', 'the hourly rate column');
      const minimum = (await cells.nth(5).innerText()).trim();
      check(/^EUR \d+\.\d\d\/h$/.test(minimum), `the local minimum beside it: ${minimum}`);
      await screenshot('offers', worker);
      await offer.getByRole('button', { name: /Accept a task/ }).click();

      await worker.getByRole('heading', { name: 'Video tracking', level: 1 }).waitFor();
      const assignmentUrl = worker.url();
      const canvas = worker.locator('.box-canvas canvas');
      await worker.locator('.box-canvas canvas[data-media=shown]').waitFor();
      await waitForPicture(worker, canvas);
      const r = await canvas.boundingBox();
      await worker.mouse.move(r.x + r.width * 0.3, r.y + r.height * 0.3);
      await worker.mouse.down();
      await worker.mouse.move(r.x + r.width * 0.4, r.y + r.height * 0.6, { steps: 4 });
      await worker.mouse.up();
      await worker.keyboard.press('Shift+ArrowRight');
      await worker.getByText('11 / 30').waitFor();
      await worker.mouse.move(r.x + r.width * 0.35, r.y + r.height * 0.45);
      await worker.mouse.down();
      await worker.mouse.move(r.x + r.width * 0.55, r.y + r.height * 0.45, { steps: 4 });
      await worker.mouse.up();
      await worker.getByRole('button', { name: /t1 keyframe at frame 11/ }).waitFor();
      for (let i = 0; i < 5; i++) await worker.keyboard.press('ArrowLeft');
      await worker.getByText('6 / 30').waitFor();
      await worker.getByText(/^Interpolated: x /).waitFor();
      await worker.getByText(/Draft saved/).waitFor();
      await screenshot('tracking', worker);

      // Close the tab mid-task; a new one finds the draft.
      const workerContext = worker.context();
      await worker.close();
      const again = await workerContext.newPage();
      await again.goto(`${base}/work`);
      await again.getByRole('heading', { name: 'Tasks you hold' }).waitFor();
      await again.getByRole('link', { name: /Task \d+/ }).first().click();
      await again.getByRole('button', { name: /t1 keyframe at frame 11/ }).waitFor();
      check(again.url() === assignmentUrl, 'the held task is the one claimed');
      await screenshot('restored', again);
      await again.getByRole('button', { name: 'Submit' }).click();
      await again.getByRole('heading', { name: 'Submitted' }).waitFor();

      // The reviewer sends it back, pinned to the track on frame 6.
      const reviewer = await newUserPage();
      await logIn(reviewer, base, 'reviewer@demo.fairlabel.dev');
      await decide(reviewer, base, projectId, screenshot, 'review-redo', async () => {
        await reviewer.locator('.box-canvas canvas[data-media=shown]').waitFor();
        await waitForPicture(reviewer, reviewer.locator('.box-canvas canvas'));
        await reviewer.getByRole('button', { name: /t1 keyframe at frame 1:/ }).click();
        for (let i = 0; i < 5; i++) await reviewer.keyboard.press('ArrowRight');
        await reviewer.getByText('6 / 30').waitFor();
        await reviewer.getByLabel('Send back to redo').check();
        await reviewer.getByLabel('Reason').selectOption('box_not_tight');
        await reviewer.getByLabel(/Rule broken/).selectOption('1');
        await reviewer.getByLabel('Comment for the worker').fill('The box is too wide around frame 6.');
        await reviewer.getByText('Evidence is pinned to t1 on frame 6.').waitFor();
      });

      await again.goto(assignmentUrl);
      await again.getByText('Sent back to redo').waitFor();
      await again.getByText('The box is too wide around frame 6.').waitFor();
      await again.getByText(/rule 1/).waitFor();
      await screenshot('redo', again);
      await again.getByRole('button', { name: /t1 keyframe at frame 1:/ }).click();
      for (let i = 0; i < 5; i++) await again.keyboard.press('ArrowRight');
      await again.keyboard.press('k');
      await again.getByRole('button', { name: /t1 keyframe at frame 6/ }).waitFor();
      await again.getByRole('button', { name: 'Submit' }).click();
      await again.getByRole('heading', { name: 'Submitted' }).waitFor();

      await decide(reviewer, base, projectId, screenshot, 'review-accept', async () => {
        await reviewer.getByText(/Stage 1, attempt 1: redo/).waitFor();
        await reviewer.getByRole('button', { name: /t1 keyframe at frame 6/ }).waitFor();
      });
      await again.goto(assignmentUrl);
      await again.getByText(/This task is/).waitFor();
      await again.getByText('accepted', { exact: true }).waitFor();
      await again.getByText('Accepted', { exact: true }).waitFor();
      await screenshot('accepted', again);

      // The pay for the accepted task is on the worker's ledger, with its reason.
      await again.getByRole('link', { name: 'Earnings' }).click();
      await again.getByRole('heading', { name: 'Earnings', level: 1 }).waitFor();
      const line = again.getByRole('table', { name: 'Ledger lines in EUR' }).getByRole('row', { name: /Pay for accepted work/ });
      await line.getByText('EUR 1.20').first().waitFor();
      await again.getByRole('button', { name: 'printable page (EUR)' }).waitFor();
      const download = again.waitForEvent('download');
      await again.getByRole('button', { name: 'CSV (EUR)' }).click();
      const csv = await (await download).createReadStream();
      let text = '';
      for await (const chunk of csv) text += chunk;
      check(/piece_rate/.test(text) && /1\.20/.test(text), `the CSV statement has the piece-rate line:\n${text.slice(0, 400)}`);
      await screenshot('earnings', again);
    },
  },
  {
    name: "the demo worker claims the demo's image and video tasks and sees their pictures",
    fn: async ({ base, page, screenshot }) => {
      await logIn(page, base, 'worker@demo.fairlabel.dev');
      for (const [project, shot] of [[/Street scenes: boxes/, 'demo-image'], [/Street video: track objects/, 'demo-video']]) {
        await page.goto(`${base}/work`);
        await page.getByRole('row', { name: project }).getByRole('button', { name: /Accept a task/ }).click();
        await page.locator('.box-canvas canvas[data-media=shown]').waitFor();
        const colours = await waitForPicture(page, page.locator('.box-canvas canvas'), 12);
        check(colours >= 12, `${shot}: ${colours} colours`);
        await screenshot(shot, page);
      }
    },
  },
];

process.exitCode = (await run('worker story', tests)) ? 1 : 0;
