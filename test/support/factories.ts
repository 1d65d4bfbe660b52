import { randomBytes } from 'node:crypto';
import type { Role } from '../../src/core/schemas/common.ts';
import type { User } from '../../src/core/schemas/people.ts';
import type { Db } from '../../src/server/db/index.ts';
import { accounts, accountTeamMembers } from '../../src/server/features/accounts/index.ts';
import { insertApiKey } from '../../src/server/features/api-keys/index.ts';
import { createTeam } from '../../src/server/features/teams/index.ts';
import { insertUser } from '../../src/server/features/users/index.ts';
import { systemWrites, writesAs } from '../../src/server/runtime.ts';

/** Unique per process and call, so suites can share a database and run in parallel. */
export function unique(label = 'x'): string {
  return `${label}-${randomBytes(5).toString('hex')}`;
}

export const PASSWORD = 'correct-horse-battery';

export interface TestUser extends User {
  key: string;
  /** Headers that authenticate as this user through their API key. */
  auth: { authorization: string };
}

export async function makeUser(
  db: Db,
  overrides: { role?: Role; name?: string; email?: string; teamIds?: string[]; password?: string } = {},
): Promise<TestUser> {
  const handle = unique('user');
  return db.transaction(async (tx) => {
    const user = await insertUser(tx, systemWrites(), {
      email: overrides.email ?? `${handle}@example.test`,
      name: overrides.name ?? `User ${handle}`,
      role: overrides.role ?? 'account_manager',
      password: overrides.password ?? PASSWORD,
      teamIds: overrides.teamIds ?? [],
    });
    const { key } = await insertApiKey(tx, systemWrites(), user.id, { name: 'test' });
    return { ...user, key, auth: { authorization: `Bearer ${key}` } };
  });
}

export async function makeTeam(
  db: Db,
  admin: User,
  people: { managerIds?: string[]; memberIds?: string[] } = {},
) {
  return createTeam(db, writesAs({ userId: admin.id, role: 'admin', via: 'api_key' }), {
    name: unique('Team'),
    managerIds: people.managerIds ?? [],
    memberIds: people.memberIds ?? [],
  });
}

export async function makeAccount(db: Db, ownerId: string, teamMemberIds: string[] = []) {
  const [row] = await db
    .insert(accounts)
    .values({ name: unique('Account'), ownerId })
    .returning();
  if (teamMemberIds.length) {
    await db
      .insert(accountTeamMembers)
      .values(teamMemberIds.map((userId) => ({ accountId: row!.id, userId })));
  }
  return row!;
}

export type CastMember = 'admin' | 'viewer' | 'mgr' | 'am1' | 'am2' | 'other' | 'mem';

/**
 * The people the scope tests reason about: an admin, a viewer, manager `mgr` of a team whose
 * members are account managers `am1` and `am2`, account manager `other` on no team, and `mem`, a
 * member.
 */
export async function makeScopeCast(db: Db): Promise<Record<CastMember, TestUser>> {
  const roles: Record<CastMember, Role> = {
    admin: 'admin',
    viewer: 'viewer',
    mgr: 'manager',
    am1: 'account_manager',
    am2: 'account_manager',
    other: 'account_manager',
    mem: 'member',
  };
  const cast = {} as Record<CastMember, TestUser>;
  for (const [key, role] of Object.entries(roles) as [CastMember, Role][])
    cast[key] = await makeUser(db, { role });
  await makeTeam(db, cast.admin, { managerIds: [cast.mgr.id], memberIds: [cast.am1.id, cast.am2.id] });
  return cast;
}
