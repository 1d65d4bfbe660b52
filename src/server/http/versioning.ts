import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../core/errors.ts';

/** `If-Match: "3"` → 3; absent or `*` → undefined (no precondition). */
export function expectedVersion(req: FastifyRequest): number | undefined {
  const raw = req.headers['if-match'];
  if (raw === undefined || raw.trim() === '*') return undefined;
  const m = /^(?:W\/)?"(\d+)"$/.exec(raw.trim());
  if (!m)
    throw new AppError('precondition_failed', 'If-Match must be an ETag this server sent, such as "3".');
  return Number(m[1]);
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
