import { page, problemSchema } from '../../../core/schemas/common.ts';
import { auditEntry, auditQuery } from '../../../core/schemas/people.ts';
import { actorOf } from '../../auth/plugin.ts';
import type { App, Deps } from '../../deps.ts';
import { listAudit } from './audit.service.ts';

export function auditRoutes(app: App, { database: { db } }: Deps): void {
  app.get(
    '/api/v1/audit',
    {
      schema: {
        tags: ['people'],
        summary: 'The audit trail, newest first (admin; a manager sees entries on their teams’ accounts)',
        querystring: auditQuery,
        response: { 200: page(auditEntry), 403: problemSchema },
      },
    },
    async (req) => listAudit(db, actorOf(req), req.query),
  );
}
