import { fromPglite, PgBoss } from 'pg-boss';
import { purgeSignInAttempts } from '../auth/sign-in-limit.ts';
import type { Database } from '../db/index.ts';
import { todayUtc } from '../features/contracts/dates.ts';
import { snapshotHealth } from '../features/health/health.service.ts';
import { runRenewalSweep } from '../features/renewals/sweep.service.ts';
import { purgeIdempotencyKeys } from '../http/idempotency.ts';

/** Every queue and its handler. Handlers must be idempotent: a job may run more than once. */
const jobs: { name: string; cron: string; run: (database: Database) => Promise<void> }[] = [
  { name: 'purge-idempotency-keys', cron: '17 3 * * *', run: (d) => purgeIdempotencyKeys(d.db) },
  { name: 'purge-sign-in-attempts', cron: '23 3 * * *', run: (d) => purgeSignInAttempts(d.db) },
  // Just after midnight UTC: the day's scores (days since the last touch grow, signals go stale).
  { name: 'health-snapshot', cron: '5 0 * * *', run: (d) => snapshotHealth(d.db) },
  // Renewal opportunities and tasks, expiries, and the day's ARR on every account.
  {
    name: 'renewal-sweep',
    cron: '15 0 * * *',
    run: async (d) => {
      await runRenewalSweep(d.db, todayUtc());
    },
  },
];

/** pg-boss on the same database as everything else: PGlite's one connection, or the PostgreSQL URL. */
export async function startJobs(
  database: Database,
  databaseUrl: string | undefined,
  onError: (err: Error) => void,
): Promise<PgBoss> {
  const boss =
    database.kind === 'pglite'
      ? new PgBoss({ db: fromPglite(database.pglite!), backend: 'pglite' })
      : new PgBoss({ connectionString: databaseUrl, max: 4 });
  boss.on('error', onError);
  await boss.start();
  for (const job of jobs) {
    await boss.createQueue(job.name);
    await boss.schedule(job.name, job.cron, null, { tz: 'UTC' });
    await boss.work(job.name, async () => job.run(database));
  }
  return boss;
}
