// `npm run fuzz`: starts a real Steward on a fresh database, makes users, keys and a small data
// set through the API, then sends valid and broken requests to every operation of the server's
// own OpenAPI document and reports every answer that breaks the contract (see checks.ts).
//
//   FUZZ_SEED=1            the PRNG seed: the same seed sends the same requests
//   FUZZ_REQUESTS=150      requests per operation
//   FUZZ_CONCURRENCY=4     requests in flight
//   FUZZ_TIMEOUT_MS=20000  per request
//   FUZZ_DATABASE_URL      (or TEST_DATABASE_URL) run on PostgreSQL: a new database next to this one
//   FUZZ_RESULTS_DIR       where the JSON list of failures goes (default fuzz-results/)
//   FUZZ_TRACE=<file>      append one JSON line per request (operation, mutation, caller, status)
//   FUZZ_KEEP=1            after the run, keep the server up (Ctrl-C ends it) and print BASE and
//                          KEY_<role> for the report's curl lines; with FUZZ_REQUESTS=0 it only sets up
import { makeDataset } from './dataset.ts';
import { closeConnections } from './http.ts';
import { type OpenApiDocument, operationsOf } from './openapi.ts';
import { makePeople } from './people.ts';
import { emptyPool, type Pool } from './pool.ts';
import { attachServerLog, failuresText, newStats, summary, writeJson } from './report.ts';
import { collectCursors, runAll } from './run.ts';
import { type Server, startServer } from './server.ts';

function intEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  const n = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(n) || n < 0)
    throw new Error(`${name} must be a whole number, not ${JSON.stringify(raw)}`);
  return n;
}

/** Leaves the server up for trying the reproductions by hand, until Ctrl-C. */
async function keepServing(base: string, pool: Pool): Promise<void> {
  const keys = Object.entries(pool.users).map(([role, u]) => `KEY_${role}=${u.key}`);
  console.log(
    `\nThe server stays up; Ctrl-C stops it and deletes its data.\nexport BASE=${base} ${keys.join(' ')}`,
  );
  await new Promise(() => undefined);
}

async function main(): Promise<number> {
  const opts = {
    seed: intEnv('FUZZ_SEED', 1),
    perOperation: intEnv('FUZZ_REQUESTS', 150),
    concurrency: Math.max(1, intEnv('FUZZ_CONCURRENCY', 4)),
    timeoutMs: intEnv('FUZZ_TIMEOUT_MS', 20_000),
  };
  const databaseUrl = process.env.FUZZ_DATABASE_URL || process.env.TEST_DATABASE_URL || undefined;
  const started = Date.now();
  const warnings: string[] = [];
  let server: Server | undefined;
  const cleanUp = async () => {
    closeConnections();
    await server?.stop();
  };
  // Ctrl-C still stops the server and drops the database.
  const onSignal = () => void cleanUp().finally(() => process.exit(130));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    server = await startServer(databaseUrl);
    console.error(
      `fuzz: seed ${opts.seed}, ${opts.perOperation} requests per operation, ${server.engine}, ${server.base}`,
    );
    const pool = emptyPool();
    await makePeople(server.base, pool, (m) => warnings.push(m));
    await makeDataset(server.base, pool, opts.seed, (m) => warnings.push(m));
    const doc = (await (await fetch(`${server.base}/api/openapi.json`)).json()) as OpenApiDocument;
    const ops = operationsOf(doc);
    await collectCursors(server.base, ops, pool);
    console.error(
      `fuzz: data set ready (${[...pool.ids].map(([k, v]) => `${v.length} ${k}`).join(', ')}; ${pool.cursors.size} list cursors); ${ops.length} operations`,
    );

    const stats = newStats();
    const aborted = await runAll(server, ops, pool, stats, opts);
    const seconds = (Date.now() - started) / 1000;
    // The log lines of the last requests may still be in the pipe.
    await new Promise((r) => setTimeout(r, 500));
    attachServerLog(stats, server.errorFor);
    const file = writeJson(stats, {
      engine: server.engine,
      seed: opts.seed,
      perOperation: opts.perOperation,
      seconds,
      warnings,
      aborted,
    });

    console.log(
      summary(
        stats,
        ops.map((o) => o.key),
        seconds,
      ),
    );
    if (warnings.length)
      console.log(
        ['Data set warnings (setup requests that did not succeed)', ...warnings.map((w) => `  ${w}`)].join(
          '\n',
        ),
      );
    if (aborted) console.log(`\nRun stopped early: ${aborted}\nLast server output:\n${server.logTail()}`);
    const failures = failuresText(stats);
    if (failures) console.log(`\n${failures}`);
    console.log(`\nFull list: ${file}`);
    const failed = stats.failed + (aborted ? 1 : 0);
    console.log(`fuzz: ${stats.passed} passed, ${failed} failed`);
    if (process.env.FUZZ_KEEP === '1') await keepServing(server.base, pool);
    return failed > 0 ? 1 : 0;
  } finally {
    await cleanUp();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`fuzz: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    console.log('fuzz: 0 passed, 1 failed');
    process.exit(1);
  },
);
