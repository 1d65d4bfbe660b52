import { fromPglite, PgBoss } from 'pg-boss';
import type { React } from '../auth/context.ts';
import { purgeSignInAttempts } from '../auth/sign-in-limit.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/index.ts';
import { dispatchEvents, purgeEvents } from '../events/outbox.ts';
import type { Feature, Job } from '../feature.ts';
import { purgeIdempotencyKeys } from '../http/idempotency.ts';

export interface JobOptions {
  features: readonly Feature[];
  clock: Clock;
  react: React;
  onError: (err: Error) => void;
}

/** The server's own jobs, beside those the features bring. */
function serverJobs(features: readonly Feature[], onError: (err: Error) => void): Job[] {
  const subscribers = features.flatMap((f) => f.subscribers ?? []);
  return [
    { name: 'purge-idempotency-keys', cron: '17 3 * * *', run: ({ db }) => purgeIdempotencyKeys(db) },
    { name: 'purge-sign-in-attempts', cron: '23 3 * * *', run: ({ db }) => purgeSignInAttempts(db) },
    { name: 'purge-events', cron: '29 3 * * *', run: ({ db, clock }) => purgeEvents(db, clock) },
    // Every minute: the outbox's events to their subscribers (each once, in order).
    {
      name: 'dispatch-events',
      cron: '* * * * *',
      run: async ({ db, clock }) => {
        await dispatchEvents(db, subscribers, clock, (msg, err) =>
          onError(new Error(`${msg}: ${err instanceof Error ? err.message : String(err)}`)),
        );
      },
    },
  ];
}

/**
 * pg-boss on the same database as everything else (PGlite's one connection, or the PostgreSQL
 * URL), running every job the features declare. Handlers must be idempotent: a job may run twice.
 */
export async function startJobs(
  database: Database,
  databaseUrl: string | undefined,
  options: JobOptions,
): Promise<PgBoss> {
  const boss =
    database.kind === 'pglite'
      ? new PgBoss({ db: fromPglite(database.pglite!), backend: 'pglite' })
      : new PgBoss({ connectionString: databaseUrl, max: 4 });
  boss.on('error', options.onError);
  await boss.start();
  const ctx = { db: database.db, clock: options.clock, react: options.react };
  const jobs = [
    ...serverJobs(options.features, options.onError),
    ...options.features.flatMap((f) => f.jobs ?? []),
  ];
  for (const job of jobs) {
    await boss.createQueue(job.name);
    await boss.schedule(job.name, job.cron, null, { tz: 'UTC' });
    await boss.work(job.name, async () => job.run(ctx));
  }
  return boss;
}
