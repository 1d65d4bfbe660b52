// The API under load, side by side with its own SQL: for each hot endpoint, the statements it
// sends (captured while it answers once; named prepared statements stay so) replayed through a
// plain pool of as many connections, then the endpoint over real HTTP with autocannon (in a
// process of its own, so the load generator does not share the server's event loop). PostgreSQL
// only: PGlite is one connection.
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

export interface Statement {
  text: string;
  values: unknown[];
  /** Set when the endpoint sends it as a named prepared statement: the replay then does too. */
  name?: string;
}

export interface LoadFigures {
  reqPerSec: number;
  p50: number;
  p99: number;
}

export interface SideBySide {
  name: string;
  statements: number;
  sql: LoadFigures;
  api: LoadFigures & { errors: number };
  /** API req/s ÷ SQL rounds/s. */
  ratio: number;
}

/**
 * The statements `answer` sends to PostgreSQL (through any pg client of this process), in order;
 * the caller's own authentication lookups (API keys) are left out, since the raw query is the
 * endpoint's work, not the credential check.
 */
export async function captureStatements(answer: () => Promise<unknown>): Promise<Statement[]> {
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  const seen: Statement[] = [];
  proto.query = function (this: unknown, ...args: unknown[]) {
    const [config, values] = args;
    if (typeof config === 'string') seen.push({ text: config, values: Array.isArray(values) ? values : [] });
    else if (config && typeof config === 'object' && 'text' in config) {
      // node-postgres takes the values in the config or as the second argument (drizzle's way).
      const c = config as { text: string; values?: unknown[]; name?: string };
      const st: Statement = { text: c.text, values: c.values ?? (Array.isArray(values) ? values : []) };
      if (c.name) st.name = c.name;
      seen.push(st);
    }
    return original.apply(this, args);
  };
  try {
    await answer();
  } finally {
    proto.query = original;
  }
  return seen.filter((s) => !/\bapi_keys\b|^\s*(begin|commit|rollback)\b/i.test(s.text));
}

/** `statements` run in sequence as one round, by `connections` workers for `seconds`. */
export async function sqlLoad(
  url: string,
  statements: Statement[],
  connections: number,
  seconds: number,
): Promise<LoadFigures> {
  const pool = new pg.Pool({ connectionString: url, max: connections });
  try {
    await Promise.all(Array.from({ length: connections }, () => pool.query('select 1')));
    const latencies: number[] = [];
    const until = performance.now() + seconds * 1000;
    const worker = async () => {
      while (performance.now() < until) {
        const s = performance.now();
        for (const st of statements) await pool.query({ text: st.text, values: st.values, name: st.name });
        latencies.push(performance.now() - s);
      }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: connections }, worker));
    const elapsed = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.ceil(p * latencies.length) - 1)]!;
    return { reqPerSec: Math.round(latencies.length / elapsed), p50: round(at(0.5)), p99: round(at(0.99)) };
  } finally {
    await pool.end();
  }
}

/** autocannon against `url` with `connections` for `seconds`, in a child process. */
export async function httpLoad(
  url: string,
  headers: Record<string, string>,
  connections: number,
  seconds: number,
): Promise<LoadFigures & { errors: number }> {
  const bin = createRequire(import.meta.url).resolve('autocannon/autocannon.js');
  const args = [bin, '-c', String(connections), '-d', String(seconds), '-j'];
  for (const [k, v] of Object.entries(headers)) args.push('-H', `${k}=${v}`);
  args.push(url);
  const { stdout } = await run(process.execPath, args, { maxBuffer: 64 * 1024 * 1024 });
  const r = JSON.parse(stdout) as {
    requests: { average: number };
    latency: { p50: number; p99: number };
    non2xx: number;
    errors: number;
    timeouts: number;
  };
  return {
    reqPerSec: Math.round(r.requests.average),
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.non2xx + r.errors + r.timeouts,
  };
}

const round = (n: number) => Math.round(n * 100) / 100;
