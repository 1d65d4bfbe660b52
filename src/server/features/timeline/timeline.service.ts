import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { TimelineItem, timelineQuery } from '../../../core/schemas/workspace.ts';
import type { Actor } from '../../auth/actor.ts';
import { type Db, rawRows } from '../../db/index.ts';
import { decodeCursor, encodeCursor, isoMicros } from '../../http/pagination.ts';
import { accountInScope } from '../accounts/index.ts';

/**
 * Audit entries that are timeline events in their own right (activities and meetings come from their
 * tables); a created record's name or title, from the entry's changes, follows the action.
 */
const auditKinds = ['account', 'contract', 'opportunity', 'issue', 'feedback', 'health'];

interface Row {
  id: string;
  at: Date | string;
  /** `at` with all six fraction digits, for the cursor. */
  at_key: string;
  kind: TimelineItem['kind'];
  action: string;
  title: string;
  actor_id: string | null;
  ref_type: string;
  ref_id: string;
}

/** One stream of everything that happened on an account, newest first, cursor-paged. */
export async function accountTimeline(
  db: Db,
  actor: Actor,
  accountId: string,
  q: z.infer<typeof timelineQuery>,
) {
  await accountInScope(db, actor, accountId);
  // Newest first; a cursor belongs to this account's timeline only.
  const position = { sort: `timeline.${accountId}:desc`, kind: 'timestamp' } as const;
  const after = q.cursor ? decodeCursor(q.cursor, position) : null;
  const kinds = q.kinds?.length ? q.kinds : null;
  const rows = await rawRows<Row>(
    db,
    sql`
    select *, ${isoMicros(sql`at`)} as at_key from (
      select id, occurred_at as at, 'activity' as kind, type as action, subject as title, user_id as actor_id,
             'activity' as ref_type, id::text as ref_id
        from activities where account_id = ${accountId}
      union all
      select id, scheduled_at, 'meeting', status, title, created_by_id, 'meeting', id::text
        from meetings where account_id = ${accountId}
      union all
      select id, at, entity_type, action,
             action || coalesce(': ' || coalesce(changes->'name'->>1, changes->'title'->>1), ''),
             actor_id, entity_type, coalesce(entity_id, id::text)
        from audit_log where account_id = ${accountId} and entity_type in (${sql.join(
          auditKinds.map((k) => sql`${k}`),
          sql`, `,
        )})
      union all
      select id, at, 'playbook', status, coalesce(summary, 'Playbook ran'), null, 'playbook', playbook_id::text
        from playbook_runs where account_id = ${accountId} and status in ('done', 'failed')
    ) t
    where true
      ${
        kinds
          ? sql`and kind in (${sql.join(
              kinds.map((k) => sql`${k}`),
              sql`, `,
            )})`
          : sql``
      }
      ${after ? sql`and (at, id) < (${after[0]}::timestamptz, ${after[1]}::uuid)` : sql``}
    order by at desc, id desc
    limit ${q.limit + 1}`,
  );
  const data = rows.slice(0, q.limit).map(
    (r): TimelineItem => ({
      id: r.id,
      at: new Date(r.at).toISOString(),
      kind: r.kind,
      action: r.action,
      title:
        r.kind === r.ref_type && r.title.startsWith(r.action)
          ? describe(r.action) + r.title.slice(r.action.length)
          : r.title,
      actorId: r.actor_id,
      ref: { type: r.ref_type, id: r.ref_id },
    }),
  );
  const last = rows[q.limit - 1];
  return {
    data,
    nextCursor: rows.length > q.limit && last ? encodeCursor(position.sort, last.at_key, last.id) : null,
  };
}

/** `account.reassigned` → "Account reassigned". */
function describe(action: string): string {
  const text = action.replace('.', ' ').replaceAll('_', ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}
