// The outbox's cost on a write (issue 14): the same write load over HTTP — activities logged on
// the owner's accounts (each records `activity.logged`, whose reactions rescore health and move the
// last touch) — run with the outbox as it is, then with its insert turned into a no-op by a
// database rule (`do instead nothing`: the write, its audit entry and the reactions all still
// run), alternately, so the difference is the outbox's share of a write. Also events written per
// second under that load.
import { sql } from 'drizzle-orm';
import type { Database } from '../src/server/db/index.ts';
import { rawRows } from '../src/server/db/index.ts';
import { quantile, round } from './support.ts';

export interface WriteLoad {
  writes: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p95: number;
}

export interface OutboxFigures {
  connections: number;
  withOutbox: WriteLoad;
  withoutOutbox: WriteLoad;
  /** How much slower a write is with its events recorded: 1 − rate with ÷ rate without, in %. */
  overheadPercent: number;
  eventsPerSecond: number;
}

/** `connections` loops posting activities to random accounts for `seconds`. */
async function writeLoad(
  address: string,
  headers: Record<string, string>,
  accountIds: readonly string[],
  connections: number,
  seconds: number,
): Promise<WriteLoad> {
  const latencies: number[] = [];
  const until = performance.now() + seconds * 1000;
  let n = 0;
  const loop = async () => {
    while (performance.now() < until) {
      const accountId = accountIds[Math.floor(Math.random() * accountIds.length)]!;
      const started = performance.now();
      const res = await fetch(`${address}/api/v1/activities`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ accountId, type: 'call', subject: `Bench call ${n++}` }),
      });
      await res.arrayBuffer();
      if (res.status !== 201) throw new Error(`POST /api/v1/activities → ${res.status}`);
      latencies.push(performance.now() - started);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: connections }, loop));
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    writes: latencies.length,
    seconds: round(elapsed),
    perSecond: Math.round(latencies.length / elapsed),
    p50: round(quantile(latencies, 0.5)),
    p95: round(quantile(latencies, 0.95)),
  };
}

function merge(runs: WriteLoad[]): WriteLoad {
  const writes = runs.reduce((s, r) => s + r.writes, 0);
  const seconds = runs.reduce((s, r) => s + r.seconds, 0);
  return {
    writes,
    seconds: round(seconds),
    perSecond: Math.round(writes / seconds),
    p50: round(runs.reduce((s, r) => s + r.p50, 0) / runs.length),
    p95: round(runs.reduce((s, r) => s + r.p95, 0) / runs.length),
  };
}

export async function outboxBench(options: {
  database: Database;
  address: string;
  headers: Record<string, string>;
  accountIds: readonly string[];
  connections: number;
  seconds: number;
  rounds?: number;
}): Promise<OutboxFigures> {
  const { database, address, headers, accountIds, connections, seconds } = options;
  const db = database.db;
  const count = async () =>
    Number((await rawRows<{ n: string }>(db, sql`select count(*) as n from domain_events`))[0]!.n);
  const withRuns: WriteLoad[] = [];
  const withoutRuns: WriteLoad[] = [];
  let events = 0;
  // Warm up (plans, caches), then alternate, so drift hits both sides alike.
  await writeLoad(address, headers, accountIds, connections, Math.min(3, seconds));
  for (let r = 0; r < (options.rounds ?? 5); r++) {
    const before = await count();
    const run = await writeLoad(address, headers, accountIds, connections, seconds);
    events += (await count()) - before;
    withRuns.push(run);
    await db.execute(sql`create rule bench_no_outbox as on insert to domain_events do instead nothing`);
    try {
      withoutRuns.push(await writeLoad(address, headers, accountIds, connections, seconds));
    } finally {
      await db.execute(sql`drop rule bench_no_outbox on domain_events`);
    }
  }
  const withOutbox = merge(withRuns);
  const withoutOutbox = merge(withoutRuns);
  return {
    connections,
    withOutbox,
    withoutOutbox,
    overheadPercent: round((1 - withOutbox.perSecond / withoutOutbox.perSecond) * 100),
    eventsPerSecond: Math.round(events / withOutbox.seconds),
  };
}

export function printOutbox(f: OutboxFigures): void {
  console.log(
    `\nThe outbox on a write: activities logged over HTTP, ${f.connections} connections, alternating runs`,
  );
  console.log(
    `${''.padEnd(18)} ${'writes'.padStart(8)} ${'writes/s'.padStart(9)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)}`,
  );
  for (const [name, l] of [
    ['with the outbox', f.withOutbox],
    ['without it', f.withoutOutbox],
  ] as const) {
    console.log(
      `${name.padEnd(18)} ${String(l.writes).padStart(8)} ${String(l.perSecond).padStart(9)} ${String(l.p50).padStart(8)} ${String(l.p95).padStart(8)}`,
    );
  }
  console.log(
    `overhead ${f.overheadPercent} % (target ≤ 10 %); events written ${f.eventsPerSecond}/s under the load`,
  );
}
