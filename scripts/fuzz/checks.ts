// What makes a response a failure (docs/api-conventions.md): a 5xx; a 4xx that is not a complete
// problem+json; a status the operation's OpenAPI entry does not list; no answer at all; a
// response without X-Request-Id; an API response without Cache-Control: no-store.
import type { Outcome } from './http.ts';

export const KINDS = {
  'server-error': 'a 5xx: never for anything a client sent',
  'bad-problem':
    'a 4xx that is not application/problem+json with type, title, status, detail (and errors for 400)',
  'undocumented-status': 'a status the OpenAPI document does not list for the operation',
  'no-answer': 'no HTTP answer: connection refused or reset, timeout, or the server exited',
  'missing-request-id': 'a response without an X-Request-Id header',
  'missing-no-store': 'an API response without Cache-Control: no-store',
  'request-id-echo':
    'a client X-Request-Id not kept though valid (≤ 100 of [A-Za-z0-9._-]), or kept though not',
} as const;
export type Kind = keyof typeof KINDS;

export interface Problem {
  kind: Kind;
  detail: string;
}

function problemJsonIssues(out: Outcome): string | undefined {
  const ct = String(out.headers['content-type'] ?? '');
  if (!ct.startsWith('application/problem+json')) return `content-type is ${JSON.stringify(ct || 'missing')}`;
  let body: unknown;
  try {
    body = JSON.parse(out.body);
  } catch {
    return 'the body is not JSON';
  }
  if (body === null || typeof body !== 'object') return 'the body is not an object';
  const b = body as Record<string, unknown>;
  const missing = ['type', 'title', 'status', 'detail'].filter((k) => b[k] === undefined);
  if (missing.length) return `the body lacks ${missing.join(', ')}`;
  if (b.status !== out.status)
    return `body.status is ${JSON.stringify(b.status)}, the HTTP status ${out.status}`;
  if (out.status === 400 && !Array.isArray(b.errors)) return 'a 400 without errors: [{ path, message }]';
  return undefined;
}

/**
 * `documented` says whether the operation lists the status; `path` is the request path, for the
 * "API response" test (everything under /api/).
 */
export function check(
  out: Outcome,
  documented: (status: number) => boolean,
  path: string,
  sentRequestId?: string,
): Problem[] {
  if (out.error) return [{ kind: 'no-answer', detail: out.error }];
  const found: Problem[] = [];
  if (out.status >= 500) found.push({ kind: 'server-error', detail: `status ${out.status}` });
  if (out.status >= 400 && out.status < 500) {
    const issue = problemJsonIssues(out);
    if (issue) found.push({ kind: 'bad-problem', detail: issue });
  }
  // A 5xx is already a failure of its own; listing 500 in the document would not make it right.
  if (out.status < 500 && !documented(out.status))
    found.push({ kind: 'undocumented-status', detail: `status ${out.status} is not listed` });
  if (!out.headers['x-request-id'])
    found.push({ kind: 'missing-request-id', detail: 'no x-request-id header' });
  const got = out.headers['x-request-id'];
  if (sentRequestId !== undefined && got) {
    const valid = /^[A-Za-z0-9._-]{1,100}$/.test(sentRequestId);
    if (valid !== (got === sentRequestId))
      found.push({
        kind: 'request-id-echo',
        detail: `sent ${JSON.stringify(sentRequestId.slice(0, 40))} (${valid ? 'valid' : 'invalid'}), got back ${JSON.stringify(got)}`,
      });
  }
  const cc = String(out.headers['cache-control'] ?? '');
  if (path.startsWith('/api/') && !/\bno-store\b/.test(cc))
    found.push({ kind: 'missing-no-store', detail: `cache-control is ${JSON.stringify(cc || 'missing')}` });
  return found;
}
