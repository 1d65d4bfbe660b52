import {
  createHeaders,
  idParams,
  listQuery,
  page,
  problemSchema,
  versionedWriteHeaders,
  writeErrors,
} from '../../../core/schemas/common.ts';
import { team, teamCreate, teamPatch } from '../../../core/schemas/people.ts';
import { actorOf, writeContext } from '../../auth/context.ts';
import type { App, Deps } from '../../deps.ts';
import { expectedVersion, sendVersioned } from '../../http/versioning.ts';
import { createTeam, getTeam, listTeams, updateTeam } from './teams.service.ts';

const tags = ['people'];

export function teamsRoutes(app: App, deps: Deps): void {
  const { db } = deps.database;
  app.get(
    '/api/v1/teams',
    { schema: { tags, summary: 'List teams', querystring: listQuery, response: { 200: page(team) } } },
    async (req) => {
      actorOf(req);
      return listTeams(db, req.query);
    },
  );

  app.get(
    '/api/v1/teams/:id',
    {
      schema: { tags, summary: 'Get a team', params: idParams, response: { 200: team, 404: problemSchema } },
    },
    async (req, reply) => {
      actorOf(req);
      return sendVersioned(reply, await getTeam(db, req.params.id));
    },
  );

  app.post(
    '/api/v1/teams',
    {
      schema: {
        tags,
        summary: 'Create a team (admin)',
        body: teamCreate,
        headers: createHeaders,
        response: { 201: team, ...writeErrors },
      },
    },
    async (req, reply) => {
      const created = await createTeam(db, writeContext(req, deps), req.body);
      reply.code(201).header('location', `/api/v1/teams/${created.id}`);
      return sendVersioned(reply, created);
    },
  );

  app.patch(
    '/api/v1/teams/:id',
    {
      schema: {
        tags,
        summary: 'Update a team (admin)',
        description: 'managerIds and memberIds, when sent, replace the whole list.',
        params: idParams,
        headers: versionedWriteHeaders,
        body: teamPatch,
        response: { 200: team, ...writeErrors },
      },
    },
    async (req, reply) => {
      const updated = await updateTeam(
        db,
        writeContext(req, deps),
        req.params.id,
        req.body,
        expectedVersion(req),
      );
      return sendVersioned(reply, updated);
    },
  );
}
