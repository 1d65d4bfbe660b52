import { eq, inArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { TimelineItem, timelineQuery } from '../../../core/schemas/workspace.ts';
import type { Actor } from '../../auth/actor.ts';
import { type Db, rawRows } from '../../db/index.ts';
import { decodeCursor, encodeCursor, isoMicros } from '../../http/pagination.ts';
import { accountInScope } from '../accounts/index.ts';
import { clientRequests, deliverables, projects, vendorEngagements, vendors } from '../projects/index.ts';

/**
 * Audit entries that are timeline events in their own right (activities and meetings come from their
 * tables); a created record's name or title, from the entry's changes, follows the action.
 */
const auditKinds = ['account', 'contract', 'opportunity', 'issue', 'feedback', 'health'];

/**
 * The delivery work's audit entries that are timeline events: projects and deliverables created or
 * changing status, reviews, client requests created or received, engagements created or changed.
 * A status change shows as `<entity>.status_changed`, a request's arrival as `client_request.received`.
 */
const deliveryEvents = sql`(
  action in ('project.created', 'deliverable.created', 'deliverable.reviewed', 'client_request.created',
             'engagement.created', 'engagement.updated')
  or (action in ('project.updated', 'deliverable.updated') and changes ? 'status')
  or (action = 'client_request.updated' and changes->'status'->>1 = 'received'))`;
const deliveryAction = sql`case
  when action in ('project.updated', 'deliverable.updated') then entity_type || '.status_changed'
  when action = 'client_request.updated' then 'client_request.received'
  else action end`;
type DeliveryKind = 'project' | 'deliverable' | 'client_request' | 'engagement';
const deliveryKinds: readonly string[] = ['project', 'deliverable', 'client_request', 'engagement'];

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
  /** A delivery entry's status change, `from → to`. */
  change: string | null;
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
             'activity' as ref_type, id::text as ref_id, null as change
        from activities where account_id = ${accountId}
      union all
      select id, scheduled_at, 'meeting', status, title, created_by_id, 'meeting', id::text, null
        from meetings where account_id = ${accountId}
      union all
      select id, at, entity_type, action,
             action || coalesce(': ' || coalesce(changes->'name'->>1, changes->'title'->>1), ''),
             actor_id, entity_type, coalesce(entity_id, id::text), null
        from audit_log where account_id = ${accountId} and entity_type in (${sql.join(
          auditKinds.map((k) => sql`${k}`),
          sql`, `,
        )})
      union all
      select id, at, entity_type, ${deliveryAction},
             coalesce(changes->'name'->>1, changes->'title'->>1, changes->'name'->>0, changes->'title'->>0, ''),
             actor_id, entity_type, coalesce(entity_id, id::text),
             (changes->'status'->>0) || ' → ' || (changes->'status'->>1)
        from audit_log where account_id = ${accountId} and ${deliveryEvents}
      union all
      select id, at, 'playbook', status, coalesce(summary, 'Playbook ran'), null, 'playbook', playbook_id::text, null
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
  const pageRows = rows.slice(0, q.limit);
  const names = await deliveryNames(db, pageRows);
  const data = pageRows.map(
    (r): TimelineItem => ({
      id: r.id,
      at: new Date(r.at).toISOString(),
      kind: r.kind,
      action: r.action,
      title: deliveryKinds.includes(r.kind)
        ? deliveryTitle(r, names.get(r.ref_id))
        : r.kind === r.ref_type && r.title.startsWith(r.action)
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

/** `in_progress` → "in progress". */
const words = (s: string) => s.replaceAll('_', ' ');

/**
 * "Project created: Spring launch", "Deliverable status changed: Hero banner (in progress → internal
 * review)", "Engagement updated: Acme Print on Spring launch (in progress → delivered)".
 */
function deliveryTitle(r: Row, name: string | undefined): string {
  const what = name ?? r.title;
  // A request's arrival says it already; other changes of status show from → to.
  const change = r.change && r.action !== 'client_request.received' ? ` (${words(r.change)})` : '';
  return `${describe(r.action)}${what ? `: ${what}` : ''}${change}`;
}

/**
 * The current names of the page's delivery records, by id (a record since deleted keeps the name
 * its audit entry holds): a few small queries, one per kind on the page.
 */
async function deliveryNames(db: Db, rows: Row[]): Promise<Map<string, string>> {
  const ids = (kind: DeliveryKind) => [
    ...new Set(rows.filter((r) => r.kind === kind && isUuid(r.ref_id)).map((r) => r.ref_id)),
  ];
  const names = new Map<string, string>();
  const put = (found: { id: string; name: string }[]) => {
    for (const f of found) names.set(f.id, f.name);
  };
  const wanted = {
    project: ids('project'),
    deliverable: ids('deliverable'),
    client_request: ids('client_request'),
    engagement: ids('engagement'),
  };
  if (wanted.project.length)
    put(
      await db
        .select({ id: projects.id, name: projects.name })
        .from(projects)
        .where(inArray(projects.id, wanted.project)),
    );
  if (wanted.deliverable.length)
    put(
      await db
        .select({ id: deliverables.id, name: deliverables.name })
        .from(deliverables)
        .where(inArray(deliverables.id, wanted.deliverable)),
    );
  if (wanted.client_request.length)
    put(
      await db
        .select({ id: clientRequests.id, name: clientRequests.title })
        .from(clientRequests)
        .where(inArray(clientRequests.id, wanted.client_request)),
    );
  if (wanted.engagement.length)
    put(
      await db
        .select({
          id: vendorEngagements.id,
          name: sql<string>`${vendors.name} || ' on ' || ${projects.name}`,
        })
        .from(vendorEngagements)
        .innerJoin(vendors, eq(vendors.id, vendorEngagements.vendorId))
        .innerJoin(projects, eq(projects.id, vendorEngagements.projectId))
        .where(inArray(vendorEngagements.id, wanted.engagement)),
    );
  return names;
}

const isUuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
