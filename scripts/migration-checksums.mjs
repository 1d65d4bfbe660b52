#!/usr/bin/env node
// A migration that has landed must never change: its database has already run it, and drizzle
// records only that it ran, so an edited file would leave databases that differ without anyone
// knowing. migrations/checksums.json holds the SHA-256 of every migration file;
// test/integration/migrations-landed.test.ts fails when a listed file changed or a file is not listed.
//
//   node scripts/migration-checksums.mjs     (npm run db:checksums)
//
// adds the files not listed yet, after `npm run db:generate`, and never rewrites a listed one.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const folder = fileURLToPath(new URL('../migrations', import.meta.url));
const file = path.join(folder, 'checksums.json');

export function migrationFiles() {
  return readdirSync(folder)
    .filter((f) => /^\d{4}_.+\.sql$/.test(f))
    .sort();
}

export function checksumOf(name) {
  return createHash('sha256')
    .update(readFileSync(path.join(folder, name)))
    .digest('hex');
}

export function listedChecksums() {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return {};
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const listed = listedChecksums();
  const added = migrationFiles().filter((f) => !(f in listed));
  for (const f of added) listed[f] = checksumOf(f);
  writeFileSync(file, `${JSON.stringify(listed, null, 2)}\n`);
  console.log(added.length ? `added ${added.join(', ')}` : 'every migration is listed already');
}
