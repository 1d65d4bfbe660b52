import { buildApp } from './app.ts';
import type { Config } from './config.ts';
import { createDeps, openConfiguredDatabase, startDepsJobs } from './runtime.ts';

/**
 * Starts the whole product: database (migrated), HTTP API and web app, then the background jobs.
 * On SIGTERM or SIGINT it stops taking requests, lets in-flight requests and jobs finish, then
 * closes the database.
 */
export async function serve(config: Config): Promise<void> {
  const database = await openConfiguredDatabase(config);
  const deps = await createDeps(config, database, { jobs: false });
  const server = await buildApp(deps);
  let jobs: Promise<unknown> = Promise.resolve();

  let stopping = false;
  const stop = async (signal: string, code = 0) => {
    if (stopping) return;
    stopping = true;
    server.log.info({ signal }, 'shutting down: draining requests and jobs');
    try {
      await server.close();
      // Jobs still starting finish starting, then stop like the others.
      await jobs.catch(() => {});
      await deps.background?.stop();
    } finally {
      await database.close();
      server.log.info('stopped');
      process.exit(code);
    }
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));

  await server.listen({ port: config.port, host: config.host });
  server.log.info(
    { database: database.kind, url: config.publicUrl },
    `Steward is running at ${config.publicUrl} (database: ${database.kind === 'pglite' ? `embedded, ${config.dataDir}` : 'PostgreSQL'})`,
  );

  // The jobs start once the server answers: pg-boss's start (its schema, the queues, the schedules)
  // takes about a second, and no request waits for a job. Jobs that cannot start stop the server,
  // as they did when they started first.
  if (config.jobs) {
    jobs = startDepsJobs(deps, (err) => server.log.error({ err }, 'job failed'));
    jobs.then(
      () => server.log.info('background jobs started'),
      (err: unknown) => {
        server.log.fatal({ err }, 'background jobs could not start; stopping');
        void stop('jobs failed', 1);
      },
    );
  }
}
