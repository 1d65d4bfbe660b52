// Delivery (issue 15): an agency's book at scale — 50k projects, 500k deliverables, 100k client
// requests, 2k vendors and 100k engagements at BENCH_SCALE 1 (each scaled by it), over 250 account
// managers (an owner's book is ~200 projects whatever the scale) and the people doing the work,
// among them one manager's team of 25 whose deliverables and tasks bunch in the next 8 weeks.
// Generated set-based (insert … select from generate_series, ids derived from the row's number),
// on a database of its own. Then, over the app's HTTP stack (app.inject, as the other endpoint
// timings): an owner's projects list, a project page's derived figures, the team's workload over
// 8 weeks and the owner's agenda with the new kinds: p50/p95 and req/s against the targets
// (p95 ≤ 50 ms on PostgreSQL, ≤ 150 ms on PGlite); on PostgreSQL beside each endpoint's own SQL
// (captured as it answers, replayed in sequence through a plain connection).
//
// Alone: `npx tsx bench/delivery.ts` (PGlite in a temporary folder, or PostgreSQL beside
// DATABASE_URL); BENCH_SCALE and BENCH_RUNS as for `npm run bench`; on PostgreSQL BENCH_SHOW_SQL=1
// prints each endpoint's statements with their own p50, slowest first.
import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { sql } from 'drizzle-orm';
import { addDays } from '../src/core/rules/dates.ts';
import { buildApp } from '../src/server/app.ts';
import { systemClock } from '../src/server/clock.ts';
import { loadConfig } from '../src/server/config.ts';
import type { Database } from '../src/server/db/index.ts';
import { rawRows } from '../src/server/db/index.ts';
import { insertApiKey } from '../src/server/features/api-keys/index.ts';
import { createTeam } from '../src/server/features/teams/index.ts';
import { createDeps, systemWrites, writesAs } from '../src/server/runtime.ts';
import { captureStatements, type Statement } from './load.ts';
import { freshDatabase, quantile, round } from './support.ts';

const TEAM = 25;
/** The parts of the responses the bench reports. */
interface Body {
  data: { kind: string }[];
  deliveryStatus?: string | null;
  progress?: number | null;
  weeks: string[];
  people: { cells: { status: string }[] }[];
}
const WEEKS = 8;
/** Rows per statement while generating (PGlite holds a statement's work in memory). */
const CHUNK = 50_000;

export interface Timing {
  runs: number;
  p50: number;
  p95: number;
  max: number;
  reqPerSec: number;
}

export interface DeliveryEndpoint extends Timing {
  name: string;
  url: string;
  /** p95 target for the engine, ms. */
  target: number;
  met: boolean;
  /** The endpoint's own statements replayed in sequence (PostgreSQL only). */
  sql: (Timing & { statements: number }) | null;
  /** What the response held (rows on the page, people × weeks, agenda kinds). */
  shape: string;
}

export interface DeliveryFigures {
  engine: Database['kind'];
  scale: number;
  data: Record<string, number>;
  generation: { rows: number; seconds: number; rowsPerSecond: number };
  endpoints: DeliveryEndpoint[];
}

function timing(samples: number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  const total = samples.reduce((s, x) => s + x, 0);
  return {
    runs: samples.length,
    p50: round(quantile(sorted, 0.5)),
    p95: round(quantile(sorted, 0.95)),
    max: round(sorted[sorted.length - 1] ?? 0),
    reqPerSec: total > 0 ? Math.round((samples.length / total) * 1000) : 0,
  };
}

export async function deliveryBench(opts: {
  databaseUrl?: string;
  scale: number;
  runs: number;
}): Promise<DeliveryFigures> {
  const { database, drop } = await freshDatabase('delivery', opts.databaseUrl);
  try {
    await database.migrate();
    const { db } = database;
    const s = opts.scale;
    const n = {
      owners: Math.max(2, Math.round(250 * s)),
      workers: Math.max(2 * TEAM, Math.round(1_000 * s)),
      projects: Math.max(100, Math.round(50_000 * s)),
      vendors: Math.max(12, Math.round(2_000 * s)),
      tasks: Math.max(1_000, Math.round(20_000 * s)),
    };
    const data = {
      ...n,
      accounts: Math.ceil(n.projects / 2),
      deliverables: n.projects * 10,
      clientRequests: n.projects * 2,
      engagements: n.projects * 2,
    };
    const today = systemClock.today();
    const dow = (new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7;
    const monday = addDays(today, -dow);
    const t0 = performance.now();
    let rows = 0;
    const run = async (
      label: string,
      total: number,
      statement: (from: number, to: number) => ReturnType<typeof sql>,
    ) => {
      for (let from = 0; from < total; from += CHUNK) {
        await db.execute(statement(from, Math.min(total, from + CHUNK) - 1));
        process.stderr.write(`\r  delivery: ${label} ${Math.min(total, from + CHUNK).toLocaleString()}   `);
      }
      rows += total;
    };
    // A row's id from its kind and number: a valid UUID (version 4, RFC variant), so any table can
    // name another's row without a join.
    await db.execute(sql`create or replace function bench_id(k text, i bigint) returns uuid
      language sql immutable as
      $$ select overlay(overlay(md5(k || ':' || i) placing '4' from 13) placing '8' from 17)::uuid $$`);
    await db.execute(sql`create or replace function bench_pick(k text, i bigint, m int) returns int
      language sql immutable as
      $$ select ('x' || substr(md5(k || ':' || i), 1, 7))::bit(28)::int % m $$`);
    const d = sql.raw(`'${today}'::date`);

    // People: owners (account managers), workers (members; the first 25 are the team), a manager.
    await db.execute(sql`insert into users (id, name, email, role)
      select bench_id('owner', i), 'Owner ' || i, 'owner' || i || '@bench.test', 'account_manager'
      from generate_series(0, ${n.owners - 1}::int) i
      union all
      select bench_id('worker', i), 'Worker ' || i, 'worker' || i || '@bench.test', 'member'
      from generate_series(0, ${n.workers - 1}::int) i
      union all select bench_id('manager', 0), 'Manager', 'manager@bench.test', 'manager'
      union all select bench_id('admin', 0), 'Admin', 'admin@bench.test', 'admin'`);
    const id = async (kind: string, i: number) =>
      (await rawRows<{ id: string }>(db, sql`select bench_id(${kind}, ${i}::bigint)::text as id`))[0]!.id;
    const adminId = await id('admin', 0);
    const managerId = await id('manager', 0);
    const ownerId = await id('owner', 0);
    const teamMembers = await Promise.all(Array.from({ length: TEAM }, (_, i) => id('worker', i)));
    const team = await createTeam(db, writesAs({ userId: adminId, role: 'admin', via: 'api_key' }), {
      name: 'Studio',
      managerIds: [managerId],
      memberIds: teamMembers,
    });
    rows += n.owners + n.workers + 2;

    await run(
      'accounts',
      data.accounts,
      (a, b) => sql`insert into accounts (id, name, owner_id, segment, lifecycle_stage, last_touch_at)
        select bench_id('account', i), 'Account ' || i, bench_id('owner', i % ${n.owners}),
               (array['enterprise', 'mid_market', 'smb'])[1 + i % 3], 'active', ${d} - (i % 90) * interval '1 day'
        from generate_series(${a}::int, ${b}::int) i`,
    );
    // Project i: starts between 540 days ago and 60 days ahead, runs 30–300 days; its account is
    // i % accounts (so its owner is that account's). Past their end: completed (every 20th
    // cancelled); not begun: planning; else active (every 25th on hold).
    // Project i's account: drawn by a hash of i, so an owner's projects are a fair sample of every
    // status, kind and date (i % accounts would give owner 0 only every owners-th project).
    const acct = (i: string) => sql.raw(`bench_pick('account', ${i}, ${data.accounts})`);
    const P = data.accounts;
    const start = sql.raw(`('${today}'::date - 540 + ((i * 7) % 600))`);
    const duration = sql.raw('(30 + (i % 10) * 30)');
    await run(
      'projects',
      n.projects,
      (a, b) => sql`insert into projects (id, account_id, name, kind, status, start_date, end_date, budget,
          monthly_fee, owner_id, team_member_ids)
        select bench_id('project', i), bench_id('account', ${acct('i')}), 'Project ' || i,
               (array['project', 'project', 'campaign', 'campaign', 'project', 'retainer'])[1 + i % 6],
               case when ${start} + ${duration} < ${d} - 14 then
                      case when i % 20 = 0 then 'cancelled' else 'completed' end
                    when ${start} > ${d} then 'planning'
                    when i % 25 = 0 then 'on_hold' else 'active' end,
               ${start}, ${start} + ${duration},
               case when i % 50 = 0 then 1000 else 10000 + (i % 40) * 2500 end,
               case when i % 6 = 5 then 2000 + (i % 10) * 500 end,
               bench_id('owner', ${acct('i')} % ${n.owners}),
               array[bench_id('worker', (i * 31 + 7) % ${n.workers}), bench_id('worker', (i * 31 + 14) % ${n.workers})]
        from generate_series(${a}::int, ${b}::int) i`,
    );
    await db.execute(sql`insert into account_team_members (account_id, user_id)
      select distinct account_id, unnest(team_member_ids) from projects on conflict do nothing`);
    // Deliverable j = 10 i + k of project i: due at (k + 1) / 11 of its run; the first is the
    // owner's own (on a running project, due between 5 days ago and 40 ahead: the agenda's
    // deliverables due), the rest go round the workers. Past due by over a week: delivered (one in 97
    // still in progress — off track); due this past week: in the client's hands or approved; ahead:
    // not started, in progress or in internal review.
    const dstart = sql.raw(`('${today}'::date - 540 + (((j / 10) * 7) % 600))`);
    const ddur = sql.raw('(30 + ((j / 10) % 10) * 30)');
    await run(
      'deliverables',
      data.deliverables,
      (a, b) => sql`insert into deliverables (id, project_id, account_id, name, due_date, assignee_id,
          effort_points, included_revisions, status, revision_rounds, approved_at, delivered_at)
        select bench_id('deliverable', j), bench_id('project', j / 10), bench_id('account', ${acct('j / 10')}),
               'Deliverable ' || j, x.due,
               case when j % 10 = 0 then bench_id('owner', ${acct('j / 10')} % ${n.owners})
                    else bench_id('worker', ((j / 10) * 31 + (j % 10) * 7) % ${n.workers}) end,
               1 + j % 3, 2, x.status, case when x.status = 'changes_requested' then 1 + j % 3 else 0 end,
               case when x.status in ('approved', 'delivered') then x.due - interval '2 days' end,
               case when x.status = 'delivered' then x.due - interval '1 day' end
        from generate_series(${a}::int, ${b}::int) j
        cross join lateral (select ${dstart} as ps, ${ddur} as len) pp
        cross join lateral (select case when j % 10 = 0 and pp.ps <= ${d} and pp.ps + pp.len >= ${d}
                                        then greatest(pp.ps, ${d} - 5 + (j / 10) % 45)
                                        else pp.ps + (pp.len * (j % 10 + 1)) / 11 end as due) dd
        cross join lateral (select dd.due,
          case when pp.ps + pp.len < ${d} - 14 then
                 case when (j / 10) % 20 = 0 then 'cancelled' else 'delivered' end
               when dd.due < ${d} - 7 then case when j % 97 = 0 then 'in_progress' else 'delivered' end
               when dd.due < ${d} then (array['approved', 'client_review', 'changes_requested'])[1 + (j / 10 + j) % 3]
               else (array['not_started', 'in_progress', 'internal_review'])[1 + (j / 10 + j) % 3] end as status) x`,
    );
    // Requests 2 a project, due somewhere in its run; past due: received but one in ten.
    await run(
      'client requests',
      data.clientRequests,
      (a, b) => sql`insert into client_requests (id, account_id, project_id, deliverable_id, title, kind,
          due_date, status, received_at)
        select bench_id('request', r), bench_id('account', ${acct('r / 2')}), bench_id('project', r / 2),
               case when r % 5 = 0 then bench_id('deliverable', (r / 2) * 10 + r % 10) end,
               'Request ' || r, (array['asset', 'access', 'approval', 'information'])[1 + r % 4], x.due,
               case when x.due >= ${d} or r % 10 = 0 then 'requested' else 'received' end,
               case when x.due < ${d} and r % 10 <> 0 then x.due::timestamptz end
        from generate_series(${a}::int, ${b}::int) r
        cross join lateral (select (${d} - 540 + (((r / 2) * 7) % 600))
          + (r * 13) % (30 + ((r / 2) % 10) * 30) as due) x`,
    );
    await run(
      'vendors',
      n.vendors,
      (a, b) => sql`insert into vendors (id, name, category)
        select bench_id('vendor', v), 'Vendor ' || v,
               (array['Photography', 'Print', 'Video production', 'Media buying', 'Translation', 'Development'])[1 + v % 6]
        from generate_series(${a}::int, ${b}::int) v`,
    );
    // Engagements 2 a project; delivered (a few days early or late, rated 2–5) once past due,
    // but one in fifteen still in progress; ahead: proposed, contracted or in progress.
    await run(
      'engagements',
      data.engagements,
      (
        a,
        b,
      ) => sql`insert into vendor_engagements (id, vendor_id, project_id, account_id, scope, cost, due_date,
          status, delivered_on, rating)
        select bench_id('engagement', e), bench_id('vendor', (e * 7) % ${n.vendors}), bench_id('project', e / 2),
               bench_id('account', ${acct('e / 2')}), 'Engagement ' || e, 500 + ((e * 37) % 200) * 50, x.due, x.status,
               case when x.status = 'delivered' then least(x.due + (e % 9) - 4, ${d} - 1) end,
               case when x.status = 'delivered' and e % 7 <> 0 then 2 + e % 4 end
        from generate_series(${a}::int, ${b}::int) e
        cross join lateral (select (${d} - 540 + (((e / 2) * 7) % 600)) as s,
                                   (30 + ((e / 2) % 10) * 30) as len) p
        cross join lateral (select p.s + (e * 17) % p.len as due) dd
        cross join lateral (select dd.due,
          case when p.s + p.len < ${d} - 14 then case when (e / 2) % 20 = 0 then 'cancelled' else 'delivered' end
               when dd.due < ${d} then case when e % 15 = 0 then 'in_progress' else 'delivered' end
               else (array['proposed', 'contracted', 'in_progress'])[1 + e % 3] end as status) x`,
    );
    // Tasks round the workers, due from 60 days ago to 120 ahead (done once past, but a few); the
    // team's bunch in the next 8 weeks.
    await run(
      'tasks',
      n.tasks,
      (a, b) => sql`insert into tasks (id, title, account_id, assignee_id, due_date, status, effort_points)
        select bench_id('task', t), 'Task ' || t, bench_id('account', t % ${P}),
               bench_id('worker', t % ${n.workers}), x.due,
               case when x.due < ${d} - 3 and t % 11 <> 0 then 'done' else 'open' end, 1 + t % 3
        from generate_series(${a}::int, ${b}::int) t
        cross join lateral (select case when t % ${n.workers} < ${TEAM} then ${d} + (t % ${WEEKS * 7})
                                        else ${d} - 60 + (t % 180) end as due) x`,
    );
    const seconds = (performance.now() - t0) / 1000;
    process.stderr.write(`\n  delivery: ${rows.toLocaleString()} rows in ${round(seconds)} s; analysing\n`);
    await db.execute(sql`vacuum analyze`);

    const config = loadConfig(
      { LOG_LEVEL: 'silent', STEWARD_AUTH_SECRET: randomBytes(32).toString('hex') },
      { apiRateLimit: 1_000_000 },
    );
    const app = await buildApp(await createDeps(config, database, { jobs: false }));
    await app.ready();
    try {
      const keyOf = async (userId: string) => {
        const { key } = await db.transaction((tx) =>
          insertApiKey(tx, systemWrites(), userId, { name: 'bench' }),
        );
        return { authorization: `Bearer ${key}` };
      };
      const as = { owner: await keyOf(ownerId), manager: await keyOf(managerId) };
      const get = async (url: string, headers: Record<string, string>) => {
        const res = await app.inject({ method: 'GET', url, headers });
        if (res.statusCode !== 200) throw new Error(`${url} → ${res.statusCode} ${res.body.slice(0, 300)}`);
        return res.json() as Body;
      };
      const [probe] = await rawRows<{ id: string }>(
        db,
        sql`select p.id::text as id from projects p where p.owner_id = ${ownerId}::uuid and p.status = 'active'
              and p.start_date < ${d} - 60
            order by (select count(*) from deliverables d where d.project_id = p.id
                      and d.status not in ('approved', 'delivered', 'cancelled')) desc, p.id limit 1`,
      );
      if (!probe) throw new Error('the probe owner has no active project');
      const [book] = await rawRows<{ n: number }>(
        db,
        sql`select count(*)::int as n from projects where owner_id = ${ownerId}::uuid`,
      );
      const to = addDays(monday, WEEKS * 7 - 1);
      const plan: {
        name: string;
        url: string;
        headers: Record<string, string>;
        shape: (b: Body) => string;
      }[] = [
        {
          name: `projects: an owner's list (${book!.n} projects)`,
          url: `/api/v1/projects?ownerId=${ownerId}`,
          headers: as.owner,
          shape: (b) => `${b.data.length} on the page`,
        },
        {
          name: 'project: one page, derived figures',
          url: `/api/v1/projects/${probe.id}`,
          headers: as.owner,
          shape: (b) => `deliveryStatus ${b.deliveryStatus}, progress ${b.progress}`,
        },
        {
          name: `workload: ${TEAM} + manager × ${WEEKS} weeks`,
          url: `/api/v1/reports/workload?teamId=${team.id}&from=${monday}&to=${to}`,
          headers: as.manager,
          shape: (b) => {
            const cells = b.people.flatMap((p) => p.cells);
            return `${b.people.length} people × ${b.weeks.length} weeks, ${cells.filter((c) => c.status === 'over').length} cells over`;
          },
        },
        {
          name: "agenda: the owner's day",
          url: `/api/v1/me/agenda?date=${today}`,
          headers: as.owner,
          shape: (b) => {
            const kinds = new Set(b.data.map((i) => i.kind));
            const wanted = ['deliverable_due', 'client_request_overdue', 'project_off_track'];
            const missing = wanted.filter((k) => !kinds.has(k));
            return `${b.data.length} items${missing.length ? `; missing ${missing.join(', ')}` : '; the three new kinds'}`;
          },
        },
      ];
      const target = database.kind === 'postgres' ? 50 : 150;
      const endpoints: DeliveryEndpoint[] = [];
      for (const p of plan) {
        process.stderr.write(`  delivery: timing ${p.name}\n`);
        const shape = p.shape(await get(p.url, p.headers));
        for (let i = 0; i < 5; i++) await get(p.url, p.headers); // warm-up
        const samples: number[] = [];
        for (let i = 0; i < opts.runs; i++) {
          const started = performance.now();
          await get(p.url, p.headers);
          samples.push(performance.now() - started);
        }
        const t = timing(samples);
        let raw: DeliveryEndpoint['sql'] = null;
        if (database.pool) {
          const statements = await captureStatements(() => get(p.url, p.headers));
          raw = { ...(await replay(database, statements, opts.runs)), statements: statements.length };
          if (process.env.BENCH_SHOW_SQL) {
            // Each statement alone, p50 over 20 runs, slowest first: where the endpoint's time goes.
            const each = [];
            for (const st of statements) each.push({ st, p50: (await replay(database, [st], 20)).p50 });
            for (const { st, p50 } of each.sort((a, b) => b.p50 - a.p50))
              console.error(
                `  ${p.name}: ${p50} ms  ${st.text.replace(/\s+/g, ' ')}  ${JSON.stringify(st.values)}`,
              );
          }
        }
        endpoints.push({ name: p.name, url: p.url, target, met: t.p95 <= target, sql: raw, shape, ...t });
      }
      return {
        engine: database.kind,
        scale: s,
        data,
        generation: { rows, seconds: round(seconds), rowsPerSecond: Math.round(rows / seconds) },
        endpoints,
      };
    } finally {
      await app.close();
    }
  } finally {
    await database.close();
    await drop();
  }
}

/** `statements` in sequence through one plain connection to the bench's database, `runs` times. */
async function replay(database: Database, statements: Statement[], runs: number): Promise<Timing> {
  const client = await database.pool!.connect();
  try {
    const once = async () => {
      for (const st of statements) await client.query({ text: st.text, values: st.values, name: st.name });
    };
    for (let i = 0; i < 5; i++) await once();
    const samples: number[] = [];
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      await once();
      samples.push(performance.now() - started);
    }
    return timing(samples);
  } finally {
    client.release();
  }
}

export function printDelivery(figures: DeliveryFigures | readonly DeliveryFigures[]): void {
  const list = Array.isArray(figures) ? figures : [figures as DeliveryFigures];
  for (const f of list) {
    const d = f.data;
    console.log(
      `\nDelivery on ${f.engine}: ${d.projects!.toLocaleString()} projects, ${d.deliverables!.toLocaleString()} deliverables, ` +
        `${d.clientRequests!.toLocaleString()} client requests, ${d.vendors!.toLocaleString()} vendors, ` +
        `${d.engagements!.toLocaleString()} engagements, ${d.tasks!.toLocaleString()} tasks ` +
        `(${f.generation.rows.toLocaleString()} rows in ${f.generation.seconds} s, ${f.generation.rowsPerSecond.toLocaleString()} rows/s)`,
    );
    console.log(
      `${'endpoint'.padEnd(40)} ${'runs'.padStart(5)} ${'p50 ms'.padStart(7)} ${'p95 ms'.padStart(7)} ${'req/s'.padStart(6)} ${'target'.padStart(7)} │ ${'SQL p50'.padStart(7)} ${'p95'.padStart(6)} ${'req/s'.padStart(6)} │ response`,
    );
    for (const e of f.endpoints) {
      const raw = e.sql
        ? `${String(e.sql.p50).padStart(7)} ${String(e.sql.p95).padStart(6)} ${String(e.sql.reqPerSec).padStart(6)}`
        : `${'–'.padStart(7)} ${'–'.padStart(6)} ${'–'.padStart(6)}`;
      console.log(
        `${e.name.padEnd(40)} ${String(e.runs).padStart(5)} ${String(e.p50).padStart(7)} ${String(e.p95).padStart(7)} ${String(e.reqPerSec).padStart(6)} ${`${e.met ? '✓' : '✗'} ${e.target}`.padStart(7)} │ ${raw} │ ${e.shape}`,
      );
    }
  }
}

async function main() {
  const scale = Number(process.env.BENCH_SCALE ?? 1);
  const runs = Number(process.env.BENCH_RUNS ?? 200);
  const figures = await deliveryBench({ databaseUrl: process.env.DATABASE_URL, scale, runs });
  printDelivery(figures);
  console.log(JSON.stringify(figures, null, 2));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
