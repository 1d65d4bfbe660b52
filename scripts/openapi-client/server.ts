// `steward serve` as a user runs it, on a free port and a fresh PGlite data directory of its own,
// in its own process group so that stopping it (or this script dying) takes the whole server along.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const START_TIMEOUT_MS = 60_000;

export interface RunningServer {
  url: string;
  /** The last lines the server printed, for a failure report. */
  logTail(): string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

export async function startServer(root: string): Promise<RunningServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'steward-openapi-client-'));
  const { DATABASE_URL: _postgres, ...env } = process.env; // always the embedded PGlite
  const child = spawn(process.execPath, ['bin/steward.js', 'serve'], {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
      STEWARD_PUBLIC_URL: url,
      STEWARD_DATA_DIR: dataDir,
      STEWARD_AUTH_SECRET: randomBytes(32).toString('hex'),
      STEWARD_JOBS: 'off',
      LOG_LEVEL: 'warn',
    },
  });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    lines.splice(0, Math.max(0, lines.length - 40));
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const onExit = () => {
    killGroup(child, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  };
  process.on('exit', onExit);

  const server: RunningServer = {
    url,
    logTail: () => lines.join('\n'),
    async stop() {
      killGroup(child, 'SIGTERM');
      const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
      process.off('exit', onExit);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };

  const deadline = Date.now() + START_TIMEOUT_MS;
  while (child.exitCode === null) {
    try {
      if ((await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2_000) })).ok) return server;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) break;
    await sleep(200);
  }
  const why = child.exitCode === null ? `did not answer within ${START_TIMEOUT_MS / 1000} s` : 'exited';
  await server.stop();
  throw new Error(`steward serve ${why}:\n${server.logTail()}`);
}
