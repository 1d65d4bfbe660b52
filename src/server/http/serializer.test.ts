import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { forWriting, serializerCompiler } from './serializer.ts';

const compile = (schema: z.ZodType) =>
  serializerCompiler({ schema, method: 'GET', url: '/x', httpStatus: '200' }) as (data: unknown) => string;

const item = z.object({
  id: z.string(),
  name: z.string(),
  arr: z.number(),
  tags: z.array(z.string()),
  parentId: z.string().nullable(),
  note: z.string().optional(),
  custom: z.record(z.string(), z.unknown()),
  band: z.enum(['green', 'yellow', 'red']).nullable(),
});
const list = z.object({ data: z.array(item), nextCursor: z.string().nullable() });
const row = {
  id: 'a',
  name: 'Acme "Inc" — ünïcode',
  arr: 1234.56,
  tags: ['x', 'y'],
  parentId: null,
  custom: { tier: 2, flags: [true, null], nested: { a: 'b' } },
  band: 'green',
};

describe('the compiled response serializer', () => {
  it('writes what zod wrote', () => {
    const body = { data: [row, { ...row, note: 'n', band: null, arr: 0 }], nextCursor: 'c' };
    expect(JSON.parse(compile(list)(body))).toEqual(z.encode(list, body as never));
  });

  it('writes only the properties the schema names', () => {
    const out = JSON.parse(compile(list)({ data: [{ ...row, passwordHash: 'secret' }], nextCursor: null }));
    expect(out.data[0]).not.toHaveProperty('passwordHash');
  });

  it('keeps zod for tuples, and refuses a body that does not fit, as zod did', () => {
    const entry = z.object({ changes: z.record(z.string(), z.tuple([z.unknown(), z.unknown()])) });
    const body = { changes: { a: [1, 'x'], b: [null, { q: 1 }] } };
    expect(JSON.parse(compile(entry)(body))).toEqual(body);
    expect(() => compile(list)({ data: [{ name: 'no id' }], nextCursor: null })).toThrow();
  });

  it('writes nullable ids and enums without validating them, and keeps a property named like a keyword', () => {
    const agendaLike = z.object({
      accountId: z.uuid().nullable(),
      kind: z.enum(['a', 'b']).nullable(),
      format: z.string().min(1),
      when: z.iso.date(),
    });
    const json = z.toJSONSchema(agendaLike, { io: 'output', target: 'draft-7' });
    const simple = forWriting(json) as { properties: Record<string, Record<string, unknown>> };
    expect(simple.properties.accountId).toEqual({ type: ['string', 'null'] });
    expect(simple.properties.kind).toEqual({ type: ['string', 'null'], enum: ['a', 'b'] });
    expect(simple.properties.format).toEqual({ type: 'string' });
    const body = [
      { accountId: '01a24940-943d-77a6-9233-1c20718f390a', kind: 'a', format: 'x', when: '2026-12-06' },
      { accountId: null, kind: null, format: 'y', when: '2026-12-07' },
    ];
    const write = compile(z.array(agendaLike));
    expect(JSON.parse(write(body))).toEqual(z.encode(z.array(agendaLike), body as never));
  });
});
