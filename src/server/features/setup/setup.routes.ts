import { sql } from 'drizzle-orm';
import { AppError } from '../../../core/errors.ts';
import { problemSchema } from '../../../core/schemas/common.ts';
import { me, setupCreate, setupStatus } from '../../../core/schemas/people.ts';
import { toRequest } from '../../auth/auth.routes.ts';
import { systemContext } from '../../auth/context.ts';
import type { App, Deps } from '../../deps.ts';
import { insertUser, userCount } from '../users/index.ts';

export function setupRoutes(app: App, deps: Deps): void {
  const { db } = deps.database;
  const tags = ['system'];

  app.get(
    '/api/v1/setup',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'Whether the first admin is still to be created',
        response: { 200: setupStatus },
      },
    },
    async () => ({ needed: (await userCount(db)) === 0 }),
  );

  app.post(
    '/api/v1/setup',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'Create the first admin and sign them in (only while no user exists)',
        body: setupCreate,
        response: { 201: me, 400: problemSchema, 409: problemSchema },
      },
    },
    async (req, reply) => {
      const admin = await db.transaction(async (tx) => {
        // Two first-run forms submitted at once must not make two admins.
        await tx.execute(sql`select pg_advisory_xact_lock(hashtext('steward.setup'))`);
        if ((await userCount(tx)) > 0)
          throw new AppError('conflict', 'Steward is already set up: sign in instead.');
        return insertUser(tx, systemContext(deps, req.ip), { ...req.body, role: 'admin' });
      });
      const signedIn = await deps.auth.handler(
        toRequest(deps, {
          url: '/api/auth/sign-in/email',
          method: 'POST',
          headers: req.headers,
          body: req.body,
        }),
      );
      for (const cookie of signedIn.headers.getSetCookie()) reply.header('set-cookie', cookie);
      reply.code(201).header('location', '/api/v1/me');
      return {
        id: admin.id,
        email: admin.email,
        name: admin.name,
        role: admin.role,
        teamIds: admin.teamIds,
        currency: deps.config.currency,
      };
    },
  );
}
