import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain JavaScript script, shared with `npm run db:checksums`
import { checksumOf, listedChecksums, migrationFiles } from '../../scripts/migration-checksums.mjs';

// A landed migration has already run on databases out there; drizzle keeps only that it ran, so an
// edited file would leave those databases different from new ones without anyone knowing. A change
// to the schema is a new migration (npm run db:generate, then npm run db:checksums).

const listed = listedChecksums() as Record<string, string>;
const files = migrationFiles() as string[];

describe('migrations that have landed', () => {
  it('are all listed with their checksum', () => {
    const unlisted = files.filter((f) => !(f in listed));
    expect(unlisted, 'new migrations: run `npm run db:checksums` to list them').toEqual([]);
  });

  it('are unchanged, and none was removed', () => {
    const changed = Object.keys(listed).filter((f) => !files.includes(f) || checksumOf(f) !== listed[f]);
    expect(
      changed,
      'a landed migration was edited or removed: restore it and write a new one instead',
    ).toEqual([]);
  });

  it('are listed from the first on, one per number', () => {
    const numbers = Object.keys(listed).map((f) => Number(f.slice(0, 4)));
    expect(numbers).toEqual(numbers.map((_, i) => i));
  });
});
