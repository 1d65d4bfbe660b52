import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Auth } from './auth/better-auth.ts';
import type { React } from './auth/context.ts';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import type { Database } from './db/index.ts';
import type { Background } from './jobs/index.ts';

/** What routes need from the running server; handed in, never imported as globals. */
export interface Deps {
  config: Config;
  database: Database;
  auth: Auth;
  /** The deployment's secret (STEWARD_AUTH_SECRET, or the one kept in the database). */
  secret: string;
  /** The scheduled jobs and workers, when this process runs them (STEWARD_JOBS). */
  background: Background | null;
  /** The one clock every route, service and job reads the time from. */
  clock: Clock;
  /** The features' in-transaction reactions to domain events. */
  react: React;
}

export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;
