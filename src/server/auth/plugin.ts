import { fromNodeHeaders } from 'better-auth/node';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../core/errors.ts';
import type { Role } from '../../core/schemas/common.ts';
import type { App, Deps } from '../deps.ts';
import { resolveApiKey } from '../features/api-keys/index.ts';
import type { Actor } from './actor.ts';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
  interface FastifyContextConfig {
    /** The route answers without credentials. */
    public?: boolean;
  }
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Resolves the caller of every /api/v1 request and refuses anonymous and cross-site calls. */
export function registerAuth(app: App, deps: Deps): void {
  const origins = new Set([deps.config.publicUrl, ...deps.config.trustedOrigins]);
  app.decorateRequest('actor', null);
  app.addHook('onRequest', async (req) => {
    if (!req.url.startsWith('/api/v1/')) return;
    req.actor = await resolveActor(req, deps);
    if (!req.actor && !req.routeOptions.config.public) {
      throw new AppError('unauthenticated', 'Sign in, or send an API key as "Authorization: Bearer <key>".');
    }
    if (req.actor?.via === 'session' && !SAFE.has(req.method) && !sameSite(req, origins)) {
      throw new AppError(
        'forbidden',
        'Cross-site request refused: a write with a session cookie must come from Steward itself.',
      );
    }
  });
}

async function resolveActor(req: FastifyRequest, deps: Deps): Promise<Actor | null> {
  const header = req.headers.authorization;
  if (header) {
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    const key = m ? await resolveApiKey(deps.database.db, m[1]!, deps.clock.now()) : null;
    if (!key) {
      throw new AppError(
        'unauthenticated',
        'The API key is not valid: it is wrong, revoked or expired, or its user is deactivated.',
      );
    }
    return { userId: key.userId, role: key.role, via: 'api_key', apiKeyId: key.keyId };
  }
  if (!req.headers.cookie?.includes('steward.session_token')) return null;
  const session = await deps.auth.api.getSession({ headers: fromNodeHeaders(req.headers) });
  if (!session?.user.active) return null;
  return { userId: session.user.id, role: session.user.role as Role, via: 'session' };
}

/** CSRF defence for cookie sessions (OWASP "verify origin"), on top of SameSite=Lax cookies. */
function sameSite(req: FastifyRequest, origins: Set<string>): boolean {
  const origin = req.headers.origin ?? refererOrigin(req.headers.referer);
  if (origin) return origins.has(origin);
  return req.headers['sec-fetch-site'] === 'same-origin';
}

function refererOrigin(referer: string | undefined): string | undefined {
  if (!referer) return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return undefined;
  }
}
