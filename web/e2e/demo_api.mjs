// Set-up steps through the API against the demo server, shared by the
// browser tests: sign-in, a JSON client, and a live classification project
// of the demo organisation offered to the demo worker.
import { check } from './harness.mjs';

export const PASSWORD = 'demo-password';
export const WORKER = 'worker@demo.fairlabel.dev';
export const ADMIN = 'admin@demo.fairlabel.dev';

/** Logs `email` in through the login page and waits for the welcome. */
export async function logIn(page, base, email, password = PASSWORD) {
  await page.goto(`${base}/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('heading', { name: /Welcome/ }).waitFor();
}

/** A JSON client of the API for set-up steps; any non-2xx answer fails the test with the server's problem. */
export async function apiAs(base, email, password = PASSWORD) {
  const call = async (token, method, path, body) => {
    const response = await fetch(`${base}/api/v1${path}`, {
      method,
      headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return text ? JSON.parse(text) : null;
  };
  const { token } = await call(null, 'POST', '/auth/login', { email, password });
  return (method, path, body) => call(token, method, path, body);
}

/**
 * A live classification project of the demo organisation (overlap 1), one
 * task per text, funded with USD 20.00 under the deposit reference
 * `reference`. By default its labels are "car" and "palm tree", with one
 * review stage; `reviewStages: []` accepts answers at once. Returns the
 * project.
 */
export async function liveClassificationProject(base, {
  name,
  texts,
  reference,
  labels = ['car', 'palm tree'],
  rule = 'Choose the object the sentence names.',
  reviewStages = [{ name: 'check', deadline_seconds: 86400, countries: [], org_staff_only: false }],
}) {
  const requester = await apiAs(base, 'requester@demo.fairlabel.dev');
  const org = (await requester('GET', '/orgs')).items.find((o) => o.name === 'Demo Vision Lab');
  check(org, 'the demo organisation exists');
  const project = await requester('POST', `/orgs/${org.id}/projects`, {
    name,
    description: 'Which object the sentence names.',
    instructions: '# Classify\n1. Choose the object the sentence names.',
    task_type: 'classification',
  });
  await requester('PUT', `/projects/${project.id}/settings`, {
    label_schema: { labels: labels.map((label) => ({ name: label })) },
    piece_rate_minor: 50,
    currency: 'USD',
    time_estimate_seconds: 20,
    overlap: 1,
    review_stages: reviewStages,
    gold_share_percent: 0,
    eligibility: { countries: [], regions: [], qualifications: [] },
    lease_seconds: 1800,
  });
  await requester('POST', `/projects/${project.id}/rules`, { clauses: [{ text: rule }] });
  await requester('POST', `/projects/${project.id}/tasks`, { tasks: texts.map((text) => ({ input: { text } })) });
  await requester('POST', `/projects/${project.id}/deposits`, { amount: '20.00', currency: 'USD', reference });
  await requester('POST', `/projects/${project.id}/activate`);
  return project;
}
