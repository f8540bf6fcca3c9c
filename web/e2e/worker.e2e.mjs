// The worker's story through the UI, against the real work API
// (src/work/, docs/api-work.md): a requester's video project is set up over
// the API (its settings UI is not built yet); the worker sees pay and the
// hourly rate before accepting, tracks an object with two keyframes, checks
// an interpolated frame, closes the tab mid-task and finds the draft
// restored, submits; a reviewer (over the API: no review UI yet) sends it
// back with a pinned reason; the worker sees why, redoes and resubmits; it
// is accepted. Frames are not served yet (no media API), so the video
// canvas shows blank frames: the track editing is what is exercised.
// Run: node e2e/worker.e2e.mjs (needs a server with the work API).

import { check, run } from './harness.mjs';

const frames = Array.from({ length: 30 }, (_, i) => i.toString(16).padStart(64, '0'));

async function api(base, method, path, token, body) {
  const response = await fetch(`${base}/api/v1${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

async function login(base, email) {
  return (await api(base, 'POST', '/auth/login', null, { email, password: 'demo-password' })).token;
}

async function setUpProject(base) {
  const requester = await login(base, 'requester@demo.fairlabel.dev');
  const org = (await api(base, 'GET', '/orgs', requester)).items[0];
  const project = await api(base, 'POST', `/orgs/${org.id}/projects`, requester, {
    name: 'Crossing pedestrians',
    task_type: 'video_track',
    instructions: '# Track\n1. Follow every pedestrian.',
  });
  await api(base, 'PUT', `/projects/${project.id}/settings`, requester, {
    label_schema: { labels: [{ name: 'pedestrian', color: '#e6194b' }, { name: 'car' }] },
    piece_rate_minor: 120,
    currency: 'EUR',
    time_estimate_seconds: 90,
    review_stages: [{ name: 'check', deadline_seconds: 3600 }],
  });
  await api(base, 'POST', `/projects/${project.id}/rules`, requester, {
    clauses: [{ text: 'Boxes fit the person tightly.' }, { text: 'Every pedestrian is tracked.' }],
  });
  await api(base, 'POST', `/projects/${project.id}/tasks`, requester, {
    tasks: [{ input: { video: { fps: 10, width: 640, height: 360, frames } } }],
  });
  await api(base, 'POST', `/projects/${project.id}/activate`, requester);
  return project;
}

async function review(base, projectId, decision) {
  const reviewer = await login(base, 'reviewer@demo.fairlabel.dev');
  const held = await api(base, 'POST', `/review/projects/${projectId}/claim`, reviewer, { stage: 0 });
  await api(base, 'POST', `/reviews/${held.id}/verdict`, reviewer, decision);
  return held;
}

const tests = [
  {
    name: 'worker story: pay before accepting, a track with two keyframes, draft restored, redo, accepted',
    fn: async ({ base, page, context, screenshot }) => {
      const project = await setUpProject(base);

      await page.goto(`${base}/login`);
      await page.getByLabel('Email').fill('worker@demo.fairlabel.dev');
      await page.getByLabel('Password').fill('demo-password');
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.getByRole('link', { name: 'Find work' }).click();
      const offer = page.getByRole('row', { name: /Crossing pedestrians/ });
      await offer.getByText('EUR 1.20').waitFor();
      await offer.getByText('EUR 48.00/h').waitFor(); // 1.20 per 90 s
      await offer.getByText("requester's estimate").waitFor();
      await screenshot('offers');
      await offer.getByRole('button', { name: /Accept a task/ }).click();

      await page.getByRole('heading', { name: 'Video tracking', level: 1 }).waitFor();
      const assignmentUrl = page.url();
      const canvas = page.locator('.box-canvas canvas');
      const r = await canvas.boundingBox();
      await page.mouse.move(r.x + r.width * 0.3, r.y + r.height * 0.3);
      await page.mouse.down();
      await page.mouse.move(r.x + r.width * 0.4, r.y + r.height * 0.6, { steps: 4 });
      await page.mouse.up();
      await page.keyboard.press('Shift+ArrowRight');
      await page.getByText('11 / 30').waitFor();
      await page.mouse.move(r.x + r.width * 0.35, r.y + r.height * 0.45);
      await page.mouse.down();
      await page.mouse.move(r.x + r.width * 0.55, r.y + r.height * 0.45, { steps: 4 });
      await page.mouse.up();
      await page.getByRole('button', { name: /t1 keyframe at frame 11/ }).waitFor();
      for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowLeft');
      await page.getByText('6 / 30').waitFor();
      await page.getByText(/^Interpolated: x /).waitFor();
      await page.getByText(/Draft saved/).waitFor();
      await screenshot('tracking');

      // Close the tab mid-task; a new one finds the draft.
      await page.close();
      const again = await context.newPage();
      await again.goto(`${base}/work`);
      await again.getByRole('heading', { name: 'Tasks you hold' }).waitFor();
      await again.getByRole('link', { name: /Video tracking task|Task/ }).first().click();
      await again.getByRole('button', { name: /t1 keyframe at frame 11/ }).waitFor();
      check(again.url() === assignmentUrl, 'the held task is the one claimed');
      await screenshot('restored', again);
      await again.getByRole('button', { name: 'Submit' }).click();
      await again.getByRole('heading', { name: 'Submitted' }).waitFor();

      // A reviewer sends it back, pinned to the track and frame.
      await review(base, project.id, {
        verdict: 'redo',
        reason_code: 'box_not_tight',
        clause: '1',
        comment: 'The box is too wide around frame 6.',
        evidence: [{ kind: 'track', track_id: 't1', frame: 5, note: 'too wide' }],
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

      await review(base, project.id, { verdict: 'accept' });
      await again.goto(assignmentUrl);
      await again.getByText(/This task is/).waitFor();
      await again.getByText('accepted', { exact: true }).waitFor();
      await again.getByText('Accepted', { exact: true }).waitFor();
      await screenshot('accepted', again);
    },
  },
];

process.exitCode = (await run('worker story', tests)) ? 1 : 0;
