#!/usr/bin/env node
// The `steward` CLI. It runs the server's bundle (dist/server, built by scripts/build.mjs: `npm
// install`, `npm start`) when the bundle is up to date with the sources, which starts in about half
// the time; otherwise, the TypeScript sources directly through tsx, so that a source saved since the
// last build is never served stale and no build step stands between a checkout and a server.
// STEWARD_FROM_SOURCE=1 always runs the sources.
import { SERVER_ENTRY, staleness } from '../scripts/build-targets.mjs';

/** Runs the bundle; false when it could not be loaded (a build replacing it right now), before any of it ran. */
async function runBundle() {
  try {
    await import(`../${SERVER_ENTRY}`);
    return true;
  } catch (err) {
    // A missing file of the bundle fails the import while linking, before any module is evaluated.
    if (err?.code === 'ERR_MODULE_NOT_FOUND' && /dist[\\/]server/.test(String(err.message))) return false;
    throw err;
  }
}

if (process.env.STEWARD_FROM_SOURCE === '1' || staleness('server') !== undefined || !(await runBundle())) {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/index.ts');
}
