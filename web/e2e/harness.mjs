// A small browser-test harness: starts the real `fairlabel serve` binary on
// a free loopback port with a fresh data folder and demo content, drives
// Debian's Chromium through playwright-core (never a downloaded browser),
// runs the tests in order, writes screenshots, prints a summary, stops the
// server. Nothing is built here: the binary and web/dist must exist.

import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, existsSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const webDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const repoDir = resolve(webDir, '..');

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

async function waitReady(base, server, log) {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`fairlabel exited with ${server.exitCode}:\n${log()}`);
    try {
      const r = await fetch(`${base}/readyz`);
      if (r.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 100)); // waiting for a real process to bind
  }
  throw new Error(`fairlabel did not become ready:\n${log()}`);
}

/** In the page: form controls, buttons and links that a screen reader could not name. */
const UNNAMED_CONTROLS = () => {
  const named = (el) =>
    (el.getAttribute('aria-label') ?? '').trim() ||
    (el.getAttribute('aria-labelledby') ?? '').split(/\s+/).some((id) => document.getElementById(id)?.textContent.trim()) ||
    (el.labels && Array.from(el.labels).some((l) => l.textContent.trim())) ||
    (['BUTTON', 'A'].includes(el.tagName) && el.textContent.trim()) ||
    el.getAttribute('title');
  return Array.from(document.querySelectorAll('input:not([type=hidden]), select, textarea, button, a[href], canvas[tabindex]'))
    .filter((el) => !named(el))
    .map((el) => el.outerHTML.slice(0, 80));
};

/**
 * Runs `tests` ([{name, fn(ctx)}]) and returns the number of failures.
 * `serveArgs`: extra options for `fairlabel serve` (e.g. --webhooks-allow-private).
 */
export async function run(suiteName, tests, { serveArgs = [] } = {}) {
  const binary = process.env.FAIRLABEL_BINARY ?? join(repoDir, 'build', 'fairlabel');
  const dist = join(webDir, 'dist');
  const artifacts = process.env.FAIRLABEL_E2E_ARTIFACTS ?? join(repoDir, 'build', 'e2e-artifacts');
  const chromiumPath = process.env.CHROMIUM ?? '/usr/bin/chromium';
  for (const [what, path] of [['fairlabel binary', binary], ['web build', join(dist, 'index.html')], ['Chromium', chromiumPath]]) {
    if (!existsSync(path)) {
      console.error(`${suiteName}: the ${what} is missing at ${path} (run scripts/build.sh / scripts/install-deps.sh)`);
      return 1;
    }
  }
  mkdirSync(artifacts, { recursive: true });
  const data = mkdtempSync(join(tmpdir(), 'fairlabel-e2e-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  let output = '';
  const server = spawn(binary, ['serve', '--listen', `127.0.0.1:${port}`, '--data', data, '--demo', '--web', dist, ...serveArgs], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout.on('data', (d) => (output += d));
  server.stderr.on('data', (d) => (output += d));
  let browser;
  let failures = 0;
  const started = Date.now();
  try {
    await waitReady(base, server, () => output.slice(-4000));
    browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: CHROMIUM_ARGS });
    for (const test of tests) {
      const t0 = Date.now();
      const consoleErrors = [];
      const contexts = [];
      // A browser context per user: each has its own storage, so its own session.
      const watched = new WeakSet();
      const watch = (p) => {
        if (watched.has(p)) return;
        watched.add(p);
        p.setDefaultTimeout(10_000);
        p.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
        p.on('pageerror', (e) => consoleErrors.push(String(e)));
      };
      const newUserPage = async () => {
        const c = await browser.newContext({ viewport: { width: 1400, height: 900 } });
        contexts.push(c);
        c.on('page', watch); // pages the test opens later in this context
        const p = await c.newPage();
        watch(p);
        return p;
      };
      const page = await newUserPage();
      const context = page.context();
      let shot = 0;
      const slug = test.name.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
      const ctx = {
        base,
        page,
        context,
        browser,
        consoleErrors,
        newUserPage,
        /**
         * Writes ARTIFACTS/<test>-NN-<name>.png of `target` (default: the
         * test's first page), after checking that every control on it has
         * an accessible name.
         */
        screenshot: async (name, target = page) => {
          const unnamed = await target.evaluate(UNNAMED_CONTROLS);
          if (unnamed.length) throw new Error(`controls without an accessible name on ${name}: ${unnamed.join(', ')}`);
          shot += 1;
          await target.screenshot({ path: join(artifacts, `${slug}-${String(shot).padStart(2, '0')}-${name}.png`), fullPage: true });
        },
      };
      try {
        await test.fn(ctx);
        // 4xx answers are part of normal flows (a refused login, a missing
        // draft) and the tests assert what the page shows for them; a 5xx or
        // a script error is always a failure.
        const expected = [/Failed to load resource: the server responded with a status of 4\d\d/, ...(test.allowConsole ?? [])];
        const unexpected = consoleErrors.filter((e) => !expected.some((re) => re.test(e)));
        if (unexpected.length) throw new Error(`console errors:\n  ${unexpected.join('\n  ')}`);
        console.log(`  ok   ${test.name} (${Date.now() - t0} ms)`);
      } catch (e) {
        failures += 1;
        console.log(`  FAIL ${test.name} (${Date.now() - t0} ms)\n       ${String(e?.stack ?? e).split('\n').slice(0, 6).join('\n       ')}`);
        try {
          // The page last opened (the test may have closed its first one).
          const last = contexts.flatMap((c) => c.pages()).at(-1) ?? page;
          await last.screenshot({ path: join(artifacts, `${slug}-FAILED.png`), fullPage: true });
        } catch {
          /* the page may be gone */
        }
      }
      for (const c of contexts) await c.close();
    }
  } catch (e) {
    failures += 1;
    console.log(`  FAIL ${suiteName} setup: ${e?.message ?? e}`);
  } finally {
    if (browser) await browser.close();
    server.kill('SIGTERM');
    await new Promise((r) => (server.exitCode !== null ? r() : server.once('exit', r)));
    writeFileSync(join(artifacts, `${suiteName}-server.log`), output);
    rmSync(data, { recursive: true, force: true });
  }
  const passed = tests.length - failures;
  console.log(`${suiteName}: ${passed} passed, ${failures} failed, ${tests.length} tests in ${((Date.now() - started) / 1000).toFixed(1)} s; screenshots in ${artifacts}`);
  return failures;
}

/** Fails with `message` unless `condition`. */
export function check(condition, message) {
  if (!condition) throw new Error(message);
}
