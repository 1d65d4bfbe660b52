import { AppError } from '../../core/errors.ts';
import type { Role } from '../../core/schemas/common.ts';

/** Who is making a request, resolved once per request from the session cookie or the API key. */
export interface Actor {
  userId: string;
  role: Role;
  via: 'session' | 'api_key';
  apiKeyId?: string;
}

export function requireRole(actor: Actor, ...allowed: Role[]): void {
  if (!allowed.includes(actor.role)) {
    throw new AppError('forbidden', `This needs one of the roles: ${allowed.join(', ')}.`);
  }
}

/** The audit trail's view of an actor. */
export function auditActor(actor: Pick<Actor, 'userId' | 'via'> | null): {
  actorId: string | null;
  actorType: 'user' | 'api_key' | 'system';
} {
  if (!actor) return { actorId: null, actorType: 'system' };
  return { actorId: actor.userId, actorType: actor.via === 'api_key' ? 'api_key' : 'user' };
}
