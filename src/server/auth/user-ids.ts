import { inArray } from 'drizzle-orm';
import { AppError } from '../../core/errors.ts';
import type { Db } from '../db/index.ts';
import { users } from './auth.table.ts';

/** The distinct ids, once each is known to be a user; else 400 naming the first unknown one by index. */
export async function existingUserIds(tx: Db, ids: string[], field: string): Promise<string[]> {
  const wanted = [...new Set(ids)];
  if (!wanted.length) return wanted;
  const found = await tx.select({ id: users.id }).from(users).where(inArray(users.id, wanted));
  const missing = wanted.find((u) => !found.some((f) => f.id === u));
  if (missing) {
    throw new AppError('validation', `No user has the id ${missing}.`, {
      errors: [{ path: `${field}.${ids.indexOf(missing)}`, message: 'is not a user' }],
    });
  }
  return wanted;
}
