// Task player load time, measured against the real server (--demo) in
// Debian's Chromium: how long from navigating to a held task until its
// picture is on the canvas (the canvas reports data-media="shown" once the
// media has been fetched with the bearer token, decoded and drawn).
// - image: a 3840×2160 JPEG drawn in the page and uploaded with POST
//   /projects/{id}/media into an image_bbox project created for the run;
// - video: a 300-frame 1280×720 JPEG video_track task (frames uploaded the
//   same way); the first frame shown, and all 300 frames stepped through
//   with the → key (each step waits for the frame counter, so the figure
//   includes Playwright's round trip per key press: an upper bound).
// The pictures carry pixel grain so the JPEGs are photograph-sized.
// Every run is a fresh browser context (empty HTTP and decode caches).
// Run: node e2e/bench-player.mjs [runs]   (default 7; prints medians)

import { run } from './harness.mjs';
import { uploadDrawnFrames } from './media.mjs';

const RUNS = Number(process.argv[2] ?? 7);
const PASSWORD = 'demo-password';

async function apiCall(base, token, method, path, body) {
  const response = await fetch(`${base}/api/v1${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', Accept: 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

async function login(base, email) {
  const r = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  if (!r.ok) throw new Error(`login ${email}: ${r.status}`);
  return (await r.json()).token;
}

/** A live, funded project of `taskType` with one task whose input `makeInput(projectId)` gives. */
async function liveProject(base, token, orgId, taskType, name, makeInput) {
  const call = (m, p, b) => apiCall(base, token, m, p, b);
  const project = await call('POST', `/orgs/${orgId}/projects`, { name, task_type: taskType, instructions: 'Box every car.' });
  await call('PUT', `/projects/${project.id}/settings`, {
    label_schema: { labels: [{ name: 'car', color: '#e6194b' }] },
    piece_rate_minor: 100,
    currency: 'USD',
    time_estimate_seconds: 60,
    overlap: 1,
    review_stages: [],
    gold_share_percent: 0,
    eligibility: { countries: [], regions: [], qualifications: [] },
    lease_seconds: 3600,
  });
  await call('POST', `/projects/${project.id}/rules`, { clauses: [{ text: 'Boxes fit tightly.' }] });
  await call('POST', `/projects/${project.id}/tasks`, { tasks: [{ input: await makeInput(project.id) }] });
  await call('POST', `/projects/${project.id}/deposits`, { amount: '100.00', currency: 'USD', reference: `bench-${project.id}` });
  await call('POST', `/projects/${project.id}/activate`);
  return project.id;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmt = (xs) => `median ${median(xs).toFixed(0)} ms (min ${Math.min(...xs).toFixed(0)}, max ${Math.max(...xs).toFixed(0)}, n=${xs.length})`;

/** Milliseconds from navigation to the canvas showing its media, in a fresh context. */
async function timeToPicture(newUserPage, base, workerToken, assignmentId, stepFrames = 0) {
  const page = await newUserPage();
  await page.goto(`${base}/login`);
  await page.evaluate((t) => localStorage.setItem('fairlabel.token', t), workerToken);
  const t0 = Date.now();
  await page.goto(`${base}/assignments/${assignmentId}`);
  await page.locator('.box-canvas canvas[data-media=shown]').waitFor({ timeout: 60_000 });
  const shown = Date.now() - t0;
  let stepped = null;
  if (stepFrames) {
    // Step to the last frame one key at a time, waiting for each frame's label and picture.
    await page.locator('.box-canvas canvas').focus();
    const t1 = Date.now();
    for (let f = 2; f <= stepFrames; f++) {
      await page.keyboard.press('ArrowRight');
      await page.getByText(`${f} / ${stepFrames}`, { exact: true }).waitFor();
    }
    await page.locator('.box-canvas canvas[data-media=shown]').waitFor();
    stepped = Date.now() - t1;
  }
  await page.context().close();
  return { shown, stepped };
}

const tests = [
  {
    name: `task player load time (${RUNS} runs each)`,
    fn: async ({ base, page, newUserPage }) => {
      const requester = await login(base, 'requester@demo.fairlabel.dev');
      const orgs = await apiCall(base, requester, 'GET', '/orgs');
      const orgId = orgs.items.find((o) => o.name === 'Demo Vision Lab').id;
      await page.goto(`${base}/login`);
      await page.evaluate((t) => localStorage.setItem('fairlabel.token', t), requester);

      let bytes4k = 0;
      const imageProject = await liveProject(base, requester, orgId, 'image_bbox', 'Bench 4K image', async (id) => {
        const [ref] = await uploadDrawnFrames(page, id, 1, 3840, 2160, 'image/jpeg', 24);
        bytes4k = await page.evaluate(async ({ sha, t }) => (await (await fetch(`/api/v1/media/${sha}`, { headers: { Authorization: `Bearer ${t}` } })).blob()).size, { sha: ref.sha256, t: requester });
        return { image: ref };
      });
      const uploadStart = Date.now();
      const videoProject = await liveProject(base, requester, orgId, 'video_track', 'Bench 300-frame video', async (id) => {
        const frames = (await uploadDrawnFrames(page, id, 300, 1280, 720, 'image/jpeg', 12)).map((r) => r.sha256);
        return { video: { fps: 25, width: 1280, height: 720, frames } };
      });
      console.log(`    setup: 4K JPEG ${(bytes4k / 1024).toFixed(0)} KiB (grain ±24); 300 frames (grain ±12) drawn and uploaded in ${((Date.now() - uploadStart) / 1000).toFixed(1)} s`);

      const worker = await login(base, 'worker@demo.fairlabel.dev');
      const imageAssignment = await apiCall(base, worker, 'POST', `/work/projects/${imageProject}/claim`);
      const videoAssignment = await apiCall(base, worker, 'POST', `/work/projects/${videoProject}/claim`);

      const image = [];
      const video = [];
      const stepped = [];
      await timeToPicture(newUserPage, base, worker, imageAssignment.id); // warm-up: server page cache, JIT
      for (let i = 0; i < RUNS; i++) image.push((await timeToPicture(newUserPage, base, worker, imageAssignment.id)).shown);
      await timeToPicture(newUserPage, base, worker, videoAssignment.id);
      for (let i = 0; i < RUNS; i++) {
        const r = await timeToPicture(newUserPage, base, worker, videoAssignment.id, i < 3 ? 300 : 0);
        video.push(r.shown);
        if (r.stepped !== null) stepped.push(r.stepped);
      }
      console.log(`    4K image (3840x2160 JPEG) on the canvas: ${fmt(image)}`);
      console.log(`    300-frame 1280x720 video, first frame on the canvas: ${fmt(video)}`);
      console.log(`    300-frame video, stepping frame by frame to the last: ${fmt(stepped)} (${(median(stepped) / 299).toFixed(1)} ms per frame)`);
    },
  },
];

process.exitCode = (await run('bench-player', tests)) ? 1 : 0;
