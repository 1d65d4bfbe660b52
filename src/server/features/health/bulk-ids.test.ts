import { describe, expect, it } from 'vitest';
import { bulkIds } from './bulk-ids.ts';

const v7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('bulk UUID v7 ids', () => {
  it('are version 7 with the RFC variant, stamped with the given millisecond', () => {
    const at = Date.UTC(2026, 10, 22, 12, 0, 0, 123);
    const ids = bulkIds(3, at);
    for (const id of ids) {
      expect(id).toMatch(v7);
      expect(Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(at);
    }
  });

  it('are distinct and sort in the order they were made, within a batch of 1,000', () => {
    const ids = bulkIds(1000);
    expect(new Set(ids).size).toBe(1000);
    expect([...ids].sort()).toEqual(ids);
  });

  it('differ between two batches of the same millisecond', () => {
    const at = Date.now();
    const a = bulkIds(1000, at);
    const b = bulkIds(1000, at);
    expect(new Set([...a, ...b]).size).toBe(2000);
  });
});
