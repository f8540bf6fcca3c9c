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

/** Checks a delivery's Fairlabel-Signature as the README tells receivers to. */
function checkSigned(delivery, secret) {
  const header = delivery.headers['fairlabel-signature'] ?? '';
  const parts = Object.fromEntries(header.split(',').map((p) => p.split('=', 2)));
  check(parts.t && parts.v1, `a signature header with t and v1 (${header})`);
  check(Math.abs(Date.now() / 1000 - Number(parts.t)) < 300, 'signed within five minutes');
  const expected = createHmac('sha256', secret).update(`${parts.t}.`).update(delivery.body).digest();
  const given = Buffer.from(parts.v1, 'hex');
  check(given.length === expected.length && timingSafeEqual(given, expected), 'the signature verifies with the secret');
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
      } finally {
        receiver.close();
      }
    },
  },
];

process.exitCode = (await run('webhook tests', tests, { serveArgs: ['--webhooks-allow-private'] })) ? 1 : 0;
