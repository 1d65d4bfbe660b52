import { fromNodeHeaders } from 'better-auth/node';
import { z } from 'zod';
import {
  createHeaders,
  idParams,
  page,
  problemSchema,
  versionedWriteHeaders,
  writeErrors,
} from '../../../core/schemas/common.ts';
import {
  me,
  passwordChange,
  passwordReset,
  user,
  userCreate,
  userPatch,
  usersQuery,
} from '../../../core/schemas/people.ts';
import { actorOf, writeContext } from '../../auth/context.ts';
import type { App, Deps } from '../../deps.ts';
import { expectedVersion, sendVersioned } from '../../http/versioning.ts';
import { changeOwnPassword, resetPassword } from './passwords.service.ts';
import { createUser, getUser, listUsers, updateUser } from './users.service.ts';

const tags = ['people'];

export function usersRoutes(app: App, deps: Deps): void {
  const { db } = deps.database;

  app.get(
    '/api/v1/me',
    {
      schema: {
        tags,
        summary: 'Get the signed-in user',
        description:
          'With `currency`, the ISO 4217 code of every money amount in the API (`STEWARD_CURRENCY`); clients show amounts in it.',
        response: { 200: me },
      },
    },
    async (req) => {
      const u = await getUser(db, actorOf(req).userId);
      return {
        id: u.id,
        email: u.email,
        name: u.name,
        role: u.role,
        teamIds: u.teamIds,
        currency: deps.config.currency,
      };
    },
  );

  app.get(
    '/api/v1/users',
    { schema: { tags, summary: 'List users', querystring: usersQuery, response: { 200: page(user) } } },
    async (req) => {
      actorOf(req);
      return listUsers(db, req.query);
    },
  );

  app.get(
    '/api/v1/users/:id',
    {
      schema: { tags, summary: 'Get a user', params: idParams, response: { 200: user, 404: problemSchema } },
    },
    async (req, reply) => {
      actorOf(req);
      return sendVersioned(reply, await getUser(db, req.params.id));
    },
  );

  app.post(
    '/api/v1/users',
    {
      schema: {
        tags,
        summary: 'Create a user (admin)',
        description: 'Without a password the user cannot sign in until an admin sets one.',
        body: userCreate,
        headers: createHeaders,
        response: { 201: user, ...writeErrors },
      },
    },
    async (req, reply) => {
      const created = await createUser(db, writeContext(req, deps), req.body);
      reply.code(201).header('location', `/api/v1/users/${created.id}`);
      return sendVersioned(reply, created);
    },
  );

  app.patch(
    '/api/v1/users/:id',
    {
      schema: {
        tags,
        summary: 'Update a user (admin): role, teams, password, deactivate',
        description:
          'Deactivating a user ends their sessions and revokes their API keys at once. A new password ends their sessions. A manager may set weeklyCapacityPoints (that field alone) of a member of a team they manage; any other field, or anyone else, is 403. Send If-Match with the ETag to refuse a stale write (412).',
        params: idParams,
        headers: versionedWriteHeaders,
        body: userPatch,
        response: { 200: user, ...writeErrors },
      },
    },
    async (req, reply) => {
      const updated = await updateUser(
        db,
        writeContext(req, deps),
        req.params.id,
        req.body,
        expectedVersion(req),
      );
      return sendVersioned(reply, updated);
    },
  );

  app.post(
    '/api/v1/me/password',
    {
      schema: {
        tags,
        summary: 'Change your own password',
        description:
          'Needs the current password. The new one is 10 to 128 characters and differs from the current one. Your other sessions end at once; the session that sent this request (when signed in with a cookie) stays valid, and API keys keep working. After ten wrong passwords within a minute (wrong current passwords here and failed sign-ins alike) the answer is 429 with Retry-After. Idempotency-Key is ignored here, so that no trace of the passwords is kept.',
        body: passwordChange,
        response: {
          204: z.null(),
          400: problemSchema,
          401: problemSchema,
          403: problemSchema,
          429: problemSchema,
        },
      },
      // No trace of a password is kept, not even a replay of the request.
      config: { idempotency: false },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const session =
        actor.via === 'session'
          ? await deps.auth.api.getSession({
              headers: fromNodeHeaders(req.headers),
              query: { disableRefresh: true },
            })
          : null;
      await changeOwnPassword(
        db,
        { actor, ip: req.ip, keepSessionId: session?.session.id, secret: deps.secret },
        req.body,
      );
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/v1/users/:id/password',
    {
      schema: {
        tags,
        summary: 'Set a user’s password (admin)',
        description:
          'For a user who forgot theirs. The new password is 10 to 128 characters. Every session of the user ends at once (yours too, if you reset your own; change your own with POST /api/v1/me/password instead), while their API keys keep working: deactivate the user or revoke the keys to stop those. Idempotency-Key is ignored here, so that no trace of the password is kept.',
        params: idParams,
        body: passwordReset,
        response: {
          204: z.null(),
          400: problemSchema,
          401: problemSchema,
          403: problemSchema,
          404: problemSchema,
        },
      },
      // No trace of a password is kept, not even a replay of the request.
      config: { idempotency: false },
    },
    async (req, reply) => {
      await resetPassword(db, writeContext(req, deps), req.params.id, req.body);
      return reply.code(204).send(null);
    },
  );
}
