import {
  clientRequest,
  clientRequestPatch,
  clientRequestsQuery,
  clientRequestWrite,
} from '../../../core/schemas/delivery.ts';
import type { App, Deps } from '../../deps.ts';
import { resourceRoutes } from '../../http/resource.ts';
import {
  createClientRequest,
  deleteClientRequest,
  getClientRequest,
  listClientRequests,
  updateClientRequest,
} from './client-requests.service.ts';

export function clientRequestsRoutes(app: App, deps: Deps): void {
  const { db } = deps.database;
  resourceRoutes(app, deps, {
    path: '/api/v1/client-requests',
    noun: 'client request',
    tag: 'delivery',
    item: clientRequest,
    write: clientRequestWrite,
    patch: clientRequestPatch,
    query: clientRequestsQuery,
    describe: {
      list: 'What the account manager needs from the client (assets, access, approvals, information), soonest due first; visible with their account. overdue=true: still requested after the due date, as of today; daysOverdue = today − dueDate.',
      create:
        'Admins, managers and account managers. projectId must be a project of the account, deliverableId a deliverable of that project (the request blocks it), requestedFromContactId a contact of the account; each refusal is 400 naming its field. receivedAt is set when the status becomes received.',
      patch:
        'receivedAt is set when the status becomes received and cleared if it goes back to requested or cancelled.',
    },
    list: (actor, q) => listClientRequests(db, actor, q, deps.clock.today()),
    get: (actor, id) => getClientRequest(db, actor, id, deps.clock.today()),
    create: (ctx, input) => createClientRequest(db, ctx, input),
    update: (ctx, id, patch, expected) => updateClientRequest(db, ctx, id, patch, expected),
    remove: (ctx, id, expected) => deleteClientRequest(db, ctx, id, expected),
  });
}
