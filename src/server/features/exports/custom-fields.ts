import { and, eq, isNotNull, isNull, type SQL, sql } from 'drizzle-orm';
import type { accountsQuery } from '../../../core/schemas/accounts.ts';
import type { Actor } from '../../auth/actor.ts';
import type { Db } from '../../db/index.ts';
import { accountScope, accounts, nameOrDomainMatches } from '../accounts/index.ts';
import { membersOfTeam } from '../teams/index.ts';
import type { FiltersOf } from './exports.service.ts';

type Filters = FiltersOf<typeof accountsQuery>;

/**
 * The accounts list's filters as conditions, one for each parameter of its query: a filter added
 * to the list's query fails the type check here until it is added, so the custom-field columns are
 * always found over the rows the export writes. `archived` and `sort` are handled below and select
 * nothing themselves.
 */
const conditions: { [K in keyof Filters]-?: (value: NonNullable<Filters[K]>) => SQL | undefined } = {
  sort: () => undefined,
  archived: () => undefined,
  q: (q) => nameOrDomainMatches(q),
  ownerId: (id) => eq(accounts.ownerId, id),
  teamId: (id) => sql`${accounts.ownerId} in (${membersOfTeam(id)})`,
  segment: (segment) => eq(accounts.segment, segment),
  lifecycleStage: (stage) => eq(accounts.lifecycleStage, stage),
  tag: (tag) => sql`${accounts.tags} @> array[${tag}]::text[]`,
  healthBand: (band) => eq(accounts.healthBand, band),
  churnRisk: (risk) => eq(accounts.churnRisk, risk),
  renewalBefore: (day) => sql`${accounts.renewalDate} <= ${day}`,
  checkInDueBefore: (day) => sql`${accounts.nextCheckInDue} <= ${day}`,
};

/**
 * Every custom-field key of the accounts the export will write (the list's filters, in the
 * caller's scope), in one query, sorted: one `customFields.<key>` column each.
 */
export async function customFieldKeys(db: Db, actor: Actor, filters: Filters): Promise<string[]> {
  const where: (SQL | undefined)[] = [
    filters.archived === 'true' ? isNotNull(accounts.archivedAt) : isNull(accounts.archivedAt),
    accountScope(actor),
  ];
  for (const [name, value] of Object.entries(filters)) {
    const condition = conditions[name as keyof Filters] as ((v: unknown) => SQL | undefined) | undefined;
    if (value !== undefined && condition) where.push(condition(value));
  }
  const rows = await db
    .selectDistinct({ key: sql<string>`jsonb_object_keys(${accounts.customFields})` })
    .from(accounts)
    .where(and(...where));
  // Sorted here, not by the database's collation: the same order on every engine and locale.
  return rows.map((r) => r.key).sort();
}
