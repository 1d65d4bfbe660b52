import type { DomainEvent, EventOf, EventType } from '../core/events.ts';
import type { Actor } from './auth/actor.ts';
import type { WriteContext } from './auth/context.ts';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import type { Db } from './db/index.ts';
import type { App, Deps } from './deps.ts';

/** What a scheduled job gets: the database, the clock, and the reactions for the writes it makes. */
export interface JobContext {
  db: Db;
  clock: Clock;
  react: WriteContext['react'];
  config: Config;
}

export interface Job {
  /** The pg-boss queue name. */
  name: string;
  /** When it runs (cron, UTC). */
  cron: string;
  /** Must be idempotent: a job may run more than once. */
  run(ctx: JobContext): Promise<void>;
}

/**
 * A loop on every server with jobs on, for work that cannot wait for the next minute's cron
 * (webhook deliveries, outgoing mail, the outbox's live subscribers). It runs again `everyMs`
 * after the last run ended, never twice at once in one process; many servers run it side by side,
 * so it must take its rows with row locks (`for update skip locked`) or an advisory lock.
 */
export interface Worker {
  name: string;
  everyMs: number;
  run(ctx: JobContext): Promise<void>;
}

/**
 * In the write's own transaction, before it commits: keeps another feature's derived data true
 * (a new activity rescores the account), or refuses the write by throwing an AppError.
 */
export type Reactions = {
  [T in EventType]?: (tx: Db, event: EventOf<T>, ctx: WriteContext<Actor | null>) => Promise<void>;
};

/**
 * After the write commits, from the outbox, by a job: each event reaches each subscriber once
 * (its work and its receipt commit together), in the order the events were made.
 */
export interface Subscriber {
  /** Stable: receipts are kept under it. */
  name: string;
  types: readonly EventType[];
  handle(tx: Db, event: DomainEvent, ctx: SubscriberContext): Promise<void>;
  /**
   * The same work for many new events at once, in a few statements (a daily job's thousands of
   * `check_in.overdue`). Should it fail, the dispatcher hands those events to `handle` one by one.
   */
  handleMany?(tx: Db, events: readonly DomainEvent[], ctx: SubscriberContext): Promise<void>;
}

/** What a subscriber gets beside the transaction: the clock and the configuration (mail, links). */
export type SubscriberContext = Pick<JobContext, 'clock' | 'config'>;

/** A feature as the app sees it: everything optional but its name. */
export interface Feature {
  name: string;
  routes?: (app: App, deps: Deps) => void;
  /** Its Drizzle tables (drizzle-kit reads every `*.table.ts` itself). */
  tables?: Record<string, unknown>;
  jobs?: readonly Job[];
  workers?: readonly Worker[];
  reactions?: Reactions;
  subscribers?: readonly Subscriber[];
}
