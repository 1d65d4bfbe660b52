import {
  createHeaders,
  idParams,
  page,
  problemSchema,
  versionedWriteHeaders,
  writeErrors,
} from '../../../core/schemas/common.ts';
import { me, user, userCreate, userPatch, usersQuery } from '../../../core/schemas/people.ts';
import { actorOf } from '../../auth/plugin.ts';
import type { App, Deps } from '../../deps.ts';
import { expectedVersion, sendVersioned } from '../../http/versioning.ts';
import { createUser, getUser, listUsers, updateUser } from './users.service.ts';

const tags = ['people'];

export function usersRoutes(app: App, { database: { db } }: Deps): void {
  app.get(
    '/api/v1/me',
    { schema: { tags, summary: 'The signed-in user', response: { 200: me } } },
    async (req) => {
      const u = await getUser(db, actorOf(req).userId);
      return { id: u.id, email: u.email, name: u.name, role: u.role, teamIds: u.teamIds };
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
    { schema: { tags, summary: 'One user', params: idParams, response: { 200: user, 404: problemSchema } } },
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
      const created = await createUser(db, { actor: actorOf(req), ip: req.ip }, req.body);
      reply.code(201).header('location', `/api/v1/users/${created.id}`);
      return sendVersioned(reply, created);
    },
  );

  app.patch(
    '/api/v1/users/:id',
    {
      schema: {
        tags,
        summary: 'Change a user (admin): role, teams, password, deactivate',
        description:
          'Deactivating a user ends their sessions and revokes their API keys at once. A new password ends their sessions. Send If-Match with the ETag to refuse a stale write (412).',
        params: idParams,
        headers: versionedWriteHeaders,
        body: userPatch,
        response: { 200: user, ...writeErrors },
      },
    },
    async (req, reply) => {
      const updated = await updateUser(
        db,
        { actor: actorOf(req), ip: req.ip },
        req.params.id,
        req.body,
        expectedVersion(req),
      );
      return sendVersioned(reply, updated);
    },
  );
}
