import { eq, inArray, type SQL } from 'drizzle-orm';
import { AppError } from '../../../core/errors.ts';
import type { Actor } from '../../auth/actor.ts';
import { type Db, rawRows } from '../../db/index.ts';
import { accountScope, accounts } from '../accounts/index.ts';
import { membersOfTeam } from '../teams/index.ts';

/** The report's period: given dates, else the defaults; `from` after `to` is a 400 naming `to`. */
export function reportRange(
  q: { from?: string; to?: string },
  defaults: { from: string; to: string },
): { from: string; to: string } {
  const from = q.from ?? defaults.from;
  const to = q.to ?? defaults.to;
  if (to < from) {
    throw new AppError('validation', `The period ends (${to}) before it starts (${from}).`, {
      errors: [{ path: 'to', message: 'must be on or after from' }],
    });
  }
  return { from, to };
}

/**
 * Conditions on `accounts` for an account-based report: the caller's scope, narrowed to accounts
 * owned by `ownerId` or by members of `teamId`. Someone outside the scope simply matches nothing.
 */
export async function accountFilters(
  db: Db,
  actor: Actor,
  q: { ownerId?: string; teamId?: string },
): Promise<(SQL | undefined)[]> {
  return [
    accountScope(actor),
    q.ownerId ? eq(accounts.ownerId, q.ownerId) : undefined,
    q.teamId ? inArray(accounts.ownerId, await teamMembers(db, q.teamId)) : undefined,
  ];
}

/**
 * A team's members as a list rather than a subquery, so the planner reaches their accounts or
 * deals through the owner index (a team's renewal totals: about twice as fast).
 */
export async function teamMembers(db: Db, teamId: string): Promise<string[]> {
  const rows = await rawRows<{ user_id: string }>(db, membersOfTeam(teamId));
  return rows.map((r) => r.user_id);
}
