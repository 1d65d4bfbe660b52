// Webhook delivery (issue 14): N events queued to one endpoint, a real HTTP receiver on 127.0.0.1,
// and the delivery worker run as the background runs it until every delivery has succeeded.
// Figures: deliveries a second (target ≥ 500/s), and the time each delivery takes as the receiver
// sees it (the gap between one arrival and the next: sign, send, answer, record) at p50 and p95.
// One endpoint is the hard case: its deliveries go one at a time, in event order.
// Alone: `npx tsx bench/webhooks.ts` on PGlite (a temporary folder), and also on PostgreSQL when
// DATABASE_URL is set (a fresh database beside it); BENCH_WEBHOOK_EVENTS sets N (default 2,000).
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { and, count, eq } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import type { DomainEvent } from '../src/core/events.ts';
import { systemClock } from '../src/server/clock.ts';
import { loadConfig } from '../src/server/config.ts';
import type { Database } from '../src/server/db/index.ts';
import {
  deliverWebhooks,
  queueWebhookCall,
  webhookDeliveries,
  webhooks,
} from '../src/server/features/webhooks/index.ts';
import { freshDatabase, quantile, round } from './support.ts';

export interface WebhookFigures {
  engine: Database['kind'];
  deliveries: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p95Ms: number;
}

/** A receiver that answers 204 at once and notes when each delivery arrived. */
async function receiver() {
  const arrivals: number[] = [];
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      arrivals.push(performance.now());
      res.writeHead(204).end();
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    arrivals,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export async function webhooksBench(opts: { databaseUrl?: string; events: number }): Promise<WebhookFigures> {
  const { database, drop } = await freshDatabase('webhooks', opts.databaseUrl);
  const r = await receiver();
  try {
    await database.migrate();
    const { db } = database;
    const [hook] = await db
      .insert(webhooks)
      .values({ url: r.url, events: ['*'], secret: `whsec_${randomBytes(24).toString('base64')}` })
      .returning({ id: webhooks.id });
    const now = systemClock.now();
    for (let from = 0; from < opts.events; from += 500) {
      await db.transaction(async (tx) => {
        for (let i = from; i < Math.min(opts.events, from + 500); i++) {
          const event = {
            id: uuidv7(),
            type: 'account.updated',
            occurredAt: now.toISOString(),
            accountId: uuidv7(),
            actorId: null,
            origin: null,
            data: { fields: ['industry', 'segment'] },
          } as DomainEvent;
          await queueWebhookCall(tx, hook!.id, event, now);
        }
      });
    }
    const config = loadConfig(
      { LOG_LEVEL: 'silent', STEWARD_AUTH_SECRET: randomBytes(32).toString('hex') },
      { webhooksAllowHttp: true },
    );
    const ctx = { db, clock: systemClock, config, react: async () => {} };
    const started = performance.now();
    let delivered = 0;
    // As the background runs it: once a second at most, here back to back until nothing is left.
    while (delivered < opts.events) {
      const run = await deliverWebhooks(ctx);
      if (run.failed) throw new Error(`${run.failed} deliveries failed`);
      delivered += run.succeeded;
      if (!run.sent) break;
    }
    const seconds = (performance.now() - started) / 1000;
    const [done] = await db
      .select({ n: count() })
      .from(webhookDeliveries)
      .where(and(eq(webhookDeliveries.webhookId, hook!.id), eq(webhookDeliveries.status, 'succeeded')));
    if (done!.n !== opts.events) throw new Error(`${done!.n} of ${opts.events} deliveries succeeded`);
    const gaps = r.arrivals.slice(1).map((t, i) => t - r.arrivals[i]!);
    gaps.sort((a, b) => a - b);
    return {
      engine: database.kind,
      deliveries: done!.n,
      seconds: round(seconds),
      perSecond: Math.round(done!.n / seconds),
      p50Ms: round(quantile(gaps, 0.5)),
      p95Ms: round(quantile(gaps, 0.95)),
    };
  } finally {
    await r.close();
    await database.close();
    await drop();
  }
}

export function printWebhooks(figures: WebhookFigures | readonly WebhookFigures[]): void {
  const list = Array.isArray(figures) ? figures : [figures as WebhookFigures];
  console.log('\nWebhook deliveries: one endpoint (one at a time, in event order), a local receiver');
  console.log(
    `${'engine'.padEnd(10)} ${'deliveries'.padStart(10)} ${'seconds'.padStart(8)} ${'per s'.padStart(7)} ${'p50 ms'.padStart(7)} ${'p95 ms'.padStart(7)}`,
  );
  for (const f of list) {
    console.log(
      `${f.engine.padEnd(10)} ${String(f.deliveries).padStart(10)} ${String(f.seconds).padStart(8)} ${String(f.perSecond).padStart(7)} ${String(f.p50Ms).padStart(7)} ${String(f.p95Ms).padStart(7)}`,
    );
  }
  console.log('target ≥ 500 deliveries/s; p50/p95: time per delivery as the receiver sees it');
}

async function main() {
  const events = Number(process.env.BENCH_WEBHOOK_EVENTS ?? 2_000);
  const figures = [await webhooksBench({ events })];
  if (process.env.DATABASE_URL) {
    figures.push(await webhooksBench({ databaseUrl: process.env.DATABASE_URL, events }));
  }
  printWebhooks(figures);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
