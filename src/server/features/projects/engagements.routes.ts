import {
  engagement,
  engagementPatch,
  engagementsQuery,
  engagementWrite,
} from '../../../core/schemas/delivery.ts';
import type { App, Deps } from '../../deps.ts';
import { resourceRoutes } from '../../http/resource.ts';
import {
  createEngagement,
  deleteEngagement,
  getEngagement,
  listEngagements,
  updateEngagement,
} from './engagements.service.ts';

export function engagementsRoutes(app: App, deps: Deps): void {
  const { db } = deps.database;
  resourceRoutes(app, deps, {
    path: '/api/v1/vendor-engagements',
    noun: 'vendor engagement',
    tag: 'delivery',
    item: engagement,
    write: engagementWrite,
    patch: engagementPatch,
    query: engagementsQuery,
    describe: {
      list: "A vendor's work on a project, newest first; visible with the project's account.",
      create:
        'Admins, managers and account managers. projectId must be a project you can see (404 otherwise); vendorId a vendor (400 naming vendorId). deliveredOn defaults to today when the status is delivered; rating (1–5) and deliveredOn only once delivered (400 naming them otherwise).',
      patch:
        'deliveredOn defaults to today when the status becomes delivered; leaving delivered clears deliveredOn and rating.',
    },
    list: (actor, q) => listEngagements(db, actor, q),
    get: (actor, id) => getEngagement(db, actor, id),
    create: (ctx, input) => createEngagement(db, ctx, input),
    update: (ctx, id, patch, expected) => updateEngagement(db, ctx, id, patch, expected),
    remove: (ctx, id, expected) => deleteEngagement(db, ctx, id, expected),
  });
}
