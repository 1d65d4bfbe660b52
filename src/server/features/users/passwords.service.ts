import { hashPassword, verifyPassword } from 'better-auth/crypto';
import { and, eq, ne } from 'drizzle-orm';
import { AppError } from '../../../core/errors.ts';
import type { PasswordChange, PasswordReset } from '../../../core/schemas/people.ts';
import { record } from '../../audit/record.ts';
import { type Actor, requireRole } from '../../auth/actor.ts';
import { authAccounts, sessions, users } from '../../auth/auth.table.ts';
import { attemptKey, giveBackAttempts, takeAttempts } from '../../auth/sign-in-limit.ts';
import type { Db } from '../../db/index.ts';
import { storePasswordHash } from './users.service.ts';

/** The audit entry of a wrong current password. */
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
  ctx: PasswordContext & { keepSessionId?: string | null; secret: string },
  body: PasswordChange,
): Promise<void> {
  const userId = ctx.actor.userId;
  const [user] = await db.select({ email: users.email }).from(users).where(eq(users.id, userId));
  if (!user) throw new AppError('unauthenticated', 'Sign in first.');
  // Taken before the check, under the same key as failed sign-ins with this e-mail, so parallel
  // guesses cannot all pass and this route is no way around the sign-in limit.
  const attempts = await takeAttempts(
    db,
    [attemptKey(ctx.secret, 'email', user.email)],
    'Too many wrong passwords.',
  );
  // Hashed before the transaction, so that the slow hash does not hold the database.
  const newHash = await hashPassword(body.newPassword);
  const outcome = await db.transaction(async (tx) => {
    const hash = await currentHash(tx, userId);
    if (!hash || !(await verifyPassword({ hash, password: body.currentPassword }))) {
      // Kept although the request fails, like the attempt taken above.
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
  if (outcome === 'changed') await giveBackAttempts(db, attempts);
  else {
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
