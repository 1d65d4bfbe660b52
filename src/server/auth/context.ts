import type { FastifyRequest } from 'fastify';
import { AppError } from '../../core/errors.ts';
import type { DomainEvent } from '../../core/events.ts';
import type { Db } from '../db/index.ts';
import type { Deps } from '../deps.ts';
import type { Actor } from './actor.ts';

/**
 * Who writes, from where, and when: handed to every service that changes data. `actor` is null
 * only for the system's own writes (first-run setup, the nightly sweep).
 */
export interface WriteContext<A extends Actor | null = Actor> {
  actor: A;
  ip?: string | null;
  /** The moment of the write, read once from the clock: one request, one instant. */
  now: Date;
  /** Runs what other features do, in this transaction, about the events the write records. */
  react: React;
  /**
   * What made a system write, when it was not a person: `playbook:<id>`. Kept on its audit entries
   * (as their subject) and its events, so automation does not react to its own changes.
   */
  origin?: string | null;
}

export type React = (tx: Db, ctx: WriteContext<Actor | null>, events: DomainEvent[]) => Promise<void>;

/** The signed-in caller of a route that is not public. */
export function actorOf(req: FastifyRequest): Actor {
  if (!req.actor) throw new AppError('unauthenticated', 'Sign in first.');
  return req.actor;
}

/** The context of a write made by a signed-in request. */
export function writeContext(req: FastifyRequest, deps: Pick<Deps, 'clock' | 'react'>): WriteContext {
  return { actor: actorOf(req), ip: req.ip, now: deps.clock.now(), react: deps.react };
}

/** The context of a write the system makes by itself (a job, first-run setup). */
export function systemContext(deps: Pick<Deps, 'clock' | 'react'>, ip?: string): WriteContext<null> {
  return { actor: null, ip: ip ?? null, now: deps.clock.now(), react: deps.react };
}
