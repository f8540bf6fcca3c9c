// Browser test of a project's webhooks against the real server (started with
// --webhooks-allow-private, so it may post to 127.0.0.1) and a real HTTP
// receiver in this process:
// - the requester adds a webhook on the project page with every event; the
//   signing secret is shown once; "Send test event" arrives signed;
// - the demo worker answers the project's two tasks (API): each completed
//   task and then the completed batch arrive, each signed with the secret
//   (HMAC-SHA256 of "<t>.<body>", recomputed here with node:crypto);
// - the delivery log on the page shows every event delivered.
// Run: node e2e/webhooks.e2e.mjs (scripts/test.sh does).

import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';

import { apiAs, liveClassificationProject, logIn, WORKER } from './demo_api.mjs';
import { check, run } from './harness.mjs';

const unique = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;

/** An HTTP receiver on 127.0.0.1 that records every request and answers 204. */
async function startReceiver() {
  const received = [];
  const server = createServer((request, response) => {
    const chunks = [];
    request.on('data', (c) => chunks.push(c));
    request.on('end', () => {
      received.push({ method: request.method, url: request.url, headers: request.headers, body: Buffer.concat(chunks) });
      response.writeHead(204).end();
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const waitFor = async (what, predicate, timeoutMs = 15_000) => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const found = received.filter(predicate);
      if (found.length) return found;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`the receiver did not get ${what} within ${timeoutMs} ms (got: ${received.map((r) => r.headers['fairlabel-event'])})`);
  };
  return { url: `http://127.0.0.1:${server.address().port}/hooks/fairlabel`, received, waitFor, close: () => server.close() };
}

/** The v1 entries of a delivery's Fairlabel-Signature, in order, and its t. */
function signatureParts(delivery) {
  const header = delivery.headers['fairlabel-signature'] ?? '';
  const pairs = header.split(',').map((p) => p.split('=', 2));
  const t = pairs.find(([k]) => k === 't')?.[1];
  const v1 = pairs.filter(([k]) => k === 'v1').map(([, v]) => v);
  check(t && v1.length > 0, `a signature header with t and v1 (${header})`);
  return { t, v1 };
}

/** Whether the v1 entry `given` (hex) is the HMAC of "<t>.<body>" under `secret`. */
function signedBy(given, t, body, secret) {
  const expected = createHmac('sha256', secret).update(`${t}.`).update(body).digest();
  const bytes = Buffer.from(given, 'hex');
  return bytes.length === expected.length && timingSafeEqual(bytes, expected);
}

/** Checks a delivery's Fairlabel-Signature as the README tells receivers to: any v1 entry may verify. */
function checkSigned(delivery, secret) {
  const { t, v1 } = signatureParts(delivery);
  check(Math.abs(Date.now() / 1000 - Number(t)) < 300, 'signed within five minutes');
  check(v1.some((given) => signedBy(given, t, delivery.body, secret)), 'the signature verifies with the secret');
  const event = JSON.parse(delivery.body.toString('utf8'));
  check(delivery.headers['fairlabel-event'] === event.type, 'Fairlabel-Event names the body type');
  check(delivery.headers['fairlabel-event-id'] === event.id, 'Fairlabel-Event-Id is the body id');
  check(delivery.headers['content-type']?.startsWith('application/json'), 'a JSON body');
  return event;
}

const tests = [
  {
    name: 'requester adds a webhook on the project page; test, task and batch events arrive signed; the log shows them delivered',
    fn: async ({ base, page, screenshot }) => {
      const receiver = await startReceiver();
      try {
        const projectName = `Webhook labels ${unique}`;
        const project = await liveClassificationProject(base, {
          name: projectName,
          texts: ['A red car waits at the lights.', 'A palm tree by the sea.'],
          reference: `e2e-hooks-${unique}`,
          reviewStages: [],
        });
        await logIn(page, base, 'requester@demo.fairlabel.dev');
        await page.goto(`${base}/projects/${project.id}`);
        const card = page.getByRole('region', { name: 'Webhooks' });
        await card.getByText('No webhooks.').waitFor();
        await card.getByLabel('URL (https:// or http://)').fill(receiver.url);
        await card.getByLabel(/Batch completed/).check();
        await card.getByLabel(/Payout sent/).check();
        await card.getByRole('button', { name: 'Add webhook' }).click();
        const secret = (await card.locator('code', { hasText: /^whsec_/ }).textContent()).trim();
        check(/^whsec_[A-Za-z0-9_-]+$/.test(secret), `the secret is shown once (${secret.slice(0, 10)}…)`);
        await card.getByText('task.completed, batch.completed, payout.sent').waitFor();

        await card.getByRole('button', { name: 'Send test event' }).click();
        const [test] = await receiver.waitFor('webhook.test', (r) => r.headers['fairlabel-event'] === 'webhook.test');
        check(test.method === 'POST' && test.url === '/hooks/fairlabel', `POSTed to the URL (${test.method} ${test.url})`);
        const testEvent = checkSigned(test, secret);
        check(testEvent.project_id === project.id, 'the event names the project');

        // The reload of the page must not show the secret again.
        await page.reload();
        await card.getByText('task.completed, batch.completed, payout.sent').waitFor();
        check((await card.locator('code', { hasText: /^whsec_/ }).count()) === 0, 'the secret is not shown again');

        const worker = await apiAs(base, WORKER);
        for (const label of ['car', 'palm tree']) {
          const assignment = await worker('POST', `/work/projects/${project.id}/claim`);
          const submitted = await worker('POST', `/assignments/${assignment.id}/submit`, { payload: { label } });
          check(submitted.status === 'accepted', `accepted without review stages (${submitted.status})`);
        }
        const completed = await receiver.waitFor('two task.completed', (r) => r.headers['fairlabel-event'] === 'task.completed');
        const [batch] = await receiver.waitFor('batch.completed', (r) => r.headers['fairlabel-event'] === 'batch.completed');
        await receiver.waitFor('the second task.completed', () =>
          receiver.received.filter((r) => r.headers['fairlabel-event'] === 'task.completed').length === 2);
        const labels = receiver.received
          .filter((r) => r.headers['fairlabel-event'] === 'task.completed')
          .map((r) => checkSigned(r, secret).data.result.label)
          .sort();
        check(labels.join('|') === 'car|palm tree', `each completed task with its result (${labels})`);
        check(completed.length >= 1, 'task events arrived');
        const batchEvent = checkSigned(batch, secret);
        check(batchEvent.data.tasks === 2, `the batch of two tasks (${JSON.stringify(batchEvent.data)})`);

        await card.getByRole('button', { name: 'Deliveries' }).click();
        const log = card.locator('.delivery-log table');
        await log.waitFor();
        for (let i = 0; i < 50 && (await log.getByText(/^Delivered/).count()) < 4; ++i) {
          await card.getByRole('button', { name: 'Refresh' }).click();
          await page.waitForTimeout(200);
        }
        const rows = await log.locator('tbody tr').allTextContents();
        check(rows.length === 4, `four deliveries in the log (${rows.length})`);
        check(rows.every((r) => /Delivered \(HTTP 204\) after 1 attempt/.test(r)), `all delivered at the first attempt (${rows})`);
        await screenshot('webhook-deliveries');

        // Rotation: the new secret is shown once; the next delivery is signed
        // by it first and by the replaced one second, so either verifies.
        await card.getByRole('button', { name: 'Rotate secret' }).click();
        const notice = card.getByText(/New signing secret for/);
        await notice.waitFor();
        const newSecret = (await notice.locator('code').textContent()).trim();
        check(/^whsec_/.test(newSecret) && newSecret !== secret, 'a new secret is shown');
        check(/previous secret also signs until/.test(await notice.textContent()), 'the notice says the old one still signs');
        await card.getByRole('button', { name: 'Send test event' }).click();
        await receiver.waitFor('a second webhook.test', () =>
          receiver.received.filter((r) => r.headers['fairlabel-event'] === 'webhook.test').length === 2);
        const afterRotation = receiver.received.filter((r) => r.headers['fairlabel-event'] === 'webhook.test')[1];
        const { t, v1 } = signatureParts(afterRotation);
        check(v1.length === 2, `two v1 entries during the overlap (${v1.length})`);
        check(signedBy(v1[0], t, afterRotation.body, newSecret), 'the first v1 is the new secret\'s');
        check(signedBy(v1[1], t, afterRotation.body, secret), 'the second v1 is the replaced secret\'s');
        await screenshot('webhook-rotated');
      } finally {
        receiver.close();
      }
    },
  },
];

process.exitCode = (await run('webhook tests', tests, { serveArgs: ['--webhooks-allow-private'] })) ? 1 : 0;
