// The server under test as a child process in its own process group: started on a free port,
// ready once GET /api/health answers 200, and killed with SIGKILL to the whole group (the server
// and anything it spawned, e.g. tsx's esbuild service), the way a crash or an OOM kill ends it.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const START_TIMEOUT_MS = 90_000;
const LOG_LINES = 60;

/** Process groups still alive, so an exit on any path can kill them (see killAllSync). */
const liveGroups = new Set<number>();
/** Set once the run is being torn down: no new server may start then. */
let tearingDown = false;

export interface Server {
  pid: number;
  port: number;
  url: string;
  child: ChildProcess;
  exited: Promise<void>;
  /** The engine GET /api/health reports. */
  database: string;
  /** The last lines the server printed, for a failure report. */
  logTail(): string;
}

export async function freePort(avoid: ReadonlySet<number>): Promise<number> {
  for (;;) {
    const srv = createServer();
    srv.listen(0, '127.0.0.1');
    await once(srv, 'listening');
    const address = srv.address();
    srv.close();
    await once(srv, 'close');
    if (address && typeof address === 'object' && !avoid.has(address.port)) return address.port;
  }
}

export async function startServer(env: Record<string, string>, port: number): Promise<Server> {
  if (tearingDown) throw new Error('not starting a server: the run is being torn down');
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['bin/steward.js', 'serve'], {
    cwd: repoRoot,
    detached: true, // its own process group: one kill reaches every process of the server
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...inherited(),
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
      STEWARD_PUBLIC_URL: url,
      LOG_LEVEL: env.LOG_LEVEL ?? 'warn',
    },
  });
  if (child.pid === undefined) throw new Error('could not spawn the server');
  const pid = child.pid;
  liveGroups.add(pid);
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    if (lines.length > LOG_LINES) lines.splice(0, lines.length - LOG_LINES);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const server: Server = { pid, port, url, child, exited, database: '', logTail: () => lines.join('\n') };

  const deadline = Date.now() + START_TIMEOUT_MS;
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  while (Date.now() < deadline && !gone) {
    try {
      const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2_000) });
      const health = (await res.json()) as { database?: unknown };
      if (res.status === 200) return { ...server, database: String(health.database) };
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  await killServer(server);
  throw new Error(
    `the server did not become healthy ${gone ? '(it exited)' : `within ${START_TIMEOUT_MS / 1000} s`}; its last output:\n${server.logTail()}`,
  );
}

/** This process's environment without the database settings: the engine under test sets those. */
function inherited(): NodeJS.ProcessEnv {
  const { DATABASE_URL: _url, STEWARD_DATA_DIR: _dir, ...rest } = process.env;
  return rest;
}

/** SIGKILL to the whole process group; resolves once no process of the group is left. */
export async function killServer(server: Server): Promise<void> {
  signalGroup(server.pid, 'SIGKILL');
  await server.exited;
  const deadline = Date.now() + 10_000;
  while (groupAlive(server.pid)) {
    if (Date.now() > deadline) throw new Error(`process group ${server.pid} survived SIGKILL`);
    signalGroup(server.pid, 'SIGKILL');
    await sleep(50);
  }
  liveGroups.delete(server.pid);
}

/** For exit paths that cannot wait (signals, uncaught errors): kill every group still recorded. */
export function killAllSync(): void {
  tearingDown = true;
  for (const pgid of liveGroups) signalGroup(pgid, 'SIGKILL');
  liveGroups.clear();
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
  }
}

/**
 * Whether a process of the group still runs. On Linux /proc tells, and zombies (dead, waiting for a
 * parent that may never reap them, e.g. in a container without an init) do not count.
 */
function groupAlive(pgid: number): boolean {
  if (existsSync('/proc/self/stat')) {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      let stat: string;
      try {
        stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      } catch {
        continue; // exited meanwhile
      }
      // "pid (comm) state ppid pgrp …"; comm may hold spaces and parentheses.
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(pgrp) === pgid && state !== 'Z' && state !== 'X') return true;
    }
    return false;
  }
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
