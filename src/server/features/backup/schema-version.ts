import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { AppError } from '../../../core/errors.ts';
import { type Database, type Db, migrationsFolder, rawRows } from '../../db/index.ts';

/**
 * A database's schema version is the tag of the last migration applied to it (`0018_…`), as the
 * migrations journal (migrations/meta/_journal.json) names it; drizzle records only each applied
 * migration's `when`, which the journal maps back to its tag.
 */
interface JournalEntry {
  idx: number;
  when: number;
  tag: string;
}
interface Journal {
  entries: JournalEntry[];
  [k: string]: unknown;
}

function journal(): Journal {
  return JSON.parse(readFileSync(path.join(migrationsFolder, 'meta/_journal.json'), 'utf8')) as Journal;
}

/** The tags this code knows, oldest first. */
export function knownVersions(): string[] {
  return journal().entries.map((e) => e.tag);
}

/** The schema version this code migrates to. */
export function currentVersion(): string {
  return knownVersions().at(-1)!;
}

/** The last migration applied to the database, or null before the first. */
export async function schemaVersion(db: Db): Promise<string | null> {
  const [bookkeeping] = await rawRows<{ exists: boolean }>(
    db,
    sql`select to_regclass('drizzle.__drizzle_migrations') is not null as exists`,
  );
  if (!bookkeeping?.exists) return null;
  const [last] = await rawRows<{ when: string | null }>(
    db,
    sql`select max(created_at)::text as when from drizzle.__drizzle_migrations`,
  );
  if (!last?.when) return null;
  const entry = journal().entries.find((e) => String(e.when) === last.when);
  if (!entry) {
    throw new AppError(
      'conflict',
      'The database was migrated by a newer Steward than this one: its last migration is not in this version’s migrations.',
    );
  }
  return entry.tag;
}

/**
 * Migrates the database up to and including the migration `tag`, and no further: drizzle's migrator
 * applies a folder, so it is given a copy of the migrations whose journal ends at `tag`.
 */
export async function migrateTo(database: Database, tag: string): Promise<void> {
  const all = journal();
  const end = all.entries.findIndex((e) => e.tag === tag);
  if (end < 0) throw new Error(`Unknown schema version ${tag}.`);
  const folder = mkdtempSync(path.join(tmpdir(), 'steward-migrations-'));
  try {
    mkdirSync(path.join(folder, 'meta'));
    const entries = all.entries.slice(0, end + 1);
    writeFileSync(path.join(folder, 'meta/_journal.json'), JSON.stringify({ ...all, entries }));
    for (const e of entries)
      copyFileSync(path.join(migrationsFolder, `${e.tag}.sql`), path.join(folder, `${e.tag}.sql`));
    await database.migrate(folder);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
