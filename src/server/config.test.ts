import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

describe('configuration: the database pool', () => {
  it('keeps 10 connections per process unless DATABASE_POOL_SIZE says otherwise', () => {
    expect(loadConfig({}).databasePoolSize).toBe(10);
    expect(loadConfig({ DATABASE_POOL_SIZE: '25' }).databasePoolSize).toBe(25);
  });

  it('refuses a size that is not a whole number from 1 to 1000, naming the variable', () => {
    for (const bad of ['0', '-3', '2.5', 'ten', '1001']) {
      expect(() => loadConfig({ DATABASE_POOL_SIZE: bad })).toThrow(/DATABASE_POOL_SIZE/);
    }
  });
});
