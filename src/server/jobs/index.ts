import { fromPglite, PgBoss } from 'pg-boss';
import type { React } from '../auth/context.ts';
import { purgeSignInAttempts } from '../auth/sign-in-limit.ts';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { Database } from '../db/index.ts';
import { dispatchEvents, purgeEvents } from '../events/outbox.ts';
import type { Feature, Job, JobContext, Worker } from '../feature.ts';
import { purgeIdempotencyKeys } from '../http/idempotency.ts';

export interface JobOptions {
  config: Config;
  features: readonly Feature[];
  clock: Clock;
  react: React;
  onError: (err: Error) => void;
}

/** The server's own jobs, beside those the features bring. */
const serverJobs: Job[] = [
  { name: 'purge-idempotency-keys', cron: '17 3 * * *', run: ({ db }) => purgeIdempotencyKeys(db) },
  { name: 'purge-sign-in-attempts', cron: '23 3 * * *', run: ({ db }) => purgeSignInAttempts(db) },
  { name: 'purge-events', cron: '29 3 * * *', run: ({ db, clock }) => purgeEvents(db, clock) },
];

/** Every second: the outbox's new events to their subscribers (each once, in order). */
function dispatchWorker(features: readonly Feature[], onError: (err: Error) => void): Worker {
  const subscribers = features.flatMap((f) => f.subscribers ?? []);
  return {
    name: 'dispatch-events',
    everyMs: 1_000,
    run: async ({ db, clock, config }) => {
      await dispatchEvents(db, subscribers, { clock, config }, (msg, err) =>
        onError(new Error(`${msg}: ${err instanceof Error ? err.message : String(err)}`)),
      );
    },
  };
}

/** What runs in the background: pg-boss's scheduled jobs and the in-process workers. */
export interface Background {
  boss: PgBoss;
  /** Stops the workers (letting a run in progress end) and pg-boss. */
  stop(): Promise<void>;
}

/** Runs each worker again `everyMs` after its last run ended, until stopped. */
function startWorkers(workers: readonly Worker[], ctx: JobContext, onError: (err: Error) => void) {
  let stopped = false;
  const running = new Set<Promise<void>>();
  const timers = new Set<NodeJS.Timeout>();
  const loop = (worker: Worker) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (stopped) return;
      const run = worker
        .run(ctx)
        .catch((err: unknown) =>
          onError(new Error(`${worker.name}: ${err instanceof Error ? err.message : String(err)}`)),
        )
        .finally(() => {
          running.delete(run);
          if (!stopped) loop(worker);
        });
      running.add(run);
    }, worker.everyMs);
    timers.add(timer);
  };
  for (const worker of workers) loop(worker);
  return async () => {
    stopped = true;
    for (const timer of timers) clearTimeout(timer);
    await Promise.allSettled([...running]);
  };
}

/**
 * pg-boss on the same database as everything else (PGlite's one connection, or the PostgreSQL
 * URL), running every job the features declare. Handlers must be idempotent: a job may run twice.
 */
export async function startJobs(
  database: Database,
  databaseUrl: string | undefined,
  options: JobOptions,
): Promise<Background> {
  const boss =
    database.kind === 'pglite'
      ? new PgBoss({ db: fromPglite(database.pglite!), backend: 'pglite' })
      : new PgBoss({ connectionString: databaseUrl, max: 4 });
  boss.on('error', options.onError);
  await boss.start();
  const ctx: JobContext = {
    db: database.db,
    clock: options.clock,
    react: options.react,
    config: options.config,
  };
  const jobs = [...serverJobs, ...options.features.flatMap((f) => f.jobs ?? [])];
  for (const job of jobs) {
    await boss.createQueue(job.name);
    await boss.schedule(job.name, job.cron, null, { tz: 'UTC' });
    await boss.work(job.name, async () => job.run(ctx));
  }
  // The job that ran this every minute before the workers did.
  await boss.unschedule('dispatch-events');
  const workers = [
    dispatchWorker(options.features, options.onError),
    ...options.features.flatMap((f) => f.workers ?? []),
  ];
  const stopWorkers = startWorkers(workers, ctx, options.onError);
  return {
    boss,
    stop: async () => {
      await stopWorkers();
      await boss.stop({ graceful: true, timeout: 30_000 });
    },
  };
}
