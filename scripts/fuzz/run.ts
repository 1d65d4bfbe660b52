// Sends the requests: operation after operation (reads, then writes, then deletes, so the data
// set is still there for most of the run), a few at a time, each checked as it comes back.
import { appendFileSync } from 'node:fs';
import { Big, textValue } from './big.ts';
import { requestFor } from './cases.ts';
import { check } from './checks.ts';
import { call, type FuzzRequest, type Outcome, send } from './http.ts';
import { documents, type Operation } from './openapi.ts';
import { kindOfPathParam, type Pool } from './pool.ts';
import { probes } from './probes.ts';
import { record, type Stats } from './report.ts';
import type { Server } from './server.ts';

export interface RunOptions {
  seed: number;
  perOperation: number;
  concurrency: number;
  timeoutMs: number;
}

const PHASE: Record<string, number> = { GET: 0, POST: 1, PUT: 1, PATCH: 2, DELETE: 3 };

/** Runs tasks with at most `limit` in flight; stops starting new ones once `stop()` is true. */
async function inParallel<T>(
  items: T[],
  limit: number,
  stop: () => boolean,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length && !stop()) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: limit }, worker));
}

function keyOf(pool: Pool, req: FuzzRequest): string | undefined {
  return req.caller === 'anonymous' ? undefined : pool.users[req.caller]?.key;
}

/** Takes a valid `nextCursor` from every list (limit=1), for valid paging and foreign cursors. */
export async function collectCursors(base: string, ops: Operation[], pool: Pool): Promise<void> {
  for (const op of ops) {
    if (op.method !== 'GET' || !op.parameters.some((p) => p.name === 'cursor')) continue;
    const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
      const kind = kindOfPathParam(op.path, name);
      return (kind && pool.ids.get(kind)?.[0]) || '00000000-0000-0000-0000-000000000000';
    });
    const res = await call(base, 'GET', `${path}?limit=1`, { key: pool.users.admin.key });
    const cursor = (res.json as { nextCursor?: unknown } | undefined)?.nextCursor;
    if (typeof cursor === 'string') pool.cursors.set(op.path, [cursor]);
  }
}

export async function runAll(
  server: Server,
  ops: Operation[],
  pool: Pool,
  stats: Stats,
  opts: RunOptions,
): Promise<string | undefined> {
  let abort: string | undefined;
  let silent = 0;
  // FUZZ_TRACE=<file>: one JSON line per request, to see what the valid requests achieve.
  const trace = process.env.FUZZ_TRACE;
  const stop = () => abort !== undefined;
  const one = async (req: FuzzRequest, documented: (s: number) => boolean) => {
    const out: Outcome = await send(server.base, req, keyOf(pool, req), opts.timeoutMs);
    const path = String(req.url instanceof Big ? req.url.value : req.url);
    const sentId = req.headers['x-request-id'];
    record(
      stats,
      req,
      out,
      check(out, documented, path, sentId === undefined ? undefined : textValue(sentId)),
    );
    if (trace)
      appendFileSync(
        trace,
        `${JSON.stringify({ op: req.op, mutation: req.mutation, caller: req.caller, status: out.status, ms: out.ms, body: out.body.slice(0, 200) })}\n`,
      );
    silent = out.error ? silent + 1 : 0;
    if (out.error && server.exited()) abort = `the server exited (${server.exited()}) during ${req.op}`;
    // A server that hangs without exiting would make every later request wait out its timeout.
    else if (silent >= 8) abort = `the server stopped answering (8 requests in a row) during ${req.op}`;
  };

  const ordered = [...ops].sort((a, b) => (PHASE[a.method] ?? 1) - (PHASE[b.method] ?? 1));
  let done = 0;
  for (const op of ordered) {
    if (stop()) break;
    const requests = Array.from({ length: opts.perOperation }, (_, i) => requestFor(op, i, opts.seed, pool));
    await inParallel(requests, opts.concurrency, stop, (req) => one(req, (s) => documents(op, s)));
    if (++done % 10 === 0)
      console.error(
        `fuzz: ${done}/${ordered.length} operations, ${stats.sent} requests, ${stats.failed} failing`,
      );
  }
  for (const { req, allowed } of stop() ? [] : probes()) {
    // An unknown route answers from no operation: the statuses the contract names for it.
    await one(req, (s) => allowed.includes(s));
  }
  return abort;
}
