import { fromNodeHeaders } from 'better-auth/node';
import { eq } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { type ErrorCode, problem } from '../../core/errors.ts';
import { record } from '../audit/record.ts';
import type { App, Deps } from '../deps.ts';
import { users } from './auth.table.ts';
import { attemptKey, giveBackAttempts, takeAttempts } from './sign-in-limit.ts';

/** better-auth's own routes under /api/auth/*, with sign-in limited and audited. */
export function authRoutes(app: App, deps: Deps): void {
  app.route({
    method: ['GET', 'POST'],
    url: '/api/auth/*',
    config: { public: true },
    schema: { hide: true },
    handler: async (req, reply) => {
      const path = req.url.split('?')[0];
      if (req.method === 'POST' && path === '/api/auth/sign-in/email') return signIn(req, reply, deps);
      if (req.method === 'POST' && path === '/api/auth/sign-out') return signOut(req, reply, deps);
      return relay(reply, await deps.auth.handler(toRequest(deps, req)));
    },
  });
}

async function signIn(req: FastifyRequest, reply: FastifyReply, deps: Deps) {
  const db = deps.database.db;
  const body = (req.body ?? {}) as { email?: unknown };
  const typed = typeof body.email === 'string' ? body.email.trim().toLowerCase().slice(0, 254) : '';
  // Only an e-mail address is kept in the audit log: people type passwords into the wrong field.
  const email = z.email().safeParse(typed).success ? typed : null;
  const slots = await takeAttempts(db, [
    attemptKey(deps.secret, 'email', typed),
    attemptKey(deps.secret, 'ip', req.ip),
  ]);
  const res = await deps.auth.handler(toRequest(deps, req));
  if (res.ok) {
    await giveBackAttempts(db, slots);
    const [u] = email ? await db.select({ id: users.id }).from(users).where(eq(users.email, email)) : [];
    await record(db, u ? { userId: u.id, via: 'session' } : null, {
      action: 'auth.sign_in',
      entityType: 'user',
      entityId: u?.id ?? null,
      ip: req.ip,
      subject: email,
    });
  } else {
    await record(db, null, {
      action: 'auth.sign_in_failed',
      entityType: 'user',
      ip: req.ip,
      subject: email,
      changes: { email: [null, email ?? '(not an e-mail address)'] },
    });
  }
  return relay(reply, res);
}

async function signOut(req: FastifyRequest, reply: FastifyReply, deps: Deps) {
  const session = await deps.auth.api.getSession({ headers: fromNodeHeaders(req.headers) });
  const res = await deps.auth.handler(toRequest(deps, req));
  if (res.ok && session) {
    await record(
      deps.database.db,
      { userId: session.user.id, via: 'session' },
      {
        action: 'auth.sign_out',
        entityType: 'user',
        entityId: session.user.id,
        ip: req.ip,
      },
    );
  }
  return relay(reply, res);
}

/** A Web Request for better-auth, built from the Fastify request. */
export function toRequest(
  deps: Deps,
  req: Pick<FastifyRequest, 'url' | 'method' | 'headers'> & { body?: unknown },
): Request {
  const url = new URL(req.url, deps.config.publicUrl);
  const headers = fromNodeHeaders(req.headers);
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD' && req.body !== undefined;
  if (hasBody) headers.set('content-type', 'application/json');
  headers.delete('content-length');
  return new Request(url, {
    method: req.method,
    headers,
    body: hasBody ? JSON.stringify(req.body) : undefined,
  });
}

const statusCodes: Record<number, ErrorCode> = {
  400: 'validation',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  422: 'validation',
  429: 'rate_limited',
};

/** Copies better-auth's answer back, every Set-Cookie included; its errors become problem+json. */
export async function relay(reply: FastifyReply, res: Response) {
  for (const cookie of res.headers.getSetCookie()) reply.header('set-cookie', cookie);
  const text = await res.text();
  reply.code(res.status);
  if (res.ok || res.status < 400) {
    const type = res.headers.get('content-type');
    if (type) reply.type(type);
    return reply.send(text);
  }
  let detail = res.statusText || 'The request failed.';
  try {
    const parsed = JSON.parse(text) as { message?: unknown };
    if (typeof parsed.message === 'string') detail = parsed.message;
  } catch {
    // not JSON: keep the status text
  }
  const code = statusCodes[res.status] ?? 'internal';
  const body = { ...problem(code, detail), status: res.status };
  return reply.type('application/problem+json').send(body);
}
