// The server under test: a real `steward serve` in a child process, on a free port and a fresh
// database (a temp PGlite directory, or a new PostgreSQL database when a URL is given), torn
// down at the end whatever happened.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export interface Server {
  base: string;
  engine: 'pglite' | 'postgres';
  child: ChildProcess;
  /** Set once the process has exited (a crash during the run). */
  exited: () => string | undefined;
  /** The last lines the server wrote, for the report when it dies. */
  logTail: () => string;
  /** What the server logged as an error for this request id (the cause of a 500). */
  errorFor: (requestId: string) => string | undefined;
  stop: () => Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** Creates `steward_fuzz_<random>` next to the given database; returns its URL and a dropper. */
async function freshDatabase(adminUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `steward_fuzz_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

async function waitHealthy(base: string, exited: () => string | undefined, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const why = exited();
    if (why) throw new Error(`the server exited while starting (${why})`);
    try {
      const res = await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(2000) });
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`GET /api/health did not answer 200 within ${timeoutMs / 1000} s`);
}

/** A pino error line → its request id and "message (src/file.ts:line)". */
function errorLine(line: string): { reqId: string; text: string } | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const o = JSON.parse(line) as {
      level?: number;
      reqId?: string;
      msg?: string;
      err?: { message?: string; stack?: string };
    };
    if (!o.reqId || (o.level ?? 0) < 50) return undefined;
    const where = o.err?.stack?.split('\n').find((l) => l.includes('/src/'));
    const at = where ? ` at ${where.slice(where.indexOf('src/')).replace(/\)$/, '')}` : '';
    return { reqId: o.reqId, text: `${o.msg ?? 'error'}: ${o.err?.message ?? ''}${at}` };
  } catch {
    return undefined;
  }
}

export async function startServer(databaseUrl: string | undefined): Promise<Server> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const cleanups: Array<() => Promise<void> | void> = [];
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: process.env.FUZZ_LOG_LEVEL ?? 'warn',
    STEWARD_JOBS: 'off',
    STEWARD_AUTH_SECRET: randomBytes(24).toString('hex'),
    STEWARD_API_RATE_LIMIT: '1000000',
    STEWARD_PUBLIC_URL: base,
  };
  delete env.DATABASE_URL;
  if (databaseUrl) {
    const db = await freshDatabase(databaseUrl);
    env.DATABASE_URL = db.url;
    cleanups.push(db.drop);
  } else {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'steward-fuzz-'));
    env.STEWARD_DATA_DIR = dir;
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  }

  // The repository root, wherever npm was run from.
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const child = spawn(process.execPath, ['bin/steward.js', 'serve'], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let exitedWith: string | undefined;
  const tail: string[] = [];
  const errors = new Map<string, string>();
  let partial = '';
  const keep = (chunk: Buffer) => {
    const lines = (partial + chunk.toString('utf8')).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines.filter(Boolean)) {
      tail.push(line);
      const logged = errorLine(line);
      if (logged && errors.size < 10_000) errors.set(logged.reqId, logged.text);
    }
    tail.splice(0, Math.max(0, tail.length - 40));
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const gone = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exitedWith = signal ? `signal ${signal}` : `exit code ${code}`;
      resolve();
    }),
  );

  const stop = async () => {
    if (!exitedWith) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await gone;
      clearTimeout(killer);
    }
    for (const c of cleanups.reverse()) {
      try {
        await c();
      } catch (err) {
        console.error(`fuzz: cleanup failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  };

  const server: Server = {
    base,
    engine: databaseUrl ? 'postgres' : 'pglite',
    child,
    exited: () => exitedWith,
    logTail: () => tail.join('\n'),
    errorFor: (id) => errors.get(id),
    stop,
  };
  try {
    await waitHealthy(base, server.exited, 120_000);
  } catch (err) {
    await stop();
    throw new Error(`${err instanceof Error ? err.message : String(err)}\n${server.logTail()}`);
  }
  return server;
}
