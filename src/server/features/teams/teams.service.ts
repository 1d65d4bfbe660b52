import { and, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { AppError } from '../../../core/errors.ts';
import type { listQuery } from '../../../core/schemas/common.ts';
import type { Team, teamCreate, teamPatch } from '../../../core/schemas/people.ts';
import { diff, record } from '../../audit/record.ts';
import { requireRole } from '../../auth/actor.ts';
import type { WriteContext } from '../../auth/context.ts';
import { existingUserIds } from '../../auth/user-ids.ts';
import { ref } from '../../db/columns.ts';
import type { Db } from '../../db/index.ts';
import { keyset } from '../../http/pagination.ts';
import { assertVersion } from '../../http/versioning.ts';
import { teamMemberships, teams } from './teams.table.ts';

const idsOf = (role: 'member' | 'manager') =>
  sql<
    string[]
  >`coalesce((select array_agg(tm.user_id order by tm.user_id) from ${teamMemberships} tm where tm.team_id = ${ref(teams.id)} and tm.role = ${role}), '{}')`;

const columns = {
  id: teams.id,
  name: teams.name,
  version: teams.version,
  managerIds: idsOf('manager'),
  memberIds: idsOf('member'),
};

export async function listTeams(db: Db, q: z.infer<typeof listQuery>) {
  const ks = keyset({ column: teams.name, id: teams.id, descending: false, cursor: q.cursor });
  const rows = await db
    .select(columns)
    .from(teams)
    .where(ks.where)
    .orderBy(...ks.orderBy)
    .limit(q.limit + 1);
  return await ks.page(db, rows, q.limit, (r) => r.name);
}

export async function getTeam(db: Db, id: string): Promise<Team> {
  const [row] = await db.select(columns).from(teams).where(eq(teams.id, id));
  if (!row) throw new AppError('not_found', `There is no team ${id}.`);
  return row;
}

export async function createTeam(
  db: Db,
  ctx: WriteContext,
  input: z.infer<typeof teamCreate>,
): Promise<Team> {
  requireRole(ctx.actor, 'admin');
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(teams).values({ name: input.name }).returning({ id: teams.id });
    const id = row!.id;
    await setPeople(tx, id, 'manager', input.managerIds);
    await setPeople(tx, id, 'member', input.memberIds);
    const created = await getTeam(tx, id);
    await record(tx, ctx.actor, {
      action: 'team.created',
      entityType: 'team',
      entityId: id,
      ip: ctx.ip,
      changes: diff(null, fields(created)),
    });
    return created;
  });
}

export async function updateTeam(
  db: Db,
  ctx: WriteContext,
  id: string,
  patch: z.infer<typeof teamPatch>,
  expected?: number,
): Promise<Team> {
  requireRole(ctx.actor, 'admin');
  return db.transaction(async (tx) => {
    const [locked] = await tx.select().from(teams).where(eq(teams.id, id)).for('update');
    if (!locked) throw new AppError('not_found', `There is no team ${id}.`);
    assertVersion(expected, locked.version);
    const before = await getTeam(tx, id);
    await tx
      .update(teams)
      .set({ name: patch.name, version: sql`${teams.version} + 1`, updatedAt: sql`now()` })
      .where(eq(teams.id, id));
    if (patch.managerIds) await setPeople(tx, id, 'manager', patch.managerIds);
    if (patch.memberIds) await setPeople(tx, id, 'member', patch.memberIds);
    const after = await getTeam(tx, id);
    await record(tx, ctx.actor, {
      action: 'team.updated',
      entityType: 'team',
      entityId: id,
      ip: ctx.ip,
      changes: diff(fields(before), fields(after)),
    });
    return after;
  });
}

function fields(t: Team) {
  return { name: t.name, managerIds: t.managerIds, memberIds: t.memberIds };
}

async function setPeople(
  tx: Db,
  teamId: string,
  role: 'member' | 'manager',
  userIds: string[],
): Promise<void> {
  const wanted = await existingUserIds(tx, userIds, role === 'manager' ? 'managerIds' : 'memberIds');
  await tx
    .delete(teamMemberships)
    .where(and(eq(teamMemberships.teamId, teamId), eq(teamMemberships.role, role)));
  if (wanted.length)
    await tx.insert(teamMemberships).values(wanted.map((userId) => ({ teamId, userId, role })));
}
