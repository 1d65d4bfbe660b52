import type { Actor } from '../../auth/actor.ts';
import type { WriteContext } from '../../auth/context.ts';
import type { Db } from '../../db/index.ts';
import type { Reactions } from '../../feature.ts';
import { refreshAccountHealth } from './health.service.ts';

/** Re-scores the event's account as of the write's day, in the write's transaction. */
const rescore = async (tx: Db, event: { accountId: string | null }, ctx: WriteContext<Actor | null>) => {
  if (event.accountId) await refreshAccountHealth(tx, ctx, [event.accountId]);
};

/**
 * Writes that move a score: a new account (days since creation count as days since the last
 * touch), its activities (the last touch, sentiment) and its issues (open issues by severity).
 */
export const healthReactions: Reactions = {
  'account.created': rescore,
  'activity.logged': rescore,
  'activity.updated': rescore,
  'activity.deleted': rescore,
  'issue.created': rescore,
  'issue.updated': rescore,
  'issue.deleted': rescore,
  // An import's batch: the accounts it created or whose activities or signals it wrote, at once.
  'import.rows_written': async (tx, event, ctx) => {
    if (['accounts', 'activities', 'signals'].includes(event.data.entity))
      await refreshAccountHealth(tx, ctx, event.data.accountIds);
  },
};
