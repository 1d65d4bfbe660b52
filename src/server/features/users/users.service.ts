import { hashPassword } from 'better-auth/crypto';
import { and, eq, inArray, ne, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { AppError } from '../../../core/errors.ts';
import type { User, UserCreate, UserPatch, usersQuery } from '../../../core/schemas/people.ts';
import { diff, record } from '../../audit/record.ts';
import { type Actor, requireRole } from '../../auth/actor.ts';
import { authAccounts, sessions, users } from '../../auth/auth.table.ts';
import type { WriteContext as Ctx } from '../../auth/context.ts';
import { containsPattern, ref } from '../../db/columns.ts';
import { type Db, rawRows } from '../../db/index.ts';
import { keyset, parseSort } from '../../http/pagination.ts';
import { assertVersion } from '../../http/versioning.ts';
import { apiKeys } from '../api-keys/index.ts';
import { membersManagedBy, teamMemberships, teams } from '../teams/index.ts';

type Row = typeof users.$inferSelect;

const teamIdsOf = sql<
  string[]
>`coalesce((select array_agg(tm.team_id order by tm.team_id) from ${teamMemberships} tm where tm.user_id = ${ref(users.id)} and tm.role = 'member'), '{}')`;

const columns = {
  id: users.id,
  email: users.email,
  name: users.name,
  role: users.role,
  active: users.active,
  weeklyCapacityPoints: users.weeklyCapacityPoints,
  createdAt: users.createdAt,
  version: users.version,
  teamIds: teamIdsOf,
};

function toUser(r: Omit<Row, 'emailVerified' | 'image' | 'updatedAt'> & { teamIds: string[] }): User {
  return {
    id: r.id,
    email: r.email,
    name: r.name,
    role: r.role,
    teamIds: r.teamIds,
    active: r.active,
    weeklyCapacityPoints: r.weeklyCapacityPoints,
    createdAt: r.createdAt.toISOString(),
    version: r.version,
  };
}

const sortColumns = { name: users.name, email: users.email, createdAt: users.createdAt } as const;

export async function listUsers(db: Db, q: z.infer<typeof usersQuery>) {
  const { field, descending } = parseSort(q.sort);
  const column = sortColumns[field as keyof typeof sortColumns];
  const ks = keyset({ column, id: users.id, descending, cursor: q.cursor });
  const where: (SQL | undefined)[] = [ks.where];
  if (q.role) where.push(eq(users.role, q.role));
  if (q.active) where.push(eq(users.active, q.active === 'true'));
  if (q.teamId)
    where.push(
      sql`exists (select 1 from ${teamMemberships} tm where tm.user_id = ${ref(users.id)} and tm.team_id = ${q.teamId})`,
    );
  if (q.q)
    where.push(
      sql`(${users.name} ilike ${containsPattern(q.q)} or ${users.email} ilike ${containsPattern(q.q)})`,
    );
  const rows = await db
    .select(columns)
    .from(users)
    .where(and(...where))
    .orderBy(...ks.orderBy)
    .limit(q.limit + 1);
  const page = await ks.page(db, rows, q.limit, (r) => r[field as keyof typeof sortColumns]);
  return { data: page.data.map(toUser), nextCursor: page.nextCursor };
}

export async function getUser(db: Db, id: string): Promise<User> {
  const [row] = await db.select(columns).from(users).where(eq(users.id, id));
  if (!row) throw new AppError('not_found', `There is no user ${id}.`);
  return toUser(row);
}

export async function userCount(db: Db): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(users);
  return row?.n ?? 0;
}

type WriteContext = Ctx<Actor | null>;

/** Creates a user with their password credential and team memberships. Run inside a transaction. */
export async function insertUser(tx: Db, ctx: WriteContext, input: UserCreate): Promise<User> {
  const [clash] = await tx.select({ id: users.id }).from(users).where(eq(users.email, input.email));
  if (clash) throw emailTaken(input.email);
  const [row] = await tx
    .insert(users)
    .values({
      email: input.email,
      name: input.name,
      role: input.role,
      active: input.active ?? true,
      weeklyCapacityPoints: input.weeklyCapacityPoints,
    })
    .returning({ id: users.id });
  const id = row!.id;
  if (input.password) await setPassword(tx, id, input.password);
  await setTeams(tx, id, input.teamIds ?? []);
  const created = await getUser(tx, id);
  await record(tx, ctx.actor, {
    action: 'user.created',
    entityType: 'user',
    entityId: id,
    ip: ctx.ip,
    changes: diff(null, { ...userFields(created), ...(input.password ? { password: true } : {}) }),
  });
  return created;
}

export async function createUser(
  db: Db,
  ctx: WriteContext & { actor: Actor },
  input: UserCreate,
): Promise<User> {
  requireRole(ctx.actor, 'admin');
  return db.transaction((tx) => insertUser(tx, ctx, input));
}

export async function updateUser(
  db: Db,
  ctx: WriteContext,
  id: string,
  patch: UserPatch,
  expected?: number,
): Promise<User> {
  const fields = Object.keys(patch);
  const capacityOnly = fields.length > 0 && fields.every((k) => k === 'weeklyCapacityPoints');
  const managerSetsCapacity = ctx.actor?.role === 'manager' && capacityOnly;
  if (ctx.actor && !managerSetsCapacity) requireRole(ctx.actor, 'admin');
  return db.transaction(async (tx) => {
    if (managerSetsCapacity) await assertManages(tx, ctx.actor!, id);
    const [locked] = await tx.select().from(users).where(eq(users.id, id)).for('update');
    if (!locked) throw new AppError('not_found', `There is no user ${id}.`);
    assertVersion(expected, locked.version);
    const before = await getUser(tx, id);
    if (patch.email && patch.email !== before.email) {
      const [clash] = await tx
        .select({ id: users.id })
        .from(users)
        .where(and(eq(users.email, patch.email), ne(users.id, id)));
      if (clash) throw emailTaken(patch.email);
    }
    const losesAdmin =
      before.role === 'admin' &&
      before.active &&
      ((patch.role && patch.role !== 'admin') || patch.active === false);
    if (losesAdmin) await assertAnotherAdmin(tx, id);

    await tx
      .update(users)
      .set({
        email: patch.email,
        name: patch.name,
        role: patch.role,
        active: patch.active,
        weeklyCapacityPoints: patch.weeklyCapacityPoints,
        version: sql`${users.version} + 1`,
        updatedAt: sql`now()`,
      })
      .where(eq(users.id, id));
    if (patch.password) await setPassword(tx, id, patch.password);
    if (patch.teamIds) await setTeams(tx, id, patch.teamIds);
    if (patch.active === false || patch.password) {
      // Deactivation and a new password end every session at once; deactivation also stops the keys.
      await tx.delete(sessions).where(eq(sessions.userId, id));
    }
    if (patch.active === false) {
      await tx
        .update(apiKeys)
        .set({ revokedAt: ctx.now })
        .where(and(eq(apiKeys.userId, id), sql`${apiKeys.revokedAt} is null`));
    }
    const after = await getUser(tx, id);
    const changes = diff(userFields(before), userFields(after));
    if (patch.password) changes.password = ['(secret)', '(changed)'];
    const action =
      patch.active === false && before.active
        ? 'user.deactivated'
        : patch.active === true && !before.active
          ? 'user.reactivated'
          : patch.role && patch.role !== before.role
            ? 'user.role_changed'
            : 'user.updated';
    await record(tx, ctx.actor, { action, entityType: 'user', entityId: id, ip: ctx.ip, changes });
    return after;
  });
}

function userFields(u: User) {
  return {
    email: u.email,
    name: u.name,
    role: u.role,
    active: u.active,
    teamIds: u.teamIds,
    weeklyCapacityPoints: u.weeklyCapacityPoints,
  };
}

/**
 * A manager sets the weekly capacity of the members of the teams they manage (that field alone);
 * anyone else's is an admin's to set (403).
 */
async function assertManages(tx: Db, actor: Actor, userId: string): Promise<void> {
  const [row] = await rawRows<{ ok: boolean }>(
    tx,
    sql`select ${userId}::uuid in (${membersManagedBy(actor.userId)}) as ok`,
  );
  if (!row?.ok) {
    throw new AppError(
      'forbidden',
      'Managers set the weekly capacity of their teams’ members only; anything else needs an admin.',
    );
  }
}

async function setPassword(tx: Db, userId: string, password: string): Promise<void> {
  await storePasswordHash(tx, userId, await hashPassword(password));
}

/** Stores a better-auth password hash as the user's credential, creating the credential if they had none. */
export async function storePasswordHash(tx: Db, userId: string, hash: string): Promise<void> {
  const [existing] = await tx
    .select({ id: authAccounts.id })
    .from(authAccounts)
    .where(and(eq(authAccounts.userId, userId), eq(authAccounts.providerId, 'credential')));
  if (existing) {
    await tx
      .update(authAccounts)
      .set({ password: hash, updatedAt: sql`now()` })
      .where(eq(authAccounts.id, existing.id));
  } else {
    await tx
      .insert(authAccounts)
      .values({ userId, accountId: userId, providerId: 'credential', password: hash });
  }
}

async function setTeams(tx: Db, userId: string, teamIds: string[]): Promise<void> {
  const wanted = [...new Set(teamIds)];
  if (wanted.length) {
    const found = await tx.select({ id: teams.id }).from(teams).where(inArray(teams.id, wanted));
    const missing = wanted.filter((t) => !found.some((f) => f.id === t));
    if (missing.length) {
      throw new AppError('validation', `No team has the id ${missing[0]}.`, {
        errors: [{ path: `teamIds.${wanted.indexOf(missing[0]!)}`, message: 'is not a team' }],
      });
    }
  }
  await tx
    .delete(teamMemberships)
    .where(and(eq(teamMemberships.userId, userId), eq(teamMemberships.role, 'member')));
  if (wanted.length) {
    await tx
      .insert(teamMemberships)
      .values(wanted.map((teamId) => ({ teamId, userId, role: 'member' as const })));
  }
}

async function assertAnotherAdmin(tx: Db, exceptId: string): Promise<void> {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(users)
    .where(and(eq(users.role, 'admin'), eq(users.active, true), ne(users.id, exceptId)));
  if (!row?.n)
    throw new AppError('conflict', 'This is the last active admin: make another user admin first.');
}

function emailTaken(email: string): AppError {
  return new AppError('conflict', `A user with the e-mail ${email} already exists.`, {
    errors: [{ path: 'email', message: 'is taken' }],
  });
}
