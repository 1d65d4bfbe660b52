// npm run check:openapi — the OpenAPI document lints clean with Redocly, and a client that a
// third-party generator (@hey-api/openapi-ts, fetch client) makes from it type-checks and works
// against a real server. In order, about 40 s in all:
//
//   1. write dist/openapi.json (scripts/openapi.ts)
//   2. redocly lint it with redocly.yaml: no errors and no warnings
//   3. generate the SDK into dist/hey-api-client (git-ignored, like all of dist/)
//   4. tsc --noEmit on usage.ts and the generated client (tsconfig.json here)
//   5. start `steward serve` on a free port and a fresh PGlite data directory
//   6. run usage.ts: setup, an API key, then accounts through the SDK, checking the typed results
//
// Exits non-zero if any check fails; the last line is `openapi client: N passed, M failed`.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createClient } from '@hey-api/openapi-ts';
import { type Check, createTally } from './check.ts';
import { type RunningServer, startServer } from './server.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const here = path.join(root, 'scripts/openapi-client');
const DOC = path.join(root, 'dist/openapi.json');
const CLIENT = path.join(root, 'dist/hey-api-client');
const tally = createTally();
const check = tally.check;

/** Runs a devDependency's command from the repo root; its output goes to ours unless captured. */
function run(bin: string, args: string[], capture = false) {
  return spawnSync(path.join(root, 'node_modules/.bin', bin), args, {
    cwd: root,
    encoding: 'utf8',
    stdio: capture ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
    maxBuffer: 64 * 1024 * 1024,
  });
}

/** Whether a step passed, and what to show if it did not. */
type Outcome = boolean | [ok: boolean, seen: unknown];

/** Times a step; its check's name ends with how long it took. */
async function step(name: string, body: () => Outcome | Promise<Outcome>): Promise<boolean> {
  const started = performance.now();
  let outcome: Outcome;
  try {
    outcome = await body();
  } catch (err) {
    outcome = [false, err];
  }
  const [ok, seen] = Array.isArray(outcome) ? outcome : [outcome, undefined];
  return check(`${name} (${((performance.now() - started) / 1000).toFixed(1)} s)`, ok, seen);
}

interface LintReport {
  totals?: { errors: number; warnings: number };
}

function lint(): Outcome {
  const result = run('redocly', ['lint', DOC, '--format', 'json'], true);
  const { totals } = JSON.parse(result.stdout || '{}') as LintReport;
  const clean = result.status === 0 && totals?.errors === 0 && totals.warnings === 0;
  if (!clean) run('redocly', ['lint', DOC]); // again, readable, to show what it found
  return [clean, totals ?? result.stderr];
}

async function generate(): Promise<boolean> {
  await createClient({
    input: DOC,
    output: { path: CLIENT, clean: true },
    plugins: ['@hey-api/client-fetch', '@hey-api/typescript', '@hey-api/sdk'],
    logs: { file: false, level: 'warn' },
  });
  return true;
}

/** The running server's own document is the one the client was generated from (bar its address). */
async function sameDocument(server: RunningServer): Promise<Outcome> {
  const served = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as { servers?: unknown };
  const written = JSON.parse(readFileSync(DOC, 'utf8')) as { servers?: unknown };
  const ok = JSON.stringify({ ...served, servers: null }) === JSON.stringify({ ...written, servers: null });
  return [ok, ok ? undefined : 'GET /api/openapi.json differs from dist/openapi.json'];
}

/**
 * usage.ts imports the generated client, which exists only from step 3 on, so it is loaded here by
 * a computed specifier (and kept out of the repo's own tsc run: step 4 checks it instead).
 */
async function exercise(server: RunningServer): Promise<void> {
  const usage = (await import(pathToFileURL(path.join(here, 'usage.ts')).href)) as {
    exercise(baseUrl: string, check: Check): Promise<void>;
  };
  try {
    await usage.exercise(server.url, check);
  } catch (err) {
    check('usage.ts ran to the end', false, err);
  }
}

async function main(): Promise<void> {
  const ready =
    (await step('OpenAPI document written', () => run('tsx', ['scripts/openapi.ts']).status === 0)) &&
    (await step('redocly lint: no errors, no warnings', lint)) &&
    (await step('@hey-api/openapi-ts generated the fetch client', generate)) &&
    (await step('tsc: usage.ts type-checks against the client', () => {
      return run('tsc', ['--noEmit', '-p', path.join(here, 'tsconfig.json')]).status === 0;
    }));
  if (!ready) return;

  let server: RunningServer | undefined;
  await step('steward serve started on a fresh PGlite', async () => {
    server = await startServer(root);
    return true;
  });
  if (!server) return;
  try {
    const running = server;
    await step('the served document is the one the client came from', () => sameDocument(running));
    await exercise(server);
  } finally {
    const log = server.logTail();
    if (tally.failed > 0 && log) console.log(`--- the server's last log lines ---\n${log}`);
    await server.stop();
  }
}

const started = performance.now();

function finish(code: number): never {
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`openapi client: ${tally.passed} passed, ${tally.failed} failed (${seconds} s)`);
  process.exit(code);
}

// Ctrl-C or a kill still runs the exit handlers, which stop the server and remove its data.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    check(`not stopped by ${signal}`, false);
    finish(130);
  });
}

await main().catch((err: unknown) => check('check:openapi ran to the end', false, err));
finish(tally.failed > 0 ? 1 : 0);
