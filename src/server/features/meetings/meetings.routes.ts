import { idParams, problemSchema, versionedWriteHeaders } from '../../../core/schemas/common.ts';
import {
  meeting,
  meetingComplete,
  meetingPatch,
  meetingsQuery,
  meetingWrite,
} from '../../../core/schemas/relationship.ts';
import { writeContext } from '../../auth/context.ts';
import type { App, Deps } from '../../deps.ts';
import { resourceRoutes } from '../../http/resource.ts';
import { expectedVersion, sendVersioned } from '../../http/versioning.ts';
import {
  completeMeeting,
  createMeeting,
  deleteMeeting,
  getMeeting,
  listMeetings,
  updateMeeting,
} from './meetings.service.ts';

export function meetingsRoutes(app: App, deps: Deps): void {
  const { db } = deps.database;
  resourceRoutes(app, deps, {
    path: '/api/v1/meetings',
    noun: 'meeting',
    tag: 'relationship',
    item: meeting,
    write: meetingWrite,
    patch: meetingPatch,
    query: meetingsQuery,
    describe: {
      list: 'Soonest first by scheduledAt.',
      create: 'durationMinutes defaults to 30; userIds (the people of ours attending) default to the caller.',
    },
    list: (actor, q) => listMeetings(db, actor, q),
    get: (actor, id) => getMeeting(db, actor, id),
    create: (ctx, input) => createMeeting(db, ctx, input),
    update: (ctx, id, patch, expected) => updateMeeting(db, ctx, id, patch, expected),
    remove: (ctx, id, expected) => deleteMeeting(db, ctx, id, expected),
  });

  app.post(
    '/api/v1/meetings/:id/complete',
    {
      schema: {
        tags: ['relationship'],
        summary: 'Complete a meeting and log its activity',
        description:
          'Logs a check_in, business_review or meeting activity at scheduledAt with the notes, in the same transaction. Only a scheduled meeting can be completed (409 otherwise).',
        params: idParams,
        headers: versionedWriteHeaders,
        body: meetingComplete,
        response: {
          200: meeting,
          400: problemSchema,
          403: problemSchema,
          404: problemSchema,
          409: problemSchema,
        },
      },
    },
    async (req, reply) => {
      const ctx = writeContext(req, deps);
      return sendVersioned(
        reply,
        await completeMeeting(db, ctx, req.params.id, req.body, expectedVersion(req)),
      );
    },
  );
}
