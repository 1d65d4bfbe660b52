import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../src/server/audit/audit.table.ts';
import { idempotencyKeys } from '../../src/server/http/idempotency.table.ts';
import { ORIGIN, type TestApp, testApp } from '../support/app.ts';
import { makeUser, PASSWORD, type TestUser, unique } from '../support/factories.ts';
import { signIn } from '../support/session.ts';

let t: TestApp;
let admin: TestUser;

beforeAll(async () => {
  t = await testApp();
  admin = await makeUser(t.db, { role: 'admin' });
});
afterAll(() => t.close());

const NEW_PASSWORD = 'a-brand-new-passphrase';

type Headers = Record<string, string>;

/** A cookie-authenticated call from the web app (the Origin header passes the CSRF check). */
const asSession = (cookie: string): Headers => ({ cookie, origin: ORIGIN });

const post = (url: string, headers: Headers, payload: object) =>
  t.app.inject({ method: 'POST', url, headers: { ...headers, 'content-type': 'application/json' }, payload });

const changeOwn = (headers: Headers, payload: object) => post('/api/v1/me/password', headers, payload);
const reset = (who: TestUser, id: string, payload: object) =>
  post(`/api/v1/users/${id}/password`, who.auth, payload);

const meStatus = async (headers: Headers) =>
  (await t.app.inject({ method: 'GET', url: '/api/v1/me', headers })).statusCode;

const signInStatus = async (email: string, password: string) =>
  (
    await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in/email',
      remoteAddress: `10.60.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`,
      headers: { origin: ORIGIN, 'content-type': 'application/json' },
      payload: { email, password },
    })
  ).statusCode;

/** Every audit row about a user, as stored (not only as the API shows it). */
const auditRows = (userId: string) =>
  t.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.entityType, 'user'), eq(auditLog.entityId, userId)));

describe('changing your own password', () => {
  it('sets the new password, ends the other session and keeps the calling one', async () => {
    const u = await makeUser(t.db);
    const mine = await signIn(t.app, u.email, PASSWORD);
    const other = await signIn(t.app, u.email, PASSWORD);

    const res = await changeOwn(asSession(mine), { currentPassword: PASSWORD, newPassword: NEW_PASSWORD });
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe('');

    expect(await meStatus(asSession(mine))).toBe(200);
    expect(await meStatus(asSession(other))).toBe(401);
    expect(await meStatus(u.auth)).toBe(200);
    expect(await signInStatus(u.email, PASSWORD)).toBe(401);
    expect(await signInStatus(u.email, NEW_PASSWORD)).toBe(200);
  });

  it('ends every session when called with an API key', async () => {
    const u = await makeUser(t.db);
    const cookies = [await signIn(t.app, u.email, PASSWORD), await signIn(t.app, u.email, PASSWORD)];
    const res = await changeOwn(u.auth, { currentPassword: PASSWORD, newPassword: NEW_PASSWORD });
    expect(res.statusCode).toBe(204);
    for (const cookie of cookies) expect(await meStatus(asSession(cookie))).toBe(401);
    expect(await meStatus(u.auth)).toBe(200);
  });

  it('refuses a wrong current password with 400 naming currentPassword, and keeps the old one', async () => {
    const u = await makeUser(t.db);
    const cookie = await signIn(t.app, u.email, PASSWORD);
    const res = await changeOwn(asSession(cookie), {
      currentPassword: 'not-the-password',
      newPassword: NEW_PASSWORD,
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.json().errors).toEqual([
      { path: 'currentPassword', message: 'This is not your current password.' },
    ]);
    expect(await meStatus(asSession(cookie))).toBe(200);
    expect(await signInStatus(u.email, PASSWORD)).toBe(200);
    expect(await signInStatus(u.email, NEW_PASSWORD)).toBe(401);
    const failures = (await auditRows(u.id)).filter((r) => r.action === 'user.password_change_failed');
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ actorId: u.id, actorType: 'user', changes: {} });
  });

  it('refuses a new password that is too short, too long, or the current one, naming newPassword', async () => {
    const u = await makeUser(t.db);
    for (const newPassword of ['short-pw', 'x'.repeat(129), PASSWORD]) {
      const res = await changeOwn(u.auth, { currentPassword: PASSWORD, newPassword });
      expect(res.statusCode, newPassword).toBe(400);
      expect(
        res.json().errors.map((e: { path: string }) => e.path),
        newPassword,
      ).toEqual(['newPassword']);
    }
    const missing = await changeOwn(u.auth, { newPassword: NEW_PASSWORD });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors[0].path).toBe('currentPassword');
    const extra = await changeOwn(u.auth, { currentPassword: PASSWORD, newPassword: NEW_PASSWORD, x: 1 });
    expect(extra.statusCode).toBe(400);
    expect(await signInStatus(u.email, PASSWORD)).toBe(200);
  });

  it('answers 401 without credentials', async () => {
    const res = await changeOwn({}, { currentPassword: PASSWORD, newPassword: NEW_PASSWORD });
    expect(res.statusCode).toBe(401);
  });

  it('answers 429 with Retry-After after ten wrong passwords in a minute, even with the right one', async () => {
    const u = await makeUser(t.db);
    for (let i = 0; i < 10; i++) {
      const res = await changeOwn(u.auth, {
        currentPassword: `wrong-password-${i}`,
        newPassword: NEW_PASSWORD,
      });
      expect(res.statusCode).toBe(400);
    }
    const blocked = await changeOwn(u.auth, { currentPassword: PASSWORD, newPassword: NEW_PASSWORD });
    expect(blocked.statusCode).toBe(429);
    const retryAfter = Number(blocked.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(blocked.json().detail).toMatch(/Too many wrong passwords/);
    expect(await meStatus(u.auth)).toBe(200);
  });

  it('counts failed sign-ins with the user’s e-mail towards the same limit', async () => {
    const u = await makeUser(t.db);
    for (let i = 0; i < 10; i++) expect(await signInStatus(u.email, `wrong-password-${i}`)).toBe(401);
    const blocked = await changeOwn(u.auth, { currentPassword: PASSWORD, newPassword: NEW_PASSWORD });
    expect(blocked.statusCode).toBe(429);
  });

  it('lets no more than ten parallel wrong guesses through before the limit', async () => {
    const u = await makeUser(t.db);
    const answers = await Promise.all(
      Array.from({ length: 14 }, (_, i) =>
        changeOwn(u.auth, { currentPassword: `wrong-password-${i}`, newPassword: NEW_PASSWORD }),
      ),
    );
    const codes = answers.map((a) => a.statusCode).sort();
    expect(codes.filter((c) => c === 400)).toHaveLength(10);
    expect(codes.filter((c) => c === 429)).toHaveLength(4);
  });
});

describe('an admin setting a user’s password', () => {
  it('sets it and ends every session of the user, while their API keys keep working', async () => {
    const u = await makeUser(t.db);
    const cookies = [await signIn(t.app, u.email, PASSWORD), await signIn(t.app, u.email, PASSWORD)];
    const res = await reset(admin, u.id, { newPassword: NEW_PASSWORD });
    expect(res.statusCode).toBe(204);
    for (const cookie of cookies) expect(await meStatus(asSession(cookie))).toBe(401);
    expect(await meStatus(u.auth)).toBe(200);
    expect(await signInStatus(u.email, PASSWORD)).toBe(401);
    expect(await signInStatus(u.email, NEW_PASSWORD)).toBe(200);
  });

  it('gives a password to a user created without one', async () => {
    const email = `${unique('nopw')}@example.test`;
    const created = await post('/api/v1/users', admin.auth, { email, name: 'No Password', role: 'viewer' });
    expect(created.statusCode).toBe(201);
    expect(await signInStatus(email, NEW_PASSWORD)).toBe(401);
    expect((await reset(admin, created.json().id, { newPassword: NEW_PASSWORD })).statusCode).toBe(204);
    expect(await signInStatus(email, NEW_PASSWORD)).toBe(200);
  });

  it('is for admins only (403), answers 404 for an unknown user and 400 for a short password', async () => {
    const target = await makeUser(t.db);
    for (const role of ['manager', 'account_manager', 'member', 'viewer'] as const) {
      const u = await makeUser(t.db, { role });
      const res = await reset(u, target.id, { newPassword: NEW_PASSWORD });
      expect(res.statusCode, role).toBe(403);
      expect((await reset(u, u.id, { newPassword: NEW_PASSWORD })).statusCode, role).toBe(403);
    }
    expect(await signInStatus(target.email, PASSWORD)).toBe(200);

    const unknown = await reset(admin, '01900000-0000-7000-8000-000000000000', { newPassword: NEW_PASSWORD });
    expect(unknown.statusCode).toBe(404);
    const short = await reset(admin, target.id, { newPassword: 'short' });
    expect(short.statusCode).toBe(400);
    expect(short.json().errors[0].path).toBe('newPassword');
    const extra = await reset(admin, target.id, { newPassword: NEW_PASSWORD, currentPassword: PASSWORD });
    expect(extra.statusCode).toBe(400);
  });
});

describe('the trail of password changes', () => {
  it('records changes and resets without the passwords in any form', async () => {
    const u = await makeUser(t.db);
    const secrets = [PASSWORD, NEW_PASSWORD, 'second-new-password', 'wrong-current-pw'];
    expect(
      (await changeOwn(u.auth, { currentPassword: 'wrong-current-pw', newPassword: NEW_PASSWORD }))
        .statusCode,
    ).toBe(400);
    expect(
      (await changeOwn(u.auth, { currentPassword: PASSWORD, newPassword: NEW_PASSWORD })).statusCode,
    ).toBe(204);
    expect((await reset(admin, u.id, { newPassword: 'second-new-password' })).statusCode).toBe(204);

    const listed = await t.app.inject({
      method: 'GET',
      url: `/api/v1/audit?entityType=user&entityId=${u.id}`,
      headers: admin.auth,
    });
    expect(listed.statusCode).toBe(200);
    const entries = listed.json().data as { action: string; actorId: string; changes: object }[];
    const byAction = Object.fromEntries(entries.map((e) => [e.action, e]));
    expect(byAction['user.password_change_failed']).toMatchObject({ actorId: u.id, changes: {} });
    expect(byAction['user.password_changed']).toMatchObject({
      actorId: u.id,
      changes: { password: ['(secret)', '(changed)'] },
    });
    expect(byAction['user.password_reset']).toMatchObject({
      actorId: admin.id,
      changes: { password: ['(secret)', '(changed)'] },
    });

    const stored = JSON.stringify(await auditRows(u.id));
    for (const secret of secrets) expect(stored).not.toContain(secret);
    // Nor the stored hash (better-auth's scrypt format is "salt:key").
    expect(stored).not.toMatch(/[0-9a-f]{32}:[0-9a-f]{64}/);
  });

  it('keeps no Idempotency-Key record of a password request', async () => {
    const u = await makeUser(t.db);
    const key = unique('idem');
    const res = await post(
      '/api/v1/me/password',
      { ...u.auth, 'idempotency-key': key },
      {
        currentPassword: PASSWORD,
        newPassword: NEW_PASSWORD,
      },
    );
    expect(res.statusCode).toBe(204);
    const kept = await t.db.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, key));
    expect(kept).toEqual([]);
  });
});
