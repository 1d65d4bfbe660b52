import { quota, quotaPatch, quotasQuery, quotaWrite } from '../../../core/schemas/revenue.ts';
import type { App, Deps } from '../../deps.ts';
import { resourceRoutes } from '../../http/resource.ts';
import { createQuota, deleteQuota, getQuota, listQuotas, updateQuota } from './quotas.service.ts';

export function quotasRoutes(app: App, deps: Deps): void {
  const { db } = deps.database;
  resourceRoutes(app, deps, {
    path: '/api/v1/quotas',
    noun: 'quota',
    tag: 'revenue',
    item: quota,
    write: quotaWrite,
    patch: quotaPatch,
    query: quotasQuery,
    describe: {
      list: "Quotas you may see: admins and viewers all, a manager their own and those of their teams' members, anyone else their own. Earliest period first. from and to keep quotas whose period overlaps [from, to]; teamId those of the team's members.",
      create:
        "Admins set anyone's quota, managers those of members of the teams they manage (403 otherwise). periodEnd must be on or after periodStart. A person has one quota of a kind for any day: an overlapping period answers 409 naming periodStart.",
    },
    list: (actor, q) => listQuotas(db, actor, q),
    get: (actor, id) => getQuota(db, actor, id),
    create: (ctx, input) => createQuota(db, ctx, input),
    update: (ctx, id, patch, expected) => updateQuota(db, ctx, id, patch, expected),
    remove: (ctx, id, expected) => deleteQuota(db, ctx, id, expected),
  });
}
