#!/usr/bin/env node
// Builds what is out of date, and only that: the web app (vite, into dist/web) and the OpenAPI
// document with the web client's types generated from it (dist/openapi.json, src/web/api-types.ts).
//
//   node scripts/build.mjs [web] [types] [--force] [--check]
//
// With no target it looks at both. A target is stale when its output is missing, when any of its
// inputs was modified after its last build started, or when package-lock.json's content differs
// from that build's (by content: every `npm install` rewrites the file). dist/build-stamp.json
// keeps those times and the lock file's hash.
// --force builds regardless; --check only says what is stale (exit 1 when something is).
// Plain JavaScript, not TypeScript through tsx, so that the check costs milliseconds on every
// `npm start`.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const root = fileURLToPath(new URL('..', import.meta.url));
const at = (p) => path.join(root, p);
const STAMP = at('dist/build-stamp.json');
const TYPES = 'src/web/api-types.ts';

const targets = {
  web: {
    outputs: ['dist/web/index.html'],
    // src/web/index.html is the page vite starts from; api-types.ts is types only, erased by the build.
    inputs: ['src/web', 'src/core', 'vite.config.ts'],
    ignore: [TYPES],
    build: async () => {
      run('vite', ['build']);
      await Promise.all(textFiles('dist/web').map(precompress));
    },
  },
  types: {
    outputs: ['dist/openapi.json', TYPES],
    inputs: ['src/server', 'src/core', 'scripts/openapi.ts', 'package.json'],
    ignore: [],
    build: buildTypes,
  },
};

/** The newest modification time among the files under the given paths (0 when there are none). */
function newest(paths, ignore) {
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
function lockHash() {
  lock ??= existsSync(at('package-lock.json'))
    ? createHash('sha256')
        .update(readFileSync(at('package-lock.json')))
        .digest('hex')
    : '';
  return lock;
}

function readStamp() {
  try {
    return JSON.parse(readFileSync(STAMP, 'utf8'));
  } catch {
    return {};
  }
}

/** Why a target needs building, or undefined when it is up to date. */
function staleness(name, stamp) {
  const t = targets[name];
  const missing = t.outputs.find((o) => !existsSync(at(o)));
  if (missing) return `${missing} is missing`;
  if (typeof stamp[name] !== 'number') return 'no build stamp';
  if (stamp.lock?.[name] !== lockHash()) return 'package-lock.json changed';
  if (newest(t.inputs, t.ignore) > stamp[name]) return 'its sources changed since the last build';
  return undefined;
}

function run(bin, args) {
  const local = at(`node_modules/.bin/${bin}`);
  const r = spawnSync(existsSync(local) ? local : bin, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`build: ${bin} ${args.join(' ')} failed`);
    process.exit(r.status ?? 1);
  }
}

/**
 * A .br (brotli, best) and a .gz (gzip, best) next to every text file over 1 KiB of the built app,
 * which the server sends as they are to a browser that accepts them (@fastify/static's
 * preCompressed): smaller than compressing on the fly at a speed-friendly level, and no work per
 * request. Vite's manifest stays as it is: the server never sends it.
 */
async function precompress(rel) {
  const bytes = readFileSync(at(rel));
  const [br, gz] = await Promise.all([
    promisify(brotliCompress)(bytes, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      },
    }),
    promisify(gzip)(bytes, { level: constants.Z_BEST_COMPRESSION }),
  ]);
  writeFileSync(at(`${rel}.br`), br);
  writeFileSync(at(`${rel}.gz`), gz);
}

/** The text files of at least 1 KiB under a folder, Vite's manifest aside. */
function textFiles(dir) {
  return readdirSync(at(dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === '.vite' ? [] : textFiles(rel);
    return /\.(js|css|html|svg|json|txt)$/.test(entry.name) && statSync(at(rel)).size >= 1024 ? [rel] : [];
  });
}

/** The OpenAPI document, then its types, replacing api-types.ts only when they differ. */
function buildTypes() {
  run('tsx', ['scripts/openapi.ts']);
  const tmp = at('dist/api-types.tmp.ts');
  run('openapi-typescript', ['dist/openapi.json', '-o', tmp]);
  const before = existsSync(at(TYPES)) ? readFileSync(at(TYPES), 'utf8') : undefined;
  if (readFileSync(tmp, 'utf8') === before) rmSync(tmp);
  else renameSync(tmp, at(TYPES));
}

const args = process.argv.slice(2);
const force = args.includes('--force');
const check = args.includes('--check');
const unknown = args.filter((a) => !a.startsWith('--') && !(a in targets));
if (unknown.length) {
  console.error(`build: unknown target ${unknown.join(', ')} (targets: ${Object.keys(targets).join(', ')})`);
  process.exit(2);
}
const chosen = args.filter((a) => a in targets);
const names = chosen.length ? chosen : Object.keys(targets);

// `npm ci --omit=dev` (a server that is handed a built dist/) has no vite to build with: installing
// must not fail for it.
if (process.env.npm_lifecycle_event === 'prepare' && !existsSync(at('node_modules/.bin/vite'))) {
  console.error('build: vite is not installed (dev dependencies omitted); not building the web app');
  process.exit(0);
}

const stamp = readStamp();
let stale = false;
for (const name of names) {
  const why = force ? 'forced' : staleness(name, stamp);
  if (!why) {
    if (check) console.log(`${name}: up to date`);
    continue;
  }
  stale = true;
  if (check) {
    console.log(`${name}: stale (${why})`);
    continue;
  }
  console.error(`build: ${name}: ${why}; building`);
  // The stamp is the moment the build started: a file saved during the build makes the next check
  // build again.
  const started = Date.now();
  await targets[name].build();
  const before = readStamp();
  const next = { ...before, [name]: started, lock: { ...before.lock, [name]: lockHash() } };
  writeFileSync(STAMP, `${JSON.stringify(next, null, 2)}\n`);
}
if (check && stale) process.exit(1);
