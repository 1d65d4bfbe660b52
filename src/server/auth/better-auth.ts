import { APIError, betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { eq } from 'drizzle-orm';
import type { Config } from '../config.ts';
import { newId } from '../db/columns.ts';
import type { Db } from '../db/index.ts';
import { authAccounts, sessions, users, verifications } from './auth.table.ts';

export function createAuth(db: Db, config: Config, secret: string) {
  return betterAuth({
    appName: 'Steward',
    baseURL: config.publicUrl,
    basePath: '/api/auth',
    secret,
    trustedOrigins: [config.publicUrl, ...config.trustedOrigins],
    database: drizzleAdapter(db, {
      provider: 'pg',
      schema: { user: users, session: sessions, account: authAccounts, verification: verifications },
    }),
    // Users are created by an admin (API, web or CLI), never by self-service sign-up.
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 10, maxPasswordLength: 128 },
    user: {
      additionalFields: {
        role: { type: 'string', input: false, required: false },
        active: { type: 'boolean', input: false, required: false },
      },
    },
    session: { expiresIn: 60 * 60 * 24 * 7, updateAge: 60 * 60 * 24 },
    // Sign-in attempts are limited by our own, database-backed limiter (see auth.routes.ts),
    // so that every server process shares the same counts.
    rateLimit: { enabled: false },
    advanced: {
      database: { generateId: newId },
      cookiePrefix: 'steward',
      defaultCookieAttributes: { sameSite: 'lax', httpOnly: true },
    },
    databaseHooks: {
      session: {
        create: {
          before: async (session) => {
            const [u] = await db
              .select({ active: users.active })
              .from(users)
              .where(eq(users.id, session.userId));
            if (!u?.active) throw new APIError('UNAUTHORIZED', { message: 'Invalid email or password' });
          },
        },
      },
    },
  });
}

export type Auth = ReturnType<typeof createAuth>;
