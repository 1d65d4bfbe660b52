import { createHmac } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { AppError } from '../../core/errors.ts';
import type { Db } from '../db/index.ts';
import { signInAttempts } from './auth.table.ts';

/** Wrong passwords allowed per e-mail and per client address in any minute. */
export const SIGN_IN_FAILURES_PER_MINUTE = 10;

/** One attempt taken under a key: given back when the password turns out right. */
export interface Attempt {
  key: string;
  at: string;
}

/**
 * The key an attempt is counted under: an HMAC keyed with the deployment's secret, so neither what
 * was typed as the e-mail (perhaps a password) nor the client address is kept as such.
 */
export function attemptKey(secret: string, kind: 'email' | 'ip', value: string): string {
  return createHmac('sha256', secret).update(`${kind}:${value}`).digest('hex');
}

/**
 * Takes an attempt under each key (sign-in: the e-mail and the client address; a password change:
 * the user's e-mail), or answers 429 once a key has had ten attempts within the last minute. Each
 * is taken in one statement that locks the key's row, before the password is checked, so parallel
 * attempts on any number of servers cannot all pass; a right password gives its attempts back, so
 * only wrong ones count.
 */
export async function takeAttempts(
  db: Db,
  keys: string[],
  refusal = 'Too many failed sign-ins.',
): Promise<Attempt[]> {
  const taken: Attempt[] = [];
  for (const key of keys) {
    const recent = sql`array(select a from unnest(${signInAttempts.attempts}) a where a > now() - interval '60 seconds')`;
    const [slot] = await db
      .insert(signInAttempts)
      .values({ key, attempts: sql`array[now()]` })
      .onConflictDoUpdate({
        target: signInAttempts.key,
        set: { attempts: sql`${recent} || now()` },
        setWhere: sql`cardinality(${recent}) < ${SIGN_IN_FAILURES_PER_MINUTE}`,
      })
      .returning({ at: sql<string>`now()::text` });
    if (slot) {
      taken.push({ key, at: slot.at });
      continue;
    }
    await giveBackAttempts(db, taken);
    const [row] = await db
      .select({
        wait: sql<number>`ceil(extract(epoch from ((select min(a) from unnest(${signInAttempts.attempts}) a where a > now() - interval '60 seconds') + interval '60 seconds' - now())))::int`,
      })
      .from(signInAttempts)
      .where(eq(signInAttempts.key, key));
    const retryAfter = Math.max(1, row?.wait ?? 60);
    throw new AppError('rate_limited', `${refusal} Try again in ${retryAfter} seconds.`, {
      headers: { 'retry-after': String(retryAfter) },
    });
  }
  return taken;
}

/** The attempts less one copy of `at` (two attempts may share a timestamp on a coarse clock). */
function removeOne(at: string) {
  const a = signInAttempts.attempts;
  const i = sql`array_position(${a}, ${at}::timestamptz)`;
  return sql`case when ${i} is null then ${a} else ${a}[:${i} - 1] || ${a}[${i} + 1:] end`;
}

export async function giveBackAttempts(db: Db, attempts: Attempt[]): Promise<void> {
  for (const { key, at } of attempts) {
    await db
      .update(signInAttempts)
      .set({ attempts: removeOne(at) })
      .where(eq(signInAttempts.key, key));
  }
}

/** Housekeeping for the daily job: keys with no attempt in the last minute. */
export async function purgeSignInAttempts(db: Db): Promise<void> {
  await db
    .delete(signInAttempts)
    .where(
      sql`not exists (select 1 from unnest(${signInAttempts.attempts}) a where a > now() - interval '60 seconds')`,
    );
}
