#!/usr/bin/env node
// Builds what is out of date, and only that: the web app (vite, into dist/web), the OpenAPI
// document with the web client's types generated from it (dist/openapi.json, src/web/api-types.ts)
// and the server's bundle (esbuild, into dist/server).
//
//   node scripts/build.mjs [web] [types] [server] [--force] [--check]
//
// With no target it looks at all three. What each target is built from and when it is stale is in
// scripts/build-targets.mjs; dist/build-stamp.json records each build.
// --force builds regardless; --check only says what is stale (exit 1 when something is).
// Plain JavaScript, not TypeScript through tsx, so that the check costs milliseconds on every
// `npm start`.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { at, lockHash, readStamp, root, STAMP, staleness, TYPES, targets } from './build-targets.mjs';

const builders = {
  web: async () => {
    run('vite', ['build']);
    await Promise.all(textFiles('dist/web').map(precompress));
  },
  types: buildTypes,
  server: buildServer,
};

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

/**
 * The CLI, `steward serve` included, as one ES module (with a chunk per `import()`, such as the
 * seed's), so that a start loads a few files instead of compiling some two hundred TypeScript
 * modules through tsx. The libraries stay in node_modules. The bundle sits two folders below the
 * package root, as src/server/*.ts do, so the paths the sources take from `import.meta.url`
 * (src/server/config.ts) mean the same in both. bin/steward.js runs it only while it is up to date.
 */
async function buildServer() {
  let build;
  try {
    ({ build } = await import('esbuild'));
  } catch {
    console.error('build: esbuild is not installed; `steward` runs the sources through tsx');
    return false;
  }
  const out = at('dist/server');
  // Its own folder, then swapped in whole: two builds at once (two `npm start`s) never mix files.
  const tmp = at(`dist/server.tmp-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  await build({
    entryPoints: { cli: at('src/cli/index.ts') },
    outdir: tmp,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    // Class and function names as in the sources (error names, stack traces), as under tsx.
    keepNames: true,
    // For `node --enable-source-maps`; plain runs never read them.
    sourcemap: true,
    logLevel: 'warning',
  });
  rmSync(out, { recursive: true, force: true });
  try {
    renameSync(tmp, out);
  } catch {
    // Another build's bundle got there first: the same sources, so it will do.
    rmSync(tmp, { recursive: true, force: true });
  }
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
  if ((await builders[name]()) === false) continue;
  const before = readStamp();
  const next = { ...before, [name]: started, lock: { ...before.lock, [name]: lockHash() } };
  writeFileSync(STAMP, `${JSON.stringify(next, null, 2)}\n`);
}
if (check && stale) process.exit(1);
