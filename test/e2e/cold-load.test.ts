import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, type Session, signInCookie, startWithAdmin, watchErrors } from './support.ts';

// How long My day and Accounts take on a cold first load: a new browser context each time (no
// cache, no service worker), signed in through its cookie, from the navigation's start to the page's
// main heading on screen, and to its data shown (no loader left in the page). The figures are
// printed for the record (COLD_LOAD_TRACE=1 adds each load's resource timings and long tasks;
// COLD_LOAD_RUNS sets the number of loads). The target is 1 s on localhost; the test fails only when
// the median passes LIMIT_MS, a regression guard. On a 2-core machine running the server beside the
// browser, and other benchmarks beside both (load average 8–10), 5 loads each, twice: My day 0.69–
// 1.73 s (medians 1.01 and 1.23 s), Accounts 1.07–1.58 s (medians 1.38 and 1.18 s), against 1.10–
// 1.49 s (medians 1.19, 1.46 s) and 1.19–1.66 s (medians 1.40, 1.38 s) before the session check,
// the page's chunks and its first queries started beside the app's code (see issue 12). On that
// machine what is left is CPU: the server's answers and the first render.

let session: Session;
let server: RunningServer;
let browser: Browser;
let cookie = '';

const admin = { name: 'Casey Cold', email: 'casey@example.test', password: 'cold-load-password' };
const LIMIT_MS = 2_000;

beforeAll(async () => {
  session = await startWithAdmin(admin);
  ({ server, browser } = session);
  cookie = await signInCookie(server, admin);
  for (let i = 1; i <= 30; i++) {
    const res = await fetch(`${server.url}/api/v1/accounts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url, cookie },
      body: JSON.stringify({ name: `Account ${String(i).padStart(2, '0')}` }),
    });
    expect(res.status).toBe(201);
  }
});
afterAll(() => session?.close());

/** One cold load of `path`: milliseconds to the main heading, and to no loader left in the page. */
async function coldLoad(path: string, heading: string) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
  const { hostname } = new URL(server.url);
  await context.addCookies(
    cookie.split('; ').map((c) => {
      const [name = '', ...value] = c.split('=');
      return { name, value: value.join('='), domain: hostname, path: '/' };
    }),
  );
  const page = await context.newPage();
  if (process.env.COLD_LOAD_TRACE)
    await page.addInitScript(() => {
      const tasks: string[] = [];
      (window as unknown as { longTasks: string[] }).longTasks = tasks;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries())
          tasks.push(`${Math.round(e.startTime)}-${Math.round(e.startTime + e.duration)} long task`);
      }).observe({ type: 'longtask', buffered: true });
    });
  const errors = watchErrors(page);
  const start = Date.now();
  await page.goto(`${server.url}${path}`, { waitUntil: 'commit' });
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  const headingMs = Date.now() - start;
  await page.locator('main [role="status"]').first().waitFor({ state: 'detached' });
  const readyMs = Date.now() - start;
  const scripts = await page.evaluate(
    () =>
      performance
        .getEntriesByType('resource')
        .filter((e) => e.name.endsWith('.js'))
        .map((e) => (e as PerformanceResourceTiming).transferSize)
        .reduce((a, b) => a + b, 0) / 1024,
  );
  if (process.env.COLD_LOAD_TRACE)
    console.log(
      await page.evaluate(() =>
        [
          ...performance.getEntriesByType('navigation'),
          ...performance.getEntriesByType('resource'),
          ...performance.getEntriesByType('paint'),
        ]
          .map(
            (e) =>
              `${Math.round(e.startTime)}-${Math.round(e.startTime + e.duration)} ${e.name.replace(location.origin, '')}`,
          )
          .concat((window as unknown as { longTasks: string[] }).longTasks)
          .join('\n'),
      ),
    );
  await context.close();
  expect(errors).toEqual([]);
  return { headingMs, readyMs, scriptsKB: Math.round(scripts) };
}

describe('a cold first load', () => {
  for (const [name, path, heading] of [
    ['My day', '/', 'My day'],
    ['Accounts', '/accounts', 'Accounts'],
  ] as const) {
    it(`shows ${name} cold (target 1 s, limit ${LIMIT_MS} ms)`, async () => {
      const runs = [];
      for (let i = 0; i < Number(process.env.COLD_LOAD_RUNS ?? 3); i++)
        runs.push(await coldLoad(path, heading));
      console.log(`cold load of ${name} (${path}):`, JSON.stringify(runs));
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
      expect(median(runs.map((r) => r.readyMs))).toBeLessThanOrEqual(LIMIT_MS);
    });
  }
});
