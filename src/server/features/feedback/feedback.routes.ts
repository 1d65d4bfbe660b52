import { z } from 'zod';
import { problemSchema } from '../../../core/schemas/common.ts';
import {
  feedbackItem,
  feedbackPatch,
  feedbackQuery,
  feedbackTheme,
  feedbackWrite,
  themesQuery,
} from '../../../core/schemas/health.ts';
import { actorOf } from '../../auth/context.ts';
import type { App, Deps } from '../../deps.ts';
import { resourceRoutes } from '../../http/resource.ts';
import {
  createFeedback,
  deleteFeedback,
  feedbackThemes,
  getFeedback,
  listFeedback,
  updateFeedback,
} from './feedback.service.ts';

export function feedbackRoutes(app: App, deps: Deps): void {
  const { db } = deps.database;
  resourceRoutes(app, deps, {
    path: '/api/v1/feedback',
    noun: 'feedback item',
    tag: 'advocacy',
    item: feedbackItem,
    write: feedbackWrite,
    patch: feedbackPatch,
    query: feedbackQuery,
    describe: {
      list: 'Newest first. productArea and title match exactly, as the feedback-themes report groups them (so a theme of groupBy=title is title=<its key>); hasProductArea=false keeps the feedback without a product area (the theme whose key is null).',
      create: 'status defaults to new; contactId must be a contact of the account.',
    },
    list: (actor, q) => listFeedback(db, actor, q),
    get: (actor, id) => getFeedback(db, actor, id),
    create: (ctx, input) => createFeedback(db, ctx, input),
    update: (ctx, id, patch, expected) => updateFeedback(db, ctx, id, patch, expected),
    remove: (ctx, id, expected) => deleteFeedback(db, ctx, id, expected),
  });

  app.get(
    '/api/v1/reports/feedback-themes',
    {
      schema: {
        tags: ['reports'],
        summary: 'Feedback themes by product area or title, weighted by revenue',
        description:
          'Over feedback in your scope, grouped by productArea (default) or exact title: count = items, accounts = distinct accounts, arr = Σ the current ARR of those accounts (each once). Sorted by arr descending, then count. key is null for feedback without a product area.',
        querystring: themesQuery,
        response: { 200: z.array(feedbackTheme), 400: problemSchema },
      },
    },
    async (req) => feedbackThemes(db, actorOf(req), req.query),
  );
}
