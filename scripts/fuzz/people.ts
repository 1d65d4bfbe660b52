// The fuzzer's cast: the first admin (POST /api/v1/setup), one user of each other role, two teams,
// spare "victim" users and keys that writes may target, and an API key for every role (signed in
// with the password, then POST /api/v1/api-keys with the session cookie and a same-origin header).
import { call } from './http.ts';
import { addId, type Pool, ROLES, type Role } from './pool.ts';

export type Warn = (msg: string) => void;

function idOf(json: unknown): string | undefined {
  const v = (json as { id?: unknown } | undefined)?.id;
  return typeof v === 'string' ? v : undefined;
}

function sessionCookie(setCookie: string[] | undefined): string | undefined {
  const c = setCookie?.find((x) => x.startsWith('steward.session_token='));
  return c?.split(';')[0];
}

async function keyFor(base: string, email: string, password: string, cookie?: string): Promise<string> {
  let session = cookie;
  if (!session) {
    const signIn = await call(base, 'POST', '/api/auth/sign-in/email', {
      json: { email, password },
      headers: { origin: base },
    });
    session = sessionCookie(signIn.headers['set-cookie']);
    if (!session)
      throw new Error(`sign-in of ${email} answered ${signIn.status}: ${JSON.stringify(signIn.json)}`);
  }
  const created = await call(base, 'POST', '/api/v1/api-keys', {
    json: { name: `fuzz ${email}` },
    headers: { cookie: session, origin: base },
  });
  const key = (created.json as { key?: unknown } | undefined)?.key;
  if (created.status !== 201 || typeof key !== 'string')
    throw new Error(
      `POST /api/v1/api-keys for ${email} answered ${created.status}: ${JSON.stringify(created.json)}`,
    );
  return key;
}

export async function makePeople(base: string, pool: Pool, warn: Warn): Promise<void> {
  const password = 'fuzz-password-0001';
  const setup = await call(base, 'POST', '/api/v1/setup', {
    json: { email: 'admin@fuzz.example', name: 'Fuzz Admin', password },
  });
  const adminId = idOf(setup.json);
  const cookie = sessionCookie(setup.headers['set-cookie']);
  if (setup.status !== 201 || !adminId)
    throw new Error(`POST /api/v1/setup answered ${setup.status}: ${JSON.stringify(setup.json)}`);
  const adminKey = await keyFor(base, 'admin@fuzz.example', password, cookie);
  pool.users.admin = { id: adminId, email: 'admin@fuzz.example', password, key: adminKey };
  addId(pool, 'users', adminId);

  for (const role of ROLES.filter((r): r is Exclude<Role, 'admin'> => r !== 'admin')) {
    const email = `${role.replace('_', '-')}@fuzz.example`;
    const res = await call(base, 'POST', '/api/v1/users', {
      key: adminKey,
      json: { email, name: `Fuzz ${role}`, role, password },
    });
    const id = idOf(res.json);
    if (!id)
      throw new Error(`POST /api/v1/users (${role}) answered ${res.status}: ${JSON.stringify(res.json)}`);
    pool.users[role] = { id, email, password, key: await keyFor(base, email, password) };
    addId(pool, 'users', id);
  }

  const u = pool.users;
  const teams = [
    { name: 'Fuzz Enterprise', managerIds: [u.manager.id], memberIds: [u.account_manager.id, u.member.id] },
    { name: 'Fuzz Growth', managerIds: [u.admin.id], memberIds: [u.viewer.id] },
  ];
  for (const team of teams) {
    const res = await call(base, 'POST', '/api/v1/teams', { key: adminKey, json: team });
    if (res.status !== 201) warn(`POST /api/v1/teams answered ${res.status}: ${JSON.stringify(res.json)}`);
    addId(pool, 'teams', idOf(res.json));
  }

  // Victims: PATCH /users/{id} may deactivate or demote them, DELETE /api-keys/{id} may revoke.
  for (let i = 1; i <= 3; i++) {
    const res = await call(base, 'POST', '/api/v1/users', {
      key: adminKey,
      json: { email: `victim-${i}@fuzz.example`, name: `Victim ${i}`, role: 'member', password },
    });
    addId(pool, 'users', idOf(res.json));
    addId(pool, 'users:victims', idOf(res.json));
  }
  for (let i = 1; i <= 4; i++) {
    const res = await call(base, 'POST', '/api/v1/api-keys', {
      key: adminKey,
      json: { name: `victim ${i}` },
    });
    if (res.status !== 201) warn(`POST /api/v1/api-keys answered ${res.status}: ${JSON.stringify(res.json)}`);
    addId(pool, 'api-keys', idOf(res.json));
  }
}
