import { page, problemSchema } from '../../../core/schemas/common.ts';
import { auditEntry, auditQuery } from '../../../core/schemas/people.ts';
import { actorOf } from '../../auth/context.ts';
import type { App, Deps } from '../../deps.ts';
import { listAudit } from './audit.service.ts';

export function auditRoutes(app: App, deps: Deps): void {
  const { db } = deps.database;
  app.get(
    '/api/v1/audit',
    {
      schema: {
        tags: ['people'],
        summary: 'List audit entries, newest first (admin; a manager sees entries on their teams’ accounts)',
        querystring: auditQuery,
        response: { 200: page(auditEntry), 403: problemSchema },
      },
    },
    async (req) => listAudit(db, actorOf(req), req.query),
  );
}
