import { randomBytes } from 'node:crypto';
import { asc, sql } from 'drizzle-orm';
import {
  boolean,
  date,
  doublePrecision,
  integer,
  numeric,
  pgTable,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { validate, version } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../../../test/support/app.ts';
import { insertColumns, newIds, selectColumns } from './bulk.ts';

// A table of its own per run: suites share the PostgreSQL database.
const name = `bulk_test_${randomBytes(4).toString('hex')}`;
const rows = pgTable(name, {
  id: uuid('id').primaryKey(),
  seq: integer('seq').notNull(),
  label: text('label'),
  ratio: doublePrecision('ratio'),
  amount: numeric('amount', { precision: 14, scale: 2, mode: 'number' }),
  day: date('day', { mode: 'string' }),
  at: timestamp('at', { withTimezone: true, mode: 'date' }),
  flag: boolean('flag'),
  note: text('note').notNull().default('none'),
  tags: text('tags').array(),
});

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
  await t.db.execute(
    sql.raw(`create table ${name} (id uuid primary key, seq int not null, label text, ratio float8,
      amount numeric(14, 2), day date, at timestamptz, flag boolean, note text not null default 'none',
      tags text[])`),
  );
});
afterAll(async () => {
  await t.db.execute(sql.raw(`drop table ${name}`));
  await t.close();
});

/** The sequence number of a UUID v7 made with uuid's layout: 32 bits across bytes 6–10. */
const seqOf = (id: string) => {
  const b = Buffer.from(id.replace(/-/g, ''), 'hex');
  return (
    (b[6]! & 0x0f) * 2 ** 28 + b[7]! * 2 ** 20 + (b[8]! & 0x3f) * 2 ** 14 + b[9]! * 2 ** 6 + (b[10]! >> 2)
  );
};

describe('newIds', () => {
  it('makes none for none', () => {
    expect(newIds(0)).toEqual([]);
  });

  it('are version 7 with the RFC variant, stamped with the given millisecond', () => {
    const at = Date.UTC(2026, 10, 22, 12, 0, 0, 123); // 0x01a20320a27b
    const ids = newIds(3, at);
    expect(ids).toHaveLength(3);
    for (const id of ids) {
      expect(validate(id)).toBe(true);
      expect(version(id)).toBe(7);
      expect(id.slice(0, 15)).toBe('01a20320-a27b-7');
      expect('89ab').toContain(id[19]);
    }
  });

  it('count up by one from a 31-bit start, so a batch is distinct and sorts in the order made', () => {
    const ids = newIds(100_000);
    const seqs = ids.map(seqOf);
    expect(seqs[0]).toBeLessThan(2 ** 31);
    expect(seqs.every((s, i) => s === seqs[0]! + i)).toBe(true);
    expect(new Set(ids).size).toBe(100_000);
    expect([...ids].sort()).toEqual(ids);
  });

  it('differ between two batches of the same millisecond', () => {
    const at = Date.now();
    expect(new Set([...newIds(1000, at), ...newIds(1000, at)]).size).toBe(2000);
  });
});

// Text the array literal must carry as it is: quotes, commas, backslashes, braces, the word
// NULL, whitespace, the empty string, unicode beyond the BMP.
const texts = [
  'say "hi", then \\ leave',
  '{a,b}',
  'NULL',
  'null',
  '',
  ' padded\ttab\nnewline ',
  "it's",
  'Zürich — 東京 ✓ 🎉',
  null,
];
const ids = newIds(texts.length);
const given = {
  id: ids,
  seq: texts.map((_, i) => i),
  label: texts,
  ratio: [0.1 + 0.2, -1.5, 1e-7, 0, null, 1e300, -0.000123, 42, 3],
  amount: [123456789012.34, -0.01, 0, 1.5, null, 99.99, 10, 7, 0.1],
  day: [
    '2026-02-28',
    '2024-02-29',
    '1900-01-01',
    null,
    '2999-12-31',
    '2026-11-22',
    '2026-01-01',
    '2026-06-30',
    null,
  ],
  at: [
    '2026-11-22T12:00:00.123Z',
    '2026-11-22T23:59:59.999+02:00',
    null,
    '1970-01-01T00:00:00.000Z',
    '2026-03-29T01:30:00.000Z',
    '2026-11-22T12:00:00.000Z',
    '2026-11-22T12:00:00.000Z',
    '2026-11-22T12:00:00.000Z',
    '2026-11-22T12:00:00.000Z',
  ],
  flag: [true, false, null, true, false, true, false, true, false],
};

describe('insertColumns', () => {
  it('inserts nothing for no rows or no columns', async () => {
    expect(await insertColumns(t.db, rows, { id: [], seq: [] })).toBe(0);
    expect(await insertColumns(t.db, rows, {})).toBe(0);
  });

  it('stores every value as given, defaults for absent columns', async () => {
    expect(await insertColumns(t.db, rows, given)).toBe(texts.length);
    const back = await t.db
      .select()
      .from(rows)
      .where(sql`${rows.seq} < ${texts.length}`)
      .orderBy(asc(rows.seq));
    expect(back).toEqual(
      texts.map((label, i) => ({
        id: ids[i],
        seq: i,
        label,
        ratio: given.ratio[i],
        amount: given.amount[i],
        day: given.day[i],
        at: given.at[i] === null ? null : new Date(given.at[i]!),
        flag: given.flag[i],
        note: 'none',
        tags: null,
      })),
    );
    expect(back[0]!.ratio).toBe(0.30000000000000004);
    expect(back[1]!.at!.toISOString()).toBe('2026-11-22T21:59:59.999Z');
  });

  it('refuses what it cannot send: unknown keys, ragged columns, array columns', async () => {
    const one = { id: newIds(1), seq: [1_000_000] };
    await expect(insertColumns(t.db, rows, { ...one, nope: ['x'] } as never)).rejects.toThrow(
      'insertColumns: nope is not a column',
    );
    await expect(insertColumns(t.db, rows, { ...one, label: ['a', 'b'] })).rejects.toThrow(
      'insertColumns: label has 2 values, not 1',
    );
    await expect(insertColumns(t.db, rows, { ...one, tags: ['{a}'] })).rejects.toThrow(
      'insertColumns: tags is an array column',
    );
  });

  it('inserts 20,000 rows in one statement', async () => {
    const n = 20_000;
    const seq = Array.from({ length: n }, (_, i) => 10_000 + i);
    expect(await insertColumns(t.db, rows, { id: newIds(n), seq, label: seq.map((s) => `row ${s}`) })).toBe(
      n,
    );
    const [c] = await t.db
      .select({ count: sql<number>`count(*)::int`, sum: sql<string>`sum(seq)::text`, last: sql`max(label)` })
      .from(rows)
      .where(sql`${rows.seq} >= 10000`);
    expect(c).toEqual({ count: n, sum: String(10_000 * n + (n * (n - 1)) / 2), last: 'row 29999' });
  });
});

describe('selectColumns', () => {
  it('reads each column as one array, values as JSON has them', async () => {
    const c = await selectColumns<{
      seq: number;
      label: string | null;
      ratio: number | null;
      amount: number | null;
      day: string | null;
      at: string | null;
      flag: boolean | null;
      note: string;
      doubled: number;
    }>(
      t.db,
      {
        seq: rows.seq,
        label: rows.label,
        ratio: rows.ratio,
        amount: rows.amount,
        day: rows.day,
        at: rows.at,
        flag: rows.flag,
        note: rows.note,
        doubled: sql`${rows.seq} * 2`,
      },
      sql`from ${rows} where ${rows.seq} < ${texts.length}`,
    );
    // No ORDER BY: the arrays line up with each other, not with the insert.
    const order = c.seq.map((s, i) => [s, i] as const).sort((a, b) => a[0] - b[0]);
    const pick = <V>(xs: V[]) => order.map(([, i]) => xs[i]);
    expect(pick(c.seq)).toEqual(given.seq);
    expect(pick(c.label)).toEqual(texts);
    expect(pick(c.ratio)).toEqual(given.ratio);
    expect(pick(c.amount)).toEqual(given.amount);
    expect(pick(c.day)).toEqual(given.day);
    expect(pick(c.at).map((x) => (x === null ? null : new Date(x!).toISOString()))).toEqual([
      '2026-11-22T12:00:00.123Z',
      '2026-11-22T21:59:59.999Z',
      null,
      '1970-01-01T00:00:00.000Z',
      '2026-03-29T01:30:00.000Z',
      '2026-11-22T12:00:00.000Z',
      '2026-11-22T12:00:00.000Z',
      '2026-11-22T12:00:00.000Z',
      '2026-11-22T12:00:00.000Z',
    ]);
    expect(pick(c.flag)).toEqual(given.flag);
    expect(pick(c.note)).toEqual(texts.map(() => 'none'));
    expect(pick(c.doubled)).toEqual(given.seq.map((s) => s * 2));
  });

  it('gives empty arrays when no row matches', async () => {
    expect(
      await selectColumns<{ id: string; label: string | null }>(
        t.db,
        { id: rows.id, label: rows.label },
        sql`from ${rows} where false`,
      ),
    ).toEqual({ id: [], label: [] });
  });

  it('reads 20,000 rows', async () => {
    const c = await selectColumns<{ seq: number; label: string }>(
      t.db,
      { seq: rows.seq, label: rows.label },
      sql`from ${rows} where ${rows.seq} >= 10000`,
    );
    expect(c.seq).toHaveLength(20_000);
    expect(new Set(c.seq).size).toBe(20_000);
    expect(c.label.every((l, i) => l === `row ${c.seq[i]}`)).toBe(true);
  });
});
