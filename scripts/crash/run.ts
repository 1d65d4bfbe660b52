// One engine: a fresh database, a server, the first admin and an API key, then rounds of
// write load → kill -9 → restart on the same data → check every acknowledged write.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { setupAdminKey } from './api.ts';
import type { Engine } from './engines.ts';
import { Ledger } from './ledger.ts';
import { newWriter, runLoad } from './load.ts';
import { type Rng, seededRng } from './rng.ts';
import { freePort, killServer, type Server, startServer } from './server.ts';
import { verify } from './verify.ts';

export interface Settings {
  rounds: number;
  writers: number;
  seed: number;
  minDelayMs: number;
  maxDelayMs: number;
  jobs: 'on' | 'off';
}

export interface Tally {
  passed: number;
  failed: number;
}

export async function runEngine(engine: Engine, s: Settings, tally: Tally): Promise<void> {
  const log = (text: string) => console.log(`  ${engine.name}: ${text}`);
  const rng: Rng = seededRng(s.seed ^ (engine.name === 'pglite' ? 0x9e3779b9 : 0x85ebca6b));
  const env = {
    ...engine.env,
    STEWARD_AUTH_SECRET: randomBytes(32).toString('hex'),
    STEWARD_API_RATE_LIMIT: '100000000',
    STEWARD_JOBS: s.jobs,
  };
  const ports = new Set<number>();
  const start = async (): Promise<Server> => {
    // A new port each time: no request meant for the killed server can reach its successor.
    const port = await freePort(ports);
    ports.add(port);
    const server = await startServer(env, port);
    if (server.database !== engine.name) {
      await killServer(server);
      throw new Error(`the server runs on ${server.database}, not ${engine.name}`);
    }
    return server;
  };

  let t0 = Date.now();
  let server: Server | undefined = await start();
  try {
    log(`started in ${secs(Date.now() - t0)} (${engine.where})`);
    const key = await setupAdminKey(server.url);
    const ledger = new Ledger();
    const writers = Array.from({ length: s.writers }, (_, n) => newWriter(n + 1, seededRng(rng() * 2 ** 32)));

    for (let round = 1; round <= s.rounds; round++) {
      const stop = { stopped: false };
      const delay = s.minDelayMs + rng() * (s.maxDelayMs - s.minDelayMs);
      const load = runLoad({ base: server.url, key, ledger, round, stop }, writers);
      await sleep(delay);
      await killServer(server);
      server = undefined;
      stop.stopped = true;
      await load;
      const stale = staleFiles(engine);

      t0 = Date.now();
      try {
        server = await start();
      } catch (err) {
        tally.failed++;
        log(`round ${round}/${s.rounds}: FAILED to restart after kill -9: ${(err as Error).message}`);
        return;
      }
      tally.passed++; // the restart
      const restartMs = Date.now() - t0;
      const v = await verify(server.url, key, ledger);
      tally.passed += v.found + v.records.ok + v.touches.ok;
      tally.failed += v.missing + v.records.wrong + v.touches.wrong;
      const bad = v.missing + v.records.wrong + v.touches.wrong > 0;
      const acked = v.acked.creates + v.acked.patches;
      const inFlight = ledger.unanswered.creates + ledger.unanswered.patches;
      log(
        `round ${round}/${s.rounds} ${bad ? 'FAILED' : 'ok'}: kill -9 after ${secs(delay)}; ` +
          `acknowledged ${acked} (${v.acked.creates} creates, ${v.acked.patches} patches), ` +
          `found ${v.found}, missing ${v.missing}; ` +
          `records ${v.records.ok + v.records.wrong} checked, ${v.records.wrong} wrong; ` +
          `touches ${v.touches.ok} ok, ${v.touches.wrong} wrong; ` +
          `unanswered ${inFlight} (${ledger.unanswered.patches} patches, ${v.inFlightLanded} landed whole); ` +
          `restart ${secs(restartMs)}${stale.length ? ` over stale ${stale.join(' and ')}` : ''}`,
      );
      for (const p of v.problems) log(`  ${p}`);
      if (ledger.rejected.length) {
        log(
          `  ${ledger.rejected.length} writes answered with an error (not counted), e.g. ${ledger.rejected[0]}`,
        );
      }
      ledger.nextRound();
    }
  } finally {
    if (server) await killServer(server);
  }
}

/** The embedded engine's lock and pid files a kill -9 leaves behind (the restart must take over). */
function staleFiles(engine: Engine): string[] {
  const dir = engine.env.STEWARD_DATA_DIR;
  if (!dir) return [];
  return ['steward.lock', path.join('pg', 'postmaster.pid')].filter((f) => existsSync(path.join(dir, f)));
}

function secs(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
