import { z } from 'zod';
import pkg from '../../../../package.json' with { type: 'json' };
import type { App, Deps } from '../../deps.ts';

const health = z.object({
  status: z.literal('ok'),
  database: z.enum(['pglite', 'postgres']),
  version: z.string(),
});

export function systemRoutes(app: App, { database }: Deps): void {
  app.get(
    '/api/health',
    {
      config: { public: true },
      schema: {
        tags: ['system'],
        summary: 'Liveness and the database engine in use',
        response: { 200: health },
      },
    },
    async () => {
      await database.db.execute('select 1');
      return { status: 'ok' as const, database: database.kind, version: pkg.version };
    },
  );
}
