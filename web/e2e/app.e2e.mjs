// Browser tests of the web application against the real server: accounts,
// a requester's organisation and project, demo logins, the task player's
// tools, keyboard use, and how the server serves the build.
// Run: node e2e/app.e2e.mjs (scripts/test.sh does, after ctest).

import { check, run } from './harness.mjs';

const PASSWORD = 'correct horse battery';
const unique = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;

async function signUp(page, base, { email, name, role, country }) {
  await page.goto(`${base}/signup`);
  await page.getByRole('heading', { name: 'Sign up' }).waitFor();
  await page.getByLabel(role === 'worker' ? /label data/ : /post labeling projects/).check();
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Display name').fill(name);
  await page.getByLabel('Password').fill(PASSWORD);
  if (country) await page.getByLabel(/^Country/).fill(country);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('heading', { name: `Welcome, ${name}` }).waitFor();
}

async function logIn(page, base, email, password) {
  await page.goto(`${base}/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
}

const tests = [
  {
    name: 'requester signs up, creates an organisation and a project, edits it',
    fn: async ({ base, page, screenshot }) => {
      await page.goto(`${base}/signup`);
      await screenshot('signup');
      await signUp(page, base, { email: `req-${unique}@example.org`, name: 'Rita Requester', role: 'requester' });
      await screenshot('home');
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Organisations' }).click();
      await page.getByRole('heading', { name: 'Organisations', level: 1 }).waitFor();
      await page.getByLabel('Name', { exact: true }).fill('Street Scenes Lab');
      check((await page.getByLabel('Short name (for links)').inputValue()) === 'street-scenes-lab', 'slug is derived from the name');
      await page.getByLabel('Short name (for links)').fill(`street-${unique}`);
      await screenshot('orgs');
      await page.getByRole('button', { name: 'Create organisation' }).click();
      await page.getByRole('heading', { name: 'Street Scenes Lab', level: 1 }).waitFor();
      await page.getByText('No projects yet.').waitFor();
      await page.getByLabel('Name', { exact: true }).fill('Pedestrians at dusk');
      await page.getByLabel('Task type').selectOption('video_track');
      await page.getByLabel('Instructions for workers').fill('# Rules\n1. Track every pedestrian.\n2. Mark **outside** when they leave.');
      await screenshot('org');
      await page.getByRole('button', { name: 'Create project' }).click();
      await page.getByRole('heading', { name: 'Pedestrians at dusk', level: 1 }).waitFor();
      await page.getByText('Video tracking', { exact: true }).waitFor();
      await page.getByLabel('Description').fill('Dusk footage from three crossings.');
      await page.getByLabel('Show preview').check();
      await page.getByRole('region', { name: 'Instructions preview' }).getByText('Track every pedestrian.').waitFor();
      await page.getByRole('button', { name: 'Save changes' }).click();
      await page.getByText('Saved (version 2).').waitFor();
      await screenshot('project');
      // The organisation lists the project; a bad rename shows the server's field error in place.
      await page.getByRole('link', { name: 'Organisation', exact: true }).click();
      await page.getByRole('link', { name: 'Pedestrians at dusk' }).waitFor();
      await page.getByLabel('Organisation name').fill('');
      await page.getByRole('button', { name: 'Save name' }).click();
      await page.locator('#org-new-name-error').waitFor();
      await page.getByLabel('Organisation name').fill('Street Scenes Lab (EU)');
      await page.getByRole('button', { name: 'Save name' }).click();
      await page.getByRole('heading', { name: 'Street Scenes Lab (EU)', level: 1 }).waitFor();
      // A reload of a client-side route keeps the session and the page.
      await page.reload();
      await page.getByRole('heading', { name: 'Street Scenes Lab (EU)', level: 1 }).waitFor();
    },
  },
  {
    name: 'sign-up errors are shown at their fields; a wrong password is refused',
    fn: async ({ base, page, screenshot }) => {
      await page.goto(`${base}/signup`);
      await page.getByLabel('Email').fill('not-an-email');
      await page.getByLabel('Display name').fill('X');
      await page.getByLabel('Password').fill('short');
      await page.getByRole('button', { name: 'Create account' }).click();
      await page.locator('#signup-email-error').waitFor();
      await screenshot('signup-errors');
      await logIn(page, base, 'worker@demo.fairlabel.dev', 'wrong password!!');
      await page.getByRole('alert').first().waitFor();
      check(page.url().endsWith('/login'), 'stays on the login page');
      await screenshot('login-refused');
    },
  },
  {
    name: 'demo requester and demo worker log in with the keyboard alone',
    fn: async ({ base, page, screenshot }) => {
      await page.goto(`${base}/orgs`); // a protected page sends to login and back
      await page.getByRole('heading', { name: 'Log in' }).waitFor();
      check(page.url().includes('/login?next=%2Forgs'), `login keeps where to go next (${page.url()})`);
      await screenshot('login');
      await page.getByLabel('Email').focus();
      await page.keyboard.type('requester@demo.fairlabel.dev');
      await page.keyboard.press('Tab');
      await page.keyboard.type('demo-password');
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'Organisations', level: 1 }).waitFor();
      await page.getByRole('link', { name: 'Demo Vision Lab' }).first().click();
      await page.getByRole('heading', { name: 'Demo Vision Lab', level: 1 }).waitFor();
      const rows = await page.locator('tbody tr').count();
      check(rows >= 3, `the demo organisation shows its projects (${rows})`);
      await screenshot('demo-org');
      await page.getByRole('button', { name: 'Log out' }).click();
      await page.getByRole('heading', { name: 'Log in' }).waitFor();
      await logIn(page, base, 'worker@demo.fairlabel.dev', 'demo-password');
      await page.getByRole('heading', { name: 'Welcome, Maria Santos' }).waitFor();
      await page.getByRole('heading', { name: 'Your work' }).waitFor();
      await screenshot('worker-home');
      await page.getByRole('link', { name: 'Find work' }).click();
      await page.getByRole('heading', { name: 'Work', level: 1 }).waitFor();
      await screenshot('work');
    },
  },
  {
    name: 'worker signs up and tracks an object with two keyframes in the practice video',
    fn: async ({ base, page, screenshot }) => {
      await signUp(page, base, { email: `w-${unique}@example.org`, name: 'Wen Worker', role: 'worker', country: 'DE' });
      await page.goto(`${base}/play/sample/video_track`);
      await page.getByRole('heading', { name: 'Video tracking', level: 1 }).waitFor();
      const canvas = page.locator('.box-canvas canvas');
      const box = await canvas.boundingBox();
      // Draw a box on frame 1 (mouse), go to frame 11, move it: a second keyframe.
      await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.3);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width * 0.4, box.y + box.height * 0.5, { steps: 4 });
      await page.mouse.up();
      await page.getByRole('button', { name: /t1 pedestrian/ }).waitFor();
      await page.keyboard.press('Shift+ArrowRight');
      await page.getByText('11 / 120').waitFor();
      await page.mouse.move(box.x + box.width * 0.35, box.y + box.height * 0.4);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width * 0.55, box.y + box.height * 0.4, { steps: 5 });
      await page.mouse.up();
      await page.getByRole('button', { name: /t1 keyframe at frame 11/ }).waitFor();
      // Frame 6 is interpolated halfway.
      await page.getByRole('button', { name: /t1 keyframe at frame 1:/ }).click();
      for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
      await page.getByText('6 / 120').waitFor();
      await page.getByText(/^Interpolated: x /).waitFor();
      await screenshot('video-interpolated');
      // Occluded from frame 6, outside from frame 20; class changed by key.
      await page.keyboard.press('u');
      await page.keyboard.press('End');
      await page.keyboard.press('Home');
      for (let i = 0; i < 19; i++) await page.keyboard.press('ArrowRight');
      await page.keyboard.press('o');
      await page.getByText('Not visible on this frame').waitFor();
      await page.keyboard.press('2');
      await page.keyboard.press('?');
      await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
      await screenshot('video-help');
      await page.keyboard.press('Escape');
      // Undo the class change, redo it.
      await page.keyboard.press('Control+z');
      await page.getByRole('button', { name: /t1 pedestrian/ }).waitFor();
      await page.keyboard.press('Control+Shift+Z');
      await page.getByRole('button', { name: /t1 car/ }).waitFor();
      await page.getByRole('button', { name: 'Check answer' }).click();
      const payload = JSON.parse(await page.getByTestId('payload').textContent());
      await screenshot('video-payload');
      check(payload.tracks.length === 1 && payload.tracks[0].label === 'car', 'one car track');
      const frames = payload.tracks[0].keyframes.map((k) => k.frame);
      check(JSON.stringify(frames) === '[0,5,10,19]', `keyframes 0, 5, 10, 19 (got ${frames})`);
      const [k0, k5, k10, k19] = payload.tracks[0].keyframes;
      check(Math.abs(k5.x - (k0.x + k10.x) / 2) < 1e-6, 'the occluded keyframe sits on the interpolated box');
      check(k5.occluded && !k10.occluded && k19.outside, 'occluded and outside flags');
      check(Object.keys(k0).sort().join() === 'frame,h,occluded,outside,w,x,y', 'keyframes carry exactly the contract fields');
      // The draft survives a reload right after the last edit (saved as the page goes).
      await page.keyboard.press('ArrowLeft');
      await page.keyboard.press('k');
      await page.reload();
      await page.getByRole('button', { name: /t1 car/ }).waitFor();
      await page.getByRole('button', { name: /t1 keyframe at frame 19:/ }).waitFor();
    },
  },
  {
    name: 'practice boxes, tags, classification, text edit and ranking produce contract payloads',
    fn: async ({ base, page, screenshot }) => {
      await logIn(page, base, 'worker@demo.fairlabel.dev', 'demo-password');
      await page.getByRole('heading', { name: /Welcome/ }).waitFor();
      // image_bbox: draw with the mouse, add one with the keyboard, change its class, nudge, delete, undo.
      await page.goto(`${base}/play/sample/image_bbox`);
      const canvas = page.locator('.box-canvas canvas');
      await canvas.waitFor();
      const r = await canvas.boundingBox();
      await page.mouse.move(r.x + 200, r.y + 150);
      await page.mouse.down();
      await page.mouse.move(r.x + 320, r.y + 260, { steps: 4 });
      await page.mouse.up();
      await page.locator('body').press('b');
      await page.keyboard.press('3');
      await page.keyboard.press('Shift+ArrowRight');
      await page.getByLabel('Class of b2').waitFor();
      check((await page.getByLabel('Class of b2').inputValue()) === 'palm tree', 'key 3 sets the selected box class');
      await page.keyboard.press('Delete');
      await page.keyboard.press('Control+z');
      await page.getByLabel('Class of b2').waitFor();
      await screenshot('bbox');
      await page.getByRole('button', { name: 'Check answer' }).click();
      const boxes = JSON.parse(await page.getByTestId('payload').textContent()).boxes;
      check(boxes.length === 2 && boxes[0].label === 'pedestrian' && boxes[1].label === 'palm tree', JSON.stringify(boxes));
      check(boxes[1].x === 522, `b2 moved 10 px right from 512 (x=${boxes[1].x})`);

      await page.goto(`${base}/play/sample/image_tags`);
      await page.getByLabel(/car/).waitFor();
      await page.locator('body').press('2');
      await page.keyboard.press('3');
      await page.getByRole('button', { name: 'Check answer' }).click();
      const tags = JSON.parse(await page.getByTestId('payload').textContent());
      check(JSON.stringify(tags) === '{"tags":["car","palm tree"]}', `tags payload ${JSON.stringify(tags)}`);
      await screenshot('tags');

      await page.goto(`${base}/play/sample/classification`);
      await page.getByLabel(/pedestrian/).waitFor();
      await page.getByRole('button', { name: 'Check answer' }).click();
      await page.getByText('Not ready to submit:').waitFor();
      await page.locator('body').press('2');
      await page.getByRole('button', { name: 'Check answer' }).click();
      check(JSON.parse(await page.getByTestId('payload').textContent()).label === 'car', 'classification payload');

      await page.goto(`${base}/play/sample/text_edit`);
      const editor = page.getByRole('textbox', { name: /Response/ });
      await editor.fill('Sunlight is scattered by air molecules, and blue light is scattered most.');
      await page.locator('body').click({ position: { x: 5, y: 5 } });
      await page.keyboard.press('d');
      await page.locator('.diff del').first().waitFor();
      await page.getByRole('group', { name: /Factually accurate/ }).getByLabel('2').check();
      await page.getByRole('group', { name: /Clear and concise/ }).getByLabel('4').check();
      await screenshot('text-edit');
      await page.getByRole('button', { name: 'Check answer' }).click();
      const edit = JSON.parse(await page.getByTestId('payload').textContent());
      check(edit.scores.accuracy === 2 && edit.scores.clarity === 4 && edit.response.startsWith('Sunlight'), JSON.stringify(edit));

      await page.goto(`${base}/play/sample/text_rank`);
      await page.locator('h1:focus').waitFor(); // the app has moved focus to the new page's heading
      await page.getByRole('listitem', { name: /Rank 3: Wild Yeast/ }).focus();
      // Each key waits for the page to show its effect, as a person would.
      const focused = (name) => page.locator('li.rank-item:focus', { hasText: name }).waitFor();
      await page.keyboard.press('1');
      await page.getByRole('listitem', { name: /Rank 1: Wild Yeast/ }).waitFor();
      await focused('Wild Yeast');
      await page.keyboard.press('ArrowDown');
      await focused('The Rising Crust');
      await page.keyboard.press('ArrowDown');
      await focused('Bread Shop');
      await page.keyboard.press('Alt+ArrowUp'); // Bread Shop up to rank 2
      await page.getByRole('listitem', { name: /Rank 2: Bread Shop/ }).waitFor();
      await page.getByLabel('Why this order?').fill('Wild Yeast says sourdough; Bread Shop is plain but clear.');
      await screenshot('text-rank');
      await page.getByRole('button', { name: 'Check answer' }).click();
      const rank = JSON.parse(await page.getByTestId('payload').textContent());
      check(rank.ranking.join() === 'r3,r2,r1', `ranking ${rank.ranking}`);
    },
  },
  {
    name: 'boxes are moved, resized and zoomed with the mouse, with one undo step per drag',
    fn: async ({ base, page }) => {
      await logIn(page, base, 'worker@demo.fairlabel.dev', 'demo-password');
      await page.getByRole('heading', { name: /Welcome/ }).waitFor();
      await page.goto(`${base}/play/sample/image_bbox`);
      const canvas = page.locator('.box-canvas canvas');
      await canvas.waitFor();
      const r = await canvas.boundingBox();
      const drag = async (from, to) => {
        await page.mouse.move(r.x + from[0], r.y + from[1]);
        await page.mouse.down();
        await page.mouse.move(r.x + to[0], r.y + to[1], { steps: 5 });
        await page.mouse.up();
      };
      const payload = async () => {
        await page.getByRole('button', { name: 'Check answer' }).click();
        return JSON.parse(await page.getByTestId('payload').textContent()).boxes;
      };
      await drag([100, 100], [200, 200]);
      const [drawn] = await payload();
      await drag([150, 150], [180, 170]); // move
      const [moved] = await payload();
      check(moved.x > drawn.x && moved.y > drawn.y && moved.w === drawn.w && moved.h === drawn.h, `moved ${JSON.stringify([drawn, moved])}`);
      await drag([230, 220], [270, 260]); // the bottom-right handle
      const [resized] = await payload();
      check(resized.x === moved.x && resized.w > moved.w && resized.h > moved.h, `resized ${JSON.stringify([moved, resized])}`);
      await page.keyboard.press('Control+z');
      const [undone] = await payload();
      check(JSON.stringify(undone) === JSON.stringify(moved), 'one undo reverts the whole resize drag');
      const zoom = page.locator('.zoom-controls .muted');
      const before = await zoom.textContent();
      await page.mouse.move(r.x + r.width / 2, r.y + r.height / 2);
      await page.mouse.wheel(0, -400);
      await page.waitForFunction((b) => document.querySelector('.zoom-controls .muted').textContent !== b, before);
      await page.getByRole('button', { name: 'Fit to view' }).click();
      await page.waitForFunction((b) => document.querySelector('.zoom-controls .muted').textContent === b, before);
    },
  },
  {
    name: 'a session ended elsewhere leads back to the login page, then to where the user was',
    fn: async ({ base, page }) => {
      await logIn(page, base, 'requester@demo.fairlabel.dev', 'demo-password');
      await page.getByRole('heading', { name: /Welcome/ }).waitFor();
      const token = await page.evaluate(() => localStorage.getItem('fairlabel.token'));
      const logout = await fetch(`${base}/api/v1/auth/logout`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } });
      check(logout.ok, `logout ${logout.status}`);
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Organisations' }).click();
      await page.getByRole('heading', { name: 'Log in' }).waitFor();
      await page.getByLabel('Email').fill('requester@demo.fairlabel.dev');
      await page.getByLabel('Password').fill('demo-password');
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.getByRole('heading', { name: 'Organisations', level: 1 }).waitFor();
    },
  },
  {
    name: 'the server sends the build with immutable hashed assets, gzip and a no-cache index',
    fn: async ({ base, page }) => {
      const responses = [];
      page.on('response', (r) => responses.push(r));
      await page.goto(`${base}/login`);
      await page.getByRole('heading', { name: 'Log in' }).waitFor();
      const index = responses.find((r) => r.url() === `${base}/login`);
      const headers = await index.allHeaders();
      check(headers['cache-control'] === 'no-cache', `index cache-control ${headers['cache-control']}`);
      check(headers['content-encoding'] === 'gzip', 'index sent gzipped');
      const script = responses.find((r) => /\/assets\/index-[\w-]+\.js$/.test(r.url()));
      check(script, 'the hashed script was loaded');
      const sh = await script.allHeaders();
      check(sh['cache-control'] === 'public, max-age=31536000, immutable', `asset cache-control ${sh['cache-control']}`);
      check(sh['content-encoding'] === 'gzip' && sh.vary === 'Accept-Encoding', 'asset gzipped with Vary');
      check(sh['content-type'].startsWith('text/javascript'), sh['content-type']);
      const api = await page.request.get(`${base}/api/v1/nothing`);
      check(api.status() === 404 && (await api.json()).code === 'route_not_found', 'API paths stay the API');
      // Encoded slashes survive the client's URL normalisation and reach the server's path check.
      const traversal = await page.request.get(`${base}/assets/..%2F..%2F..%2Fetc%2Fpasswd`);
      check(traversal.status() === 400, `traversal refused (${traversal.status()})`);
    },
  },
];

process.exitCode = (await run('browser tests', tests)) ? 1 : 0;
