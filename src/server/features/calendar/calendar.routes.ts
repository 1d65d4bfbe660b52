import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../../core/errors.ts';
import { calendarFeed, calendarFeedParams } from '../../../core/schemas/calendar.ts';
import { problemSchema } from '../../../core/schemas/common.ts';
import { actorOf, writeContext } from '../../auth/context.ts';
import type { App, Deps } from '../../deps.ts';
import { feedCalendar, readFeed, rotateFeed } from './calendar.service.ts';

const tags = ['calendar'];

export function calendarRoutes(app: App, deps: Deps): void {
  const { db } = deps.database;
  const { publicUrl } = deps.config;

  app.get(
    '/api/v1/me/calendar-feed',
    {
      schema: {
        tags,
        summary: 'Your calendar feed’s URL, if you made one',
        response: { 200: calendarFeed, 401: problemSchema },
      },
    },
    async (req) => readFeed(db, actorOf(req).userId, publicUrl),
  );

  app.post(
    '/api/v1/me/calendar-feed',
    {
      // A replay would hand out a URL that no longer works.
      config: { idempotency: false },
      schema: {
        tags,
        summary: 'Create your calendar feed, or replace its URL',
        description:
          'A new secret URL for an iCalendar feed of your meetings, renewal dates and task due dates, to subscribe to from Google Calendar, Outlook or Apple Calendar. The previous URL stops working at once (404). Anyone with the URL can read the feed: treat it like a password.',
        response: { 201: calendarFeed, 401: problemSchema },
      },
    },
    async (req, reply) => {
      const feed = await rotateFeed(db, writeContext(req, deps), publicUrl);
      return reply.code(201).send(feed);
    },
  );

  // The body is iCalendar text, which the zod type provider's reply type does not describe.
  const api = app as unknown as FastifyInstance;
  api.get(
    '/api/v1/calendar/:token.ics',
    {
      config: { public: true },
      schema: {
        tags,
        operationId: 'getCalendarByTokenIcs',
        summary: 'A calendar feed (iCalendar, no other credentials)',
        description:
          'RFC 5545: the user’s meetings (cancelled ones as STATUS:CANCELLED), the renewal dates of active contracts on accounts they own and the due dates of their open tasks (all-day), from 90 days back to 365 days ahead. UIDs are stable (`<kind>-<id>@<host>`); SEQUENCE increases when the record changes. A token that is wrong or was replaced answers 404.',
        params: calendarFeedParams,
        response: {
          200: { description: 'The calendar', content: { 'text/calendar': { schema: z.string() } } },
          404: problemSchema,
        },
      },
    },
    async (req, reply) => {
      const { token } = req.params as z.infer<typeof calendarFeedParams>;
      const body = await feedCalendar(db, token, deps.clock.now(), publicUrl);
      if (body === null)
        throw new AppError('not_found', 'There is no calendar feed at this URL (it may have been replaced).');
      return reply
        .header('content-type', 'text/calendar; charset=utf-8')
        .header('cache-control', 'private, max-age=300')
        .send(body);
    },
  );
}
