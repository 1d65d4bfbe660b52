import type { FastifyRequest } from 'fastify';
import { inject } from 'vitest';
import { buildApp } from '../../src/server/app.ts';
import { type Config, loadConfig } from '../../src/server/config.ts';
import { type Database, openDatabase } from '../../src/server/db/index.ts';
import type { App, Deps } from '../../src/server/deps.ts';
import { createDeps } from '../../src/server/runtime.ts';
import { ORIGIN } from './app.ts';
import { testClock } from './clock.ts';
import type { TestUser } from './factories.ts';

/**
 * For the concurrency suites: the real app on the run's PostgreSQL database, listening on a real
 * port with a pool of 10 connections, so that requests sent at once really run at once. It also
 * notes every request that ended in a 5xx with the error behind it (a deadlock, a unique
 * violation…), so a failing race says what the server hit.
 */
export interface RaceServer {
  app: App;
  deps: Deps;
  db: Deps['database']['db'];
  /** http://127.0.0.1:<port> */
  base: string;
  /** A client acting as this user (API key), or anonymous with `null`. */
  as(user: TestUser | null): HttpClient;
  /** The 5xx answers since the last call, counted by route and cause; `{}` when there were none. */
  takeFaults(): Record<string, number>;
  close(): Promise<void>;
}

export interface HttpAnswer {
  status: number;
  headers: Record<string, string>;
  // biome-ignore lint/suspicious/noExplicitAny: JSON from the server, read by each test as it needs
  body: any;
}

export interface HttpClient {
  send(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<HttpAnswer>;
  get(path: string, headers?: Record<string, string>): Promise<HttpAnswer>;
  post(path: string, body?: unknown, headers?: Record<string, string>): Promise<HttpAnswer>;
  patch(path: string, body: unknown, headers?: Record<string, string>): Promise<HttpAnswer>;
  del(path: string, headers?: Record<string, string>): Promise<HttpAnswer>;
}

export async function raceServer(
  options: { config?: Partial<Config>; poolSize?: number } = {},
): Promise<RaceServer> {
  const url = inject('databaseUrl');
  if (!url) throw new Error('raceServer needs TEST_DATABASE_URL (PostgreSQL)');
  const database: Database = await openDatabase({ databaseUrl: url, poolSize: options.poolSize ?? 10 });
  const config = loadConfig(
    { LOG_LEVEL: 'silent', STEWARD_AUTH_SECRET: 'test-secret-that-is-long-enough-0123456789' },
    { publicUrl: ORIGIN, apiRateLimit: 1_000_000, ...options.config },
  );
  const deps = await createDeps(config, database, { jobs: false, clock: testClock });
  const app = await buildApp(deps);

  const errors = new WeakMap<FastifyRequest, unknown>();
  let faults: Record<string, number> = {};
  app.addHook('onError', async (req, _reply, err) => {
    errors.set(req, err);
  });
  app.addHook('onResponse', async (req, reply) => {
    if (reply.statusCode < 500) return;
    const route = `${req.method} ${req.routeOptions.url ?? req.url.split('?')[0]}`;
    const key = `${route} → ${reply.statusCode} ${describeError(errors.get(req))}`;
    faults[key] = (faults[key] ?? 0) + 1;
  });

  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  const base = `http://127.0.0.1:${address.port}`;

  return {
    app,
    deps,
    db: database.db,
    base,
    as: (user) => httpClient(base, user ? user.auth : {}),
    takeFaults: () => {
      const seen = faults;
      faults = {};
      return seen;
    },
    close: async () => {
      // A request still stuck in the server (a lock wait after a failed test) must not hold up the
      // rest of the run: drop its connection and give the close a few seconds at most.
      app.server.closeAllConnections();
      const gaveUp = new Promise<void>((resolve) => setTimeout(resolve, 5_000).unref());
      await Promise.race([app.close().then(() => database.close()), gaveUp]);
    },
  };
}

/** The innermost cause with a SQLSTATE, as "40P01 deadlock detected"; else the message. */
function describeError(err: unknown): string {
  if (!err) return '(no error thrown)';
  let message = err instanceof Error ? err.message : String(err);
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const { code, message: m, constraint } = e as { code?: unknown; message?: unknown; constraint?: unknown };
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) {
      return `${code} ${String(m)}${constraint ? ` (${String(constraint)})` : ''}`;
    }
    if (typeof m === 'string' && depth === 0) message = m.split('\n')[0]!.slice(0, 200);
    e = (e as { cause?: unknown }).cause;
  }
  return message;
}

export function httpClient(base: string, auth: Record<string, string>): HttpClient {
  const send = async (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<HttpAnswer> => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...auth,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, headers: Object.fromEntries(res.headers), body: parsed };
  };
  return {
    send,
    get: (path, headers) => send('GET', path, undefined, headers),
    post: (path, body = {}, headers) => send('POST', path, body, headers),
    patch: (path, body, headers) => send('PATCH', path, body, headers),
    del: (path, headers) => send('DELETE', path, undefined, headers),
  };
}

/** The `data` of a list answer; a failed list read fails the test with what the server said. */
// biome-ignore lint/suspicious/noExplicitAny: rows as JSON, read by each test as it needs
export function rows<T = any>(answer: HttpAnswer): T[] {
  if (answer.status !== 200 || !Array.isArray(answer.body?.data))
    throw new Error(`a list read answered ${answer.status}: ${JSON.stringify(answer.body).slice(0, 500)}`);
  return answer.body.data;
}

/** Runs `n` calls at once (all started before any is awaited) and returns their answers in order. */
export function burst<T>(n: number, call: (i: number) => Promise<T>): Promise<T[]> {
  return Promise.all(Array.from({ length: n }, (_, i) => call(i)));
}

/** How many answers had each status: `{ 201: 7, 409: 1 }`. */
export function tally(answers: { status: number }[]): Record<number, number> {
  return countOf(answers.map((a) => a.status));
}

/** How many times each value occurs: `{ "1×201 3×409": 5 }`. */
export function countOf<T extends string | number>(values: T[]): Record<T, number> {
  const counts = {} as Record<T, number>;
  for (const v of values) counts[v] = (counts[v] ?? 0) + 1;
  return counts;
}

/**
 * One burst of answers in a line for a failure message: "1×201 3×409 (409: domain)" — the
 * statuses, and for each answer other than `winner` the fields its problem names.
 */
export function summary(answers: HttpAnswer[], winner: number): string {
  const statuses = Object.entries(tally(answers))
    .map(([status, n]) => `${n}×${status}`)
    .join(' ');
  const named = [
    ...new Set(
      answers
        .filter((a) => a.status !== winner)
        .map((a) => {
          if (!isProblem(a)) return `${a.status}: not problem+json`;
          const paths = (a.body.errors ?? []).map((e: { path: string }) => e.path).join('+');
          return `${a.status}: ${paths || 'no field'}`;
        }),
    ),
  ];
  return named.length ? `${statuses} (${named.join('; ')})` : statuses;
}

/** Whether an answer is RFC 9457 problem+json with its own status in the body. */
export function isProblem(a: HttpAnswer): boolean {
  return /application\/problem\+json/.test(a.headers['content-type'] ?? '') && a.body?.status === a.status;
}

/** Races need several connections: PGlite (one connection) cannot race, so these suites skip there. */
export const onPostgres = Boolean(inject('databaseUrl'));
export const POSTGRES_ONLY = '(PostgreSQL only: skipped on PGlite, which cannot race)';
/** A race the server loses by deadlocks costs a second each (PostgreSQL's deadlock_timeout). */
export const SLOW = 180_000;

/** Today's UTC date, and the date `n` days from it. */
export { day, today } from './clock.ts';
