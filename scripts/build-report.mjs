#!/usr/bin/env node
// `npm run build:report`: what the built web app (dist/web) makes a browser download, compressed as
// the server sends it: the .gz and .br the build wrote next to each file (scripts/build.mjs), or for
// a file without them what @fastify/compress makes on the fly (gzip at zlib's default level, brotli
// at quality 4). "First screen" is the JavaScript a cold load of any page fetches before the app
// renders: the scripts index.html names, the entry chunk and every chunk it imports statically
// (vite's manifest; index.html preloads exactly those). Chunks behind a dynamic import() load later.
//
//   node scripts/build-report.mjs [--json]
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const web = fileURLToPath(new URL('../dist/web', import.meta.url));
const manifestFile = path.join(web, '.vite/manifest.json');
if (!existsSync(manifestFile)) {
  console.error('build:report: no dist/web/.vite/manifest.json; build the web app first (npm run build)');
  process.exit(1);
}
const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
const html = readFileSync(path.join(web, 'index.html'), 'utf8');

const sizes = (file) => {
  const full = path.join(web, file);
  const bytes = readFileSync(full);
  const sent = (ext, compress) => (existsSync(full + ext) ? statSync(full + ext).size : compress().length);
  return {
    file,
    raw: bytes.length,
    gzip: sent('.gz', () => gzipSync(bytes)),
    brotli: sent('.br', () => brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } })),
  };
};
const total = (files) =>
  files.reduce((t, f) => ({ raw: t.raw + f.raw, gzip: t.gzip + f.gzip, brotli: t.brotli + f.brotli }), {
    raw: 0,
    gzip: 0,
    brotli: 0,
  });

// The entry chunks and their static imports, transitively.
const firstScreen = new Set();
const visit = (key) => {
  const chunk = manifest[key];
  if (!chunk || firstScreen.has(chunk.file)) return;
  firstScreen.add(chunk.file);
  for (const imported of chunk.imports ?? []) visit(imported);
};
for (const [key, chunk] of Object.entries(manifest)) if (chunk.isEntry) visit(key);
const firstScreenCss = new Set(
  Object.values(manifest)
    .filter((c) => firstScreen.has(c.file))
    .flatMap((c) => c.css ?? []),
);

// What index.html itself names: the entry, its preloads, and plain scripts from public/.
const named = [...html.matchAll(/<(?:script[^>]*\bsrc|link[^>]*\bhref)="\/([^"]+\.js)"/g)].map((m) => m[1]);
const unlisted = [...firstScreen].filter((f) => !named.includes(f));
for (const f of named) firstScreen.add(f);

const allJs = readdirSync(path.join(web, 'assets'))
  .filter((f) => f.endsWith('.js'))
  .map((f) => `assets/${f}`);
const publicJs = named.filter((f) => !f.startsWith('assets/'));

const first = [...firstScreen].map(sizes).sort((a, b) => b.gzip - a.gzip);
const later = allJs
  .filter((f) => !firstScreen.has(f))
  .map(sizes)
  .sort((a, b) => b.gzip - a.gzip);
const css = [...firstScreenCss].map(sizes);
const report = {
  firstScreenJs: { ...total(first), files: first },
  laterJs: { ...total(later), files: later },
  allJs: total([...first, ...later]),
  firstScreenCss: { ...total(css), files: css },
  publicScripts: publicJs,
};
writeFileSync(path.join(web, '..', 'build-report.json'), `${JSON.stringify(report, null, 2)}\n`);

if (process.argv.includes('--json')) {
  console.log(JSON.stringify(report, null, 2));
} else {
  const kb = (n) => `${(n / 1024).toFixed(1).padStart(8)} KB`;
  const row = (label, s) => console.log(`${label.padEnd(48)}${kb(s.raw)}${kb(s.gzip)}${kb(s.brotli)}`);
  console.log(`${''.padEnd(48)}${'raw'.padStart(11)}${'gzip'.padStart(11)}${'brotli'.padStart(11)}`);
  for (const f of first) row(`  ${f.file}`, f);
  row('First screen JavaScript', report.firstScreenJs);
  for (const f of later) row(`  ${f.file}`, f);
  row('JavaScript loaded later (dynamic imports)', report.laterJs);
  row('All JavaScript', report.allJs);
  row('First screen CSS', report.firstScreenCss);
  console.log('\nWritten to dist/build-report.json');
}
if (unlisted.length) {
  console.error(`build:report: index.html does not preload ${unlisted.join(', ')}, which the entry imports`);
  process.exit(1);
}
