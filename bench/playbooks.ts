import { pathToFileURL } from 'node:url';
import { sql } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import { addDays } from '../src/core/rules/dates.ts';
import { systemClock } from '../src/server/clock.ts';
import { loadConfig } from '../src/server/config.ts';
import { type Database, rawRows } from '../src/server/db/index.ts';
import { dispatchEvents } from '../src/server/events/outbox.ts';
import { emitOverdueCheckIns } from '../src/server/features/accounts/index.ts';
import { playbooks, playbooksFeature, runPlaybooks } from '../src/server/features/playbooks/index.ts';
import { systemWrites } from '../src/server/runtime.ts';
import { freshDatabase, round } from './support.ts';

export interface PlaybookFigures {
  engine: Database['kind'];
  accounts: number;
  events: number;
  runs: number;
  tasks: number;
  seconds: number;
  /** The three steps: the job's events, the subscriber's runs, the runner's tasks. */
  split: { emit: number; dispatch: number; run: number };
}

export async function playbooksBench(opts: {
  databaseUrl?: string;
  accounts: number;
}): Promise<PlaybookFigures> {
  const { database, drop } = await freshDatabase('playbooks', opts.databaseUrl);
  try {
    await database.migrate();
    const { db } = database;
    const clock = systemClock;
    const today = clock.today();
    const ownerId = uuidv7();
    await db.execute(sql`insert into users (id, name, email, role) values
      (${ownerId}::uuid, 'Owner', 'owner@example.test', 'account_manager')`);
    // Last touched 90 days ago with the default 60-day cadence: every check-in is 30 days overdue.
    await db.execute(sql`insert into accounts (id, name, owner_id, segment, last_touch_at)
      select gen_random_uuid(), 'Account ' || i, ${ownerId}::uuid, 'enterprise',
             ${`${addDays(today, -90)}T09:00:00.000Z`}::timestamptz
      from generate_series(1, ${opts.accounts}::int) i`);
    // As autovacuum keeps it (it is off on some servers): the planner knows the accounts.
    await db.execute(sql`vacuum analyze`);
    await db.insert(playbooks).values({
      name: 'Overdue check-in',
      trigger: { event: 'check_in.overdue', params: null },
      conditions: [{ field: 'segment', op: 'eq', value: 'enterprise' }],
      actions: [
        {
          type: 'create_task',
          title: 'Check in with {{account.name}}',
          assignTo: 'owner',
          dueInDays: 2,
          priority: 'normal',
          effortPoints: 1,
        },
      ],
      enrolment: 'once_per_account',
    });
    const subscribers = playbooksFeature.subscribers!;
    const config = loadConfig({ LOG_LEVEL: 'silent' });
    const ctx = systemWrites(clock);

    const t0 = performance.now();
    const events = await emitOverdueCheckIns(db, ctx, today);
    const t1 = performance.now();
    await dispatchEvents(db, subscribers, { clock, config });
    const t2 = performance.now();
    await runPlaybooks({ db, clock, react: ctx.react, config });
    const t3 = performance.now();

    const [counts] = await rawRows<{ runs: number; tasks: number }>(
      db,
      sql`select (select count(*)::int from playbook_runs where status = 'done') as runs,
                 (select count(*)::int from tasks where source = 'automation') as tasks`,
    );
    return {
      engine: database.kind,
      accounts: opts.accounts,
      events,
      runs: counts!.runs,
      tasks: counts!.tasks,
      seconds: round((t3 - t0) / 1000),
      split: {
        emit: round((t1 - t0) / 1000),
        dispatch: round((t2 - t1) / 1000),
        run: round((t3 - t2) / 1000),
      },
    };
  } finally {
    await database.close();
    await drop();
  }
}

export function printPlaybooks(figures: PlaybookFigures | readonly PlaybookFigures[]): void {
  const list = Array.isArray(figures) ? figures : [figures as PlaybookFigures];
  console.log('\nPlaybooks: the daily check_in.overdue evaluation (events → runs → tasks)');
  for (const f of list) {
    const rate = f.seconds > 0 ? Math.round(f.accounts / f.seconds) : 0;
    const evaluation = round(f.split.emit + f.split.dispatch);
    console.log(
      `  ${f.engine.padEnd(8)} ${f.accounts} accounts: ${f.events} events, ${f.runs} runs, ${f.tasks} tasks in ${f.seconds} s ` +
        `(${rate} accounts/s; emit ${f.split.emit} s, dispatch ${f.split.dispatch} s, run ${f.split.run} s)`,
    );
    console.log(
      `           evaluation (the events found and matched to runs) ${evaluation} s, target ≤ 10 s for 100k on PostgreSQL; ` +
        `the runs' actions (${f.tasks} tasks made, audited, their events recorded) ${f.split.run} s`,
    );
  }
}

async function main() {
  const accounts = Number(process.env.BENCH_PLAYBOOK_ACCOUNTS ?? 10_000);
  const results: PlaybookFigures[] = [await playbooksBench({ accounts })];
  if (process.env.DATABASE_URL)
    results.push(await playbooksBench({ databaseUrl: process.env.DATABASE_URL, accounts }));
  printPlaybooks(results);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
