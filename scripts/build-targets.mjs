// What is built from what, and whether a build is up to date. Shared by scripts/build.mjs, which
// builds what is stale, and bin/steward.js, which runs the server's bundle only when it is up to
// date (and the TypeScript sources through tsx otherwise). Plain JavaScript that costs milliseconds:
// bin/steward.js asks on every start.
//
// A target is stale when one of its outputs is missing, when any of its inputs was modified after
// its last build started, or when package-lock.json's content differs from that build's (by
// content: every `npm install` rewrites the file). dist/build-stamp.json keeps those times and the
// lock file's hash.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('..', import.meta.url));
export const at = (p) => path.join(root, p);
export const STAMP = at('dist/build-stamp.json');
export const TYPES = 'src/web/api-types.ts';
/** The server's bundle (scripts/build.mjs, `server`): the CLI, `steward serve` included. */
export const SERVER_ENTRY = 'dist/server/cli.js';

export const targets = {
  web: {
    outputs: ['dist/web/index.html'],
    // src/web/index.html is the page vite starts from; api-types.ts is types only, erased by the build.
    inputs: ['src/web', 'src/core', 'vite.config.ts'],
    ignore: [TYPES],
  },
  types: {
    outputs: ['dist/openapi.json', TYPES],
    inputs: ['src/server', 'src/core', 'scripts/openapi.ts', 'package.json'],
    ignore: [],
  },
  server: {
    outputs: [SERVER_ENTRY],
    // package.json: the CLI prints its version; tsconfig.json: esbuild reads it; the build scripts:
    // how the bundle is made.
    inputs: [
      'src/server',
      'src/core',
      'src/cli',
      'package.json',
      'tsconfig.json',
      'scripts/build.mjs',
      'scripts/build-targets.mjs',
    ],
    ignore: [],
  },
};

/** The newest modification time among the files under the given paths (0 when there are none). */
export function newest(paths, ignore = []) {
  let max = 0;
  const visit = (rel) => {
    if (ignore.includes(rel)) return;
    let st;
    try {
      st = statSync(at(rel));
    } catch {
      return;
    }
    if (st.isDirectory()) {
      for (const name of readdirSync(at(rel))) visit(path.posix.join(rel, name));
    } else if (st.mtimeMs > max) max = st.mtimeMs;
  };
  for (const p of paths) visit(p);
  return max;
}

let lock;
/** The hash of package-lock.json's content ('' without one). */
export function lockHash() {
  lock ??= existsSync(at('package-lock.json'))
    ? createHash('sha256')
        .update(readFileSync(at('package-lock.json')))
        .digest('hex')
    : '';
  return lock;
}

export function readStamp() {
  try {
    return JSON.parse(readFileSync(STAMP, 'utf8'));
  } catch {
    return {};
  }
}

/** Why a target needs building, or undefined when it is up to date. */
export function staleness(name, stamp = readStamp()) {
  const t = targets[name];
  const missing = t.outputs.find((o) => !existsSync(at(o)));
  if (missing) return `${missing} is missing`;
  if (typeof stamp[name] !== 'number') return 'no build stamp';
  if (stamp.lock?.[name] !== lockHash()) return 'package-lock.json changed';
  if (newest(t.inputs, t.ignore) > stamp[name]) return 'its sources changed since the last build';
  return undefined;
}
