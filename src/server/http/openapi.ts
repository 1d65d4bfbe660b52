import type { OpenAPIV3_1 } from 'openapi-types';

type Document = OpenAPIV3_1.Document;
type Operation = OpenAPIV3_1.OperationObject;
type Responses = OpenAPIV3_1.ResponsesObject;

const PROBLEM = '#/components/schemas/Problem';

const problemSchema: OpenAPIV3_1.SchemaObject = {
  type: 'object',
  description: 'RFC 9457 problem details; `errors` names each failing field of a 400.',
  required: ['type', 'title', 'status', 'detail'],
  properties: {
    type: { type: 'string', examples: ['urn:steward:problem:validation'] },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['path', 'message'],
        properties: { path: { type: 'string' }, message: { type: 'string' } },
      },
    },
    requestId: { type: 'string', description: 'On a 500: the id to find the error in the server log' },
  },
};

/** What each error status means, as every operation's documentation says it. */
const meaning: Record<number, string> = {
  400: 'Invalid input: the `errors` name each failing field',
  401: 'Not signed in: no session cookie or API key, or a wrong one',
  403: 'Signed in, but your role may not do this',
  404: 'Absent, or outside your scope',
  409: 'Conflict: a unique value is taken, others point to the record, or the Idempotency-Key is in use',
  412: 'The If-Match version is stale: reload and try again',
  413: 'The body is larger than 1 MiB',
  414: 'The URL is longer than 8 KiB',
  415: 'The body is not JSON',
  429: 'Rate limited: wait for the seconds in Retry-After',
  431: 'The request headers are larger than 16 KiB',
  503: 'The database stayed busy with conflicting changes: retry after Retry-After',
};

/**
 * The statuses an operation may answer besides its own, from what every request goes through:
 * validation and the NUL guard (400), the URL and header limits (414, 431), credentials (401, 403)
 * and the rate limit (429) on the signed-in API, bodies (413, 415), the Idempotency-Key (409) on
 * creates, If-Match (412) on changes, and transaction retries (503) on every write.
 */
function generalStatuses(method: string, path: string, op: Operation): number[] {
  const statuses = [400, 404, 414, 431];
  const api = path.startsWith('/api/v1/');
  const signedIn = api && !(Array.isArray(op.security) && op.security.length === 0);
  if (api) statuses.push(429);
  if (signedIn) statuses.push(401, 403);
  if (op.requestBody) statuses.push(413, 415);
  if (method === 'post' && signedIn) statuses.push(409);
  if (method === 'patch' || method === 'delete') statuses.push(409, 412);
  const ifMatch = op.parameters?.some(
    (p) => 'in' in p && p.in === 'header' && p.name.toLowerCase() === 'if-match',
  );
  if (ifMatch) statuses.push(412);
  if (method !== 'get') statuses.push(503);
  return statuses;
}

/** `GET /api/v1/accounts/{id}/timeline` → `getAccountsByIdTimeline`: unique, stable, readable. */
export function operationId(method: string, path: string): string {
  const words = path
    .replace(/^\/api(\/v1)?\//, '')
    .split('/')
    .filter(Boolean)
    .map((part) => {
      const param = /^\{(.+)\}$/.exec(part);
      const word = param ? `by-${param[1]}` : part;
      return word
        .split(/[-_]/)
        .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
        .join('');
    });
  return method + words.join('');
}

/**
 * Finishes the generated document: the server's address, an operationId on every operation, and
 * every error status each operation can send, as `application/problem+json` with one shared schema.
 */
export function finishDocument(doc: Document, publicUrl: string): Document {
  doc.servers = [{ url: publicUrl, description: 'This Steward server' }];
  doc.components ??= {};
  doc.components.schemas = { ...doc.components.schemas, Problem: problemSchema };
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of ['get', 'post', 'patch', 'put', 'delete'] as const) {
      const op = item?.[method] as Operation | undefined;
      if (!op) continue;
      op.operationId ??= operationId(method, path);
      const responses: Responses = op.responses ?? {};
      const statuses = new Set([
        ...Object.keys(responses)
          .map(Number)
          .filter((s) => s >= 400),
        ...generalStatuses(method, path, op),
      ]);
      for (const status of [...statuses].sort()) {
        responses[status] = {
          description: meaning[status] ?? 'Error',
          content: { 'application/problem+json': { schema: { $ref: PROBLEM } } },
        };
      }
      for (const [status, response] of Object.entries(responses)) {
        if (Number(status) < 400 && 'description' in response && response.description === 'Default Response')
          response.description = Number(status) === 204 ? 'Done; no content' : 'Success';
      }
      op.responses = responses;
    }
  }
  return doc;
}
