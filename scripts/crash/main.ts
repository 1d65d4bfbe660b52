// Crash test: under write load, `kill -9` the server, restart it on the same data, and check that
// every write it acknowledged (2xx received) survived, on embedded PGlite and on PostgreSQL.
//
//   npm run test:crash
//
// Environment: CRASH_ENGINES (pglite,postgres), CRASH_ROUNDS (3), CRASH_WRITERS (8),
// CRASH_SEED (random; printed, to replay a run), CRASH_MIN_DELAY_MS / CRASH_MAX_DELAY_MS
// (1000 / 4000: load time before each kill), CRASH_JOBS (off: the server's background jobs),
// CRASH_TIMEOUT_S (300), CRASH_DATABASE_URL or TEST_DATABASE_URL (PostgreSQL server to create the
// throw-away database on; default postgres://postgres@127.0.0.1:5432/postgres).
import { createEngine, type Engine, type EngineName, engineNames } from './engines.ts';
import { runEngine, type Settings, type Tally } from './run.ts';
import { killAllSync } from './server.ts';

function intEnv(name: string, fallback: number, min: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be an integer ≥ ${min}, not "${raw}"`);
  return n;
}

function settings(): Settings & { engines: EngineName[]; timeoutS: number } {
  const engines = (process.env.CRASH_ENGINES ?? engineNames.join(','))
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  for (const e of engines) {
    if (!engineNames.includes(e as EngineName)) throw new Error(`CRASH_ENGINES: unknown engine "${e}"`);
  }
  const minDelayMs = intEnv('CRASH_MIN_DELAY_MS', 1000, 0);
  const jobs = process.env.CRASH_JOBS ?? 'off';
  if (jobs !== 'on' && jobs !== 'off') throw new Error('CRASH_JOBS must be on or off');
  return {
    engines: engines as EngineName[],
    rounds: intEnv('CRASH_ROUNDS', 3, 1),
    writers: intEnv('CRASH_WRITERS', 8, 1),
    seed: intEnv('CRASH_SEED', Math.floor(Math.random() * 2 ** 31), 0),
    minDelayMs,
    maxDelayMs: Math.max(minDelayMs, intEnv('CRASH_MAX_DELAY_MS', 4000, 0)),
    jobs,
    timeoutS: intEnv('CRASH_TIMEOUT_S', 300, 1),
  };
}

const tally: Tally = { passed: 0, failed: 0 };
const disposers = new Set<() => Promise<void>>();

async function disposeAll(): Promise<void> {
  killAllSync();
  for (const dispose of [...disposers]) {
    disposers.delete(dispose);
    await dispose().catch((err: Error) => console.error(`crash: clean-up failed: ${err.message}`));
  }
}

function finish(code: number): never {
  console.log(`crash: ${tally.passed} passed, ${tally.failed} failed`);
  process.exit(code);
}

// Whatever ends this process, the servers (process groups) go with it.
process.on('exit', killAllSync);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`crash: ${signal}: cleaning up`);
    tally.failed++;
    void disposeAll().finally(() => finish(1));
  });
}

async function main(): Promise<void> {
  const s = settings();
  console.log(
    `crash: engines ${s.engines.join(', ')}; ${s.rounds} rounds of ${s.writers} writers; ` +
      `kill -9 after ${s.minDelayMs}-${s.maxDelayMs} ms; jobs ${s.jobs}; seed ${s.seed} (CRASH_SEED to replay)`,
  );
  const watchdog = setTimeout(() => {
    console.error(`crash: still running after ${s.timeoutS} s: giving up`);
    tally.failed++;
    void disposeAll().finally(() => finish(1));
  }, s.timeoutS * 1000);
  watchdog.unref();

  for (const name of s.engines) {
    const t0 = Date.now();
    console.log(`crash: ${name}`);
    let engine: Engine | undefined;
    try {
      engine = await createEngine(name);
      disposers.add(engine.dispose);
      await runEngine(engine, s, tally);
    } catch (err) {
      tally.failed++;
      console.log(`  ${name}: FAILED: ${(err as Error).stack ?? String(err)}`);
    } finally {
      if (engine) {
        disposers.delete(engine.dispose);
        await engine.dispose().catch((err: Error) => console.error(`crash: clean-up failed: ${err.message}`));
      }
    }
    console.log(`  ${name}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  clearTimeout(watchdog);
}

main().then(
  () => finish(tally.failed > 0 ? 1 : 0),
  (err: Error) => {
    console.error(`crash: ${err.message}`);
    tally.failed++;
    void disposeAll().finally(() => finish(1));
  },
);
