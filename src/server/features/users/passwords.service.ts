import { hashPassword, verifyPassword } from 'better-auth/crypto';
import { and, desc, eq, gt, ne, or, sql } from 'drizzle-orm';
import { AppError } from '../../../core/errors.ts';
import type { PasswordChange, PasswordReset } from '../../../core/schemas/people.ts';
import { type Actor, requireRole } from '../../auth/actor.ts';
import { SIGN_IN_FAILURES_PER_MINUTE } from '../../auth/auth.routes.ts';
import { authAccounts, sessions, users } from '../../auth/auth.table.ts';
import type { Db } from '../../db/index.ts';
import { record } from '../audit/audit.service.ts';
import { auditLog } from '../audit/audit.table.ts';
import { storePasswordHash } from './users.service.ts';

/** The audit entry of a wrong current password; counted with failed sign-ins by the limit below. */
export const PASSWORD_CHANGE_FAILED = 'user.password_change_failed';

/** The trail shows that the password changed, never the password or its hash. */
const passwordChanged = { password: ['(secret)', '(changed)'] as [unknown, unknown] };

interface PasswordContext {
  actor: Actor;
  ip?: string | null;
}

/**
 * The caller changes their own password: the current one must be right, and the other sessions of
 * the user end (`keepSessionId`, the caller's own session, stays valid). A wrong current password is
 * audited as a failure and counts with failed sign-ins towards the same limit of ten a minute.
 */
export async function changeOwnPassword(
  db: Db,
  ctx: PasswordContext & { keepSessionId?: string | null },
  body: PasswordChange,
): Promise<void> {
  const userId = ctx.actor.userId;
  // Hashed before the transaction, so that the slow hash does not hold the database.
  const newHash = await hashPassword(body.newPassword);
  const outcome = await db.transaction(async (tx) => {
    // The lock queues a user's attempts one behind another, so parallel guesses cannot all pass the
    // limit before any of them is counted.
    const [user] = await tx
      .select({ email: users.email })
      .from(users)
      .where(eq(users.id, userId))
      .for('no key update');
    if (!user) throw new AppError('unauthenticated', 'Sign in first.');
    await assertAttemptsLeft(tx, userId, user.email);
    const hash = await currentHash(tx, userId);
    if (!hash || !(await verifyPassword({ hash, password: body.currentPassword }))) {
      // Kept although the request fails: the failure is what the limit counts.
      await record(tx, ctx.actor, {
        action: PASSWORD_CHANGE_FAILED,
        entityType: 'user',
        entityId: userId,
        ip: ctx.ip,
      });
      return 'wrong' as const;
    }
    await storePasswordHash(tx, userId, newHash);
    const others = ctx.keepSessionId ? ne(sessions.id, ctx.keepSessionId) : undefined;
    await tx.delete(sessions).where(and(eq(sessions.userId, userId), others));
    await record(tx, ctx.actor, {
      action: 'user.password_changed',
      entityType: 'user',
      entityId: userId,
      ip: ctx.ip,
      changes: passwordChanged,
    });
    return 'changed' as const;
  });
  if (outcome === 'wrong') {
    throw new AppError('validation', 'The current password is not right.', {
      errors: [{ path: 'currentPassword', message: 'This is not your current password.' }],
    });
  }
}

/** An admin sets a user's password; every session of the user ends, their API keys keep working. */
export async function resetPassword(
  db: Db,
  ctx: PasswordContext,
  userId: string,
  body: PasswordReset,
): Promise<void> {
  requireRole(ctx.actor, 'admin');
  const newHash = await hashPassword(body.newPassword);
  await db.transaction(async (tx) => {
    const [user] = await tx
      .select({ id: users.id })
      .from(users)
      .where(eq(users.id, userId))
      .for('no key update');
    if (!user) throw new AppError('not_found', `There is no user ${userId}.`);
    await storePasswordHash(tx, userId, newHash);
    await tx.delete(sessions).where(eq(sessions.userId, userId));
    await record(tx, ctx.actor, {
      action: 'user.password_reset',
      entityType: 'user',
      entityId: userId,
      ip: ctx.ip,
      changes: passwordChanged,
    });
  });
}

async function currentHash(tx: Db, userId: string): Promise<string | null> {
  const [credential] = await tx
    .select({ password: authAccounts.password })
    .from(authAccounts)
    .where(and(eq(authAccounts.userId, userId), eq(authAccounts.providerId, 'credential')));
  return credential?.password ?? null;
}

/**
 * 429 once ten wrong passwords were given for the user within a minute: wrong current passwords
 * here and failed sign-ins with their e-mail alike, so this route is no way around the sign-in limit.
 */
async function assertAttemptsLeft(tx: Db, userId: string, email: string): Promise<void> {
  const [tenth] = await tx
    .select({
      wait: sql<number>`ceil(extract(epoch from (${auditLog.at} + interval '60 seconds' - now())))::int`,
    })
    .from(auditLog)
    .where(
      and(
        gt(auditLog.at, sql`now() - interval '60 seconds'`),
        or(
          and(
            eq(auditLog.action, PASSWORD_CHANGE_FAILED),
            eq(auditLog.entityType, 'user'),
            eq(auditLog.entityId, userId),
          ),
          and(eq(auditLog.action, 'auth.sign_in_failed'), eq(auditLog.subject, email)),
        ),
      ),
    )
    .orderBy(desc(auditLog.at))
    .limit(1)
    .offset(SIGN_IN_FAILURES_PER_MINUTE - 1);
  if (!tenth) return;
  const retryAfter = Math.max(1, tenth.wait);
  throw new AppError('rate_limited', `Too many wrong passwords. Try again in ${retryAfter} seconds.`, {
    headers: { 'retry-after': String(retryAfter) },
  });
}
