import { buildApp } from './app.ts';
import type { Config } from './config.ts';
import { createDeps, openConfiguredDatabase } from './runtime.ts';

/**
 * Starts the whole product: database (migrated), jobs, HTTP API and web app. On SIGTERM or SIGINT
 * it stops taking requests, lets in-flight requests and jobs finish, then closes the database.
 */
export async function serve(config: Config): Promise<void> {
  const database = await openConfiguredDatabase(config);
  let app: Awaited<ReturnType<typeof buildApp>> | undefined;
  const deps = await createDeps(config, database, {
    jobs: config.jobs,
    onJobError: (err) => app?.log.error({ err }, 'job failed'),
  });
  app = await buildApp(deps);
  const server = app;

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    server.log.info({ signal }, 'shutting down: draining requests and jobs');
    try {
      await server.close();
      await deps.boss?.stop({ graceful: true, timeout: 30_000 });
    } finally {
      await database.close();
      server.log.info('stopped');
      process.exit(0);
    }
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));

  await server.listen({ port: config.port, host: config.host });
  server.log.info(
    { database: database.kind, url: config.publicUrl },
    `Steward is running at ${config.publicUrl} (database: ${database.kind === 'pglite' ? `embedded, ${config.dataDir}` : 'PostgreSQL'})`,
  );
}
