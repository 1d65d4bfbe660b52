import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../core/errors.ts';

/**
 * `If-Match: "3"` → 3; absent or `*` → undefined (no precondition). A list naming one version
 * (`"3", W/"3"`) is that version; a list naming several, or anything that is not an ETag this
 * server sends, is 400 naming the header.
 */
export function expectedVersion(req: FastifyRequest): number | undefined {
  const raw = req.headers['if-match'];
  if (raw === undefined || raw.trim() === '*') return undefined;
  const tags = raw.split(',').map((t) => /^(?:W\/)?"(\d{1,9})"$/.exec(t.trim()));
  const versions = new Set(tags.map((m) => (m ? Number(m[1]) : Number.NaN)));
  const [version] = versions;
  if (versions.size !== 1 || version === undefined || Number.isNaN(version)) {
    throw new AppError('validation', 'If-Match must be the one ETag this server sent, such as "3".', {
      errors: [{ path: 'If-Match', message: 'must be an ETag such as "3"' }],
    });
  }
  return version;
}

export function assertVersion(expected: number | undefined, current: number): void {
  if (expected !== undefined && expected !== current) {
    throw new AppError(
      'precondition_failed',
      `The record has changed since you read it (version ${current}, you sent ${expected}). Reload it and try again.`,
    );
  }
}

export function sendVersioned<T extends { version: number }>(reply: FastifyReply, record: T): T {
  reply.header('etag', `"${record.version}"`);
  return record;
}
