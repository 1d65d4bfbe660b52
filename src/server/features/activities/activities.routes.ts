import {
  activitiesQuery,
  activity,
  activityPatch,
  activityWrite,
} from '../../../core/schemas/relationship.ts';
import type { App, Deps } from '../../deps.ts';
import { resourceRoutes } from '../../http/resource.ts';
import {
  createActivity,
  deleteActivity,
  getActivity,
  listActivities,
  updateActivity,
} from './activities.service.ts';

export function activitiesRoutes(app: App, deps: Deps): void {
  const { db } = deps.database;
  resourceRoutes(app, deps, {
    path: '/api/v1/activities',
    noun: 'activity',
    tag: 'relationship',
    item: activity,
    write: activityWrite,
    patch: activityPatch,
    query: activitiesQuery,
    describe: {
      list: 'Newest first by occurredAt.',
      create:
        'occurredAt defaults to now and may be in the past; contactIds must be contacts of the account. Calls, e-mails, meetings, check-ins and business reviews move the account’s lastTouchAt and nextCheckInDue.',
    },
    list: (actor, q) => listActivities(db, actor, q),
    get: (actor, id) => getActivity(db, actor, id),
    create: (ctx, input) => createActivity(db, ctx, input),
    update: (ctx, id, patch, expected) => updateActivity(db, ctx, id, patch, expected),
    remove: (ctx, id, expected) => deleteActivity(db, ctx, id, expected),
  });
}
