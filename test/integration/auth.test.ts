import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKeys } from '../../src/server/features/api-keys/index.ts';
import { ORIGIN, type TestApp, testApp } from '../support/app.ts';
import { testClock } from '../support/clock.ts';
import { makeUser, PASSWORD, type TestUser, unique } from '../support/factories.ts';
import { cookieHeader, signIn } from '../support/session.ts';

let t: TestApp;
let admin: TestUser;

beforeAll(async () => {
  t = await testApp();
  admin = await makeUser(t.db, { role: 'admin' });
});
afterAll(() => t.close());

const me = (headers: Record<string, string>) => t.app.inject({ method: 'GET', url: '/api/v1/me', headers });

describe('sessions', () => {
  it('signs in with e-mail and password into an HttpOnly SameSite cookie, and signs out', async () => {
    const u = await makeUser(t.db, { role: 'viewer' });
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in/email',
      headers: { origin: ORIGIN, 'content-type': 'application/json' },
      payload: { email: u.email.toUpperCase(), password: PASSWORD },
    });
    expect(res.statusCode).toBe(200);
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/steward\.session_token=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const cookie = cookieHeader(res.headers['set-cookie']);
    const who = await me({ cookie });
    expect(who.statusCode).toBe(200);
    expect(who.json()).toEqual({
      id: u.id,
      email: u.email,
      name: u.name,
      role: 'viewer',
      teamIds: [],
      currency: 'USD',
    });

    const out = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-out',
      headers: { cookie, origin: ORIGIN },
    });
    expect(out.statusCode).toBe(200);
    expect((await me({ cookie })).statusCode).toBe(401);
  });

  it('refuses a wrong password with 401 problem+json', async () => {
    const u = await makeUser(t.db);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in/email',
      headers: { origin: ORIGIN, 'content-type': 'application/json' },
      payload: { email: u.email, password: 'wrong-password-123' },
    });
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('refuses a cookie-authenticated write from another site (CSRF) but allows it from Steward', async () => {
    const u = await makeUser(t.db);
    const cookie = await signIn(t.app, u.email, PASSWORD);
    const post = (origin?: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/api-keys',
        headers: { cookie, 'content-type': 'application/json', ...(origin ? { origin } : {}) },
        payload: { name: 'k' },
      });
    const evil = await post('https://evil.example');
    expect(evil.statusCode).toBe(403);
    expect(evil.json().detail).toMatch(/Cross-site/);
    expect((await post()).statusCode).toBe(403);
    expect((await post(ORIGIN)).statusCode).toBe(201);
  });
});

describe('sign-in rate limit', () => {
  it('answers 429 with Retry-After after ten failures a minute for one e-mail, even with the right password', async () => {
    const u = await makeUser(t.db);
    const attempt = (password: string, ip = '10.9.8.7') =>
      t.app.inject({
        method: 'POST',
        url: '/api/auth/sign-in/email',
        remoteAddress: ip,
        headers: { origin: ORIGIN, 'content-type': 'application/json' },
        payload: { email: u.email, password },
      });
    for (let i = 0; i < 10; i++) {
      // Spread over addresses so only the per-e-mail count can trip.
      expect((await attempt('wrong-password-123', `10.1.0.${i}`)).statusCode).toBe(401);
    }
    const blocked = await attempt(PASSWORD, '10.1.1.1');
    expect(blocked.statusCode).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(blocked.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(blocked.json().detail).toMatch(/Too many failed sign-ins/);
  });

  it('limits one IP address trying many e-mails', async () => {
    const ip = '10.77.0.1';
    for (let i = 0; i < 10; i++) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/auth/sign-in/email',
        remoteAddress: ip,
        headers: { origin: ORIGIN, 'content-type': 'application/json' },
        payload: { email: `${unique('nobody')}@example.test`, password: 'whatever-123' },
      });
      expect(res.statusCode).toBe(401);
    }
    const u = await makeUser(t.db);
    const blocked = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in/email',
      remoteAddress: ip,
      headers: { origin: ORIGIN, 'content-type': 'application/json' },
      payload: { email: u.email, password: PASSWORD },
    });
    expect(blocked.statusCode).toBe(429);
  });
});

describe('API keys', () => {
  it('creates a key shown once, lists it without the key, and revokes it at once', async () => {
    const u = await makeUser(t.db);
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      headers: { ...u.auth, 'content-type': 'application/json' },
      payload: { name: 'CRM sync' },
    });
    expect(created.statusCode).toBe(201);
    const key = created.json();
    expect(key.key).toMatch(/^stw_/);
    expect(key.prefix).toBe(key.key.slice(0, 12));
    expect((await me({ authorization: `Bearer ${key.key}` })).json().id).toBe(u.id);

    const list = await t.app.inject({ method: 'GET', url: '/api/v1/api-keys', headers: u.auth });
    const listed = list.json().data.find((k: { id: string }) => k.id === key.id);
    expect(listed).toMatchObject({ name: 'CRM sync', prefix: key.prefix });
    expect(listed.key).toBeUndefined();
    expect(JSON.stringify(list.json())).not.toContain(key.key);

    const other = await makeUser(t.db);
    const foreign = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/api-keys/${key.id}`,
      headers: other.auth,
    });
    expect(foreign.statusCode).toBe(404);

    const revoke = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/api-keys/${key.id}`,
      headers: u.auth,
    });
    expect(revoke.statusCode).toBe(204);
    const after = await me({ authorization: `Bearer ${key.key}` });
    expect(after.statusCode).toBe(401);
    expect(after.headers['content-type']).toMatch(/problem\+json/);
  });

  it('answers to a key until the moment it expires', async () => {
    const u = await makeUser(t.db);
    const expiresAt = new Date(testClock.now().getTime() + 60_000).toISOString();
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      headers: { ...u.auth, 'content-type': 'application/json' },
      payload: { name: 'Expiring', expiresAt },
    });
    expect(created.statusCode).toBe(201);
    const { key, id } = created.json();
    expect((await me({ authorization: `Bearer ${key}` })).statusCode).toBe(200);
    // Expired one millisecond before now: refused.
    await t.db
      .update(apiKeys)
      .set({ expiresAt: new Date(testClock.now().getTime() - 1) })
      .where(eq(apiKeys.id, id));
    expect((await me({ authorization: `Bearer ${key}` })).statusCode).toBe(401);
  });

  it('refuses a wrong key with 401', async () => {
    const res = await me({ authorization: 'Bearer stw_not-a-real-key' });
    expect(res.statusCode).toBe(401);
    expect(res.json().detail).toMatch(/API key is not valid/);
  });
});

describe('deactivation', () => {
  it('stops the user’s sessions and keys at once, and their sign-in', async () => {
    const u = await makeUser(t.db);
    const cookie = await signIn(t.app, u.email, PASSWORD);
    expect((await me({ cookie })).statusCode).toBe(200);
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${u.id}`,
      headers: { ...admin.auth, 'content-type': 'application/json' },
      payload: { active: false },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().active).toBe(false);
    expect((await me({ cookie })).statusCode).toBe(401);
    expect((await me(u.auth)).statusCode).toBe(401);
    await expect(signIn(t.app, u.email, PASSWORD)).rejects.toThrow(/401/);

    // Reactivated, they can sign in again; the old key stays revoked.
    await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${u.id}`,
      headers: { ...admin.auth, 'content-type': 'application/json' },
      payload: { active: true },
    });
    const again = await signIn(t.app, u.email, PASSWORD);
    expect((await me({ cookie: again })).statusCode).toBe(200);
    expect((await me(u.auth)).statusCode).toBe(401);
  });
});

describe('audit log', () => {
  it('records creation, role change and sign-ins, without passwords or keys', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { ...admin.auth, 'content-type': 'application/json' },
      payload: {
        email: `${unique('new')}@example.test`,
        name: 'Nora New',
        role: 'member',
        password: 'a-secret-password',
      },
    });
    expect(created.statusCode).toBe(201);
    const { id, email } = created.json();
    await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${id}`,
      headers: { ...admin.auth, 'content-type': 'application/json' },
      payload: { role: 'account_manager' },
    });
    await expect(signIn(t.app, email, 'not-the-password')).rejects.toThrow();
    await signIn(t.app, email, 'a-secret-password');

    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/audit?entityId=${id}`,
      headers: admin.auth,
    });
    expect(res.statusCode).toBe(200);
    const entries = res.json().data as {
      action: string;
      actorId: string;
      changes: Record<string, unknown>;
    }[];
    expect(entries.map((e) => e.action)).toEqual(['auth.sign_in', 'user.role_changed', 'user.created']);
    expect(entries[1]).toMatchObject({ actorId: admin.id, changes: { role: ['member', 'account_manager'] } });
    expect(entries[2]?.changes).toMatchObject({
      email: [null, email],
      role: [null, 'member'],
      password: ['(secret)', '(changed)'],
    });

    const failed = await t.app.inject({
      method: 'GET',
      url: '/api/v1/audit?action=auth.sign_in_failed',
      headers: admin.auth,
    });
    expect(
      failed.json().data.some((e: { changes: { email?: unknown[] } }) => e.changes.email?.[1] === email),
    ).toBe(true);

    const everything = await t.app.inject({
      method: 'GET',
      url: '/api/v1/audit?limit=200',
      headers: admin.auth,
    });
    expect(everything.body).not.toContain('a-secret-password');
    expect(everything.body).not.toContain(admin.key);
  });

  it('is closed to account managers', async () => {
    const am = await makeUser(t.db);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/audit', headers: am.auth })).statusCode).toBe(
      403,
    );
  });
});
