import { describe, expect, it } from 'vitest';
import { diff } from './record.ts';

describe('audit diff', () => {
  it('keeps only changed fields as [before, after]', () => {
    expect(
      diff({ name: 'A', role: 'member', active: true }, { name: 'A', role: 'admin', active: true }),
    ).toEqual({
      role: ['member', 'admin'],
    });
  });

  it('treats a creation as null → value and ignores list order and bookkeeping fields', () => {
    expect(diff(null, { name: 'A', teamIds: ['b', 'a'], version: 1 })).toEqual({
      name: [null, 'A'],
      teamIds: [null, ['a', 'b']],
    });
    expect(diff({ teamIds: ['a', 'b'], updatedAt: 1 }, { teamIds: ['b', 'a'], updatedAt: 2 })).toEqual({});
  });

  it('never writes a secret, only that it changed', () => {
    expect(diff({ password: 'old-secret' }, { password: 'new-secret' })).toEqual({
      password: ['(secret)', '(changed)'],
    });
  });
});
