import type { Socket } from 'node:net';
import { DrizzleQueryError } from 'drizzle-orm';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { v7 as uuidv7 } from 'uuid';
import {
  AppError,
  type ErrorCode,
  errorStatus,
  type FieldError,
  type Problem,
  problem,
} from '../../core/errors.ts';
import { appErrorOf, type Constraints, pgFailure } from '../db/errors.ts';

/** A URL longer than this answers 414 (the request line is read whole up to Node's 16 KiB header limit). */
export const MAX_URL_LENGTH = 8 * 1024;

const fastifyCodes: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'validation',
  FST_ERR_CTP_INVALID_JSON_BODY: 'validation',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'validation',
  FST_ERR_VALIDATION: 'validation',
};

const byStatus = new Map<number, ErrorCode>(
  Object.entries(errorStatus).map(([code, status]) => [status, code as ErrorCode]),
);

type Classified = {
  code: ErrorCode;
  detail: string;
  errors?: FieldError[];
  headers?: Record<string, string>;
};

const ofAppError = (err: AppError): Classified => ({
  code: err.code,
  detail: err.message,
  errors: err.errors,
  headers: err.headers,
});

function classify(err: FastifyError, req: FastifyRequest, constraints: Constraints): Classified {
  if (err instanceof AppError) return ofAppError(err);
  if (hasZodFastifySchemaValidationErrors(err)) {
    const errors = err.validation.flatMap((v) => {
      const at = v.instancePath.replace(/^\//, '').replaceAll('/', '.');
      // An unknown key is reported on its parent object; name the key itself.
      const keys = v.keyword === 'unrecognized_keys' ? (v.params as { keys?: string[] }).keys : undefined;
      if (keys?.length)
        return keys.map((k) => ({ path: at ? `${at}.${k}` : k, message: v.message ?? 'is not allowed' }));
      return [{ path: at || (err.validationContext ?? 'body'), message: v.message ?? 'is invalid' }];
    });
    const list = errors.map((e) => `${e.path}: ${e.message.replace(/\.$/, '')}`).join('; ');
    const part = { body: 'body is', querystring: 'query is', params: 'path is', headers: 'headers are' }[
      err.validationContext ?? 'body'
    ];
    return { code: 'validation', errors, detail: `The ${part ?? 'request is'} invalid: ${list}.` };
  }
  const fromDb = appErrorOf(err, constraints);
  if (fromDb) return ofAppError(fromDb);
  // A value the database could not take (SQLSTATE class 22: data exception) came from the client:
  // the edge should have refused it, so it is logged, but the client still learns it was its input.
  if (pgFailure(err)?.code.startsWith('22')) {
    req.log.warn(loggable(err), 'a value reached the database that validation should have refused');
    return { code: 'validation', detail: 'A value in the request is out of range or malformed.' };
  }
  const known = err.code ? fastifyCodes[err.code] : undefined;
  if (known) {
    const detail = known === 'payload_too_large' ? 'The request body is larger than 1 MiB.' : err.message;
    return { code: known, detail };
  }
  const status = err.statusCode ?? 500;
  const code = status >= 400 && status < 500 ? (byStatus.get(status) ?? 'validation') : undefined;
  if (code) return { code, detail: err.message };
  if (isResponseSerializationError(err))
    req.log.error({ err, issues: err.cause.issues }, 'response did not match schema');
  else req.log.error(loggable(err), 'unhandled error');
  return {
    code: 'internal',
    detail: 'Something went wrong on the server. The error is in the server log under this request id.',
  };
}

/**
 * A failed query's error names its parameters, and the database's own message or detail may quote
 * a row's values (a password hash, a key hash, a client's text): the log gets the statement, the
 * SQLSTATE and the constraint, never the values.
 */
function loggable(err: Error): Record<string, unknown> {
  const failure = pgFailure(err);
  if (!failure) return { err };
  const stack = err instanceof DrizzleQueryError && err.cause instanceof Error ? err.cause.stack : err.stack;
  return {
    query: err instanceof DrizzleQueryError ? err.query : undefined,
    db: { code: failure.code, constraint: failure.constraint, table: failure.table },
    stack: stack?.split('\n').slice(1).join('\n'),
  };
}

/** Every error leaves as application/problem+json; 5xx details stay in the log. */
export function registerProblemHandler(
  app: FastifyInstance,
  opts: { spaIndex?: boolean; constraints?: Constraints } = {},
): void {
  const constraints = opts.constraints ?? new Map();
  app.setErrorHandler((err: FastifyError, req, reply) => {
    const { code, detail, errors, headers } = classify(err, req, constraints);
    const body: Problem & { requestId?: string } = problem(code, detail, errors);
    if (code === 'internal') body.requestId = req.id;
    if (code === 'validation') body.errors ??= [];
    reply
      .code(body.status)
      .headers(headers ?? {})
      .type('application/problem+json')
      .send(body);
  });

  // Method and path of every route, to tell "no such address" (404) from "not with this method" (405).
  const routes: { method: string; path: RegExp }[] = [];
  app.addHook('onRoute', (route) => {
    const pattern = route.url
      .split('/')
      .map((part) => (part.startsWith(':') ? '[^/]+' : part === '*' ? '.*' : part.replace(/[^\w-]/g, '\\$&')))
      .join('/');
    const path = new RegExp(`^${pattern}/?$`);
    for (const method of [route.method].flat()) routes.push({ method, path });
  });

  app.setNotFoundHandler((req, reply) => {
    // The web app routes in the browser: any other page address outside /api gets its page.
    // A missing file (an asset name with an extension) stays a 404.
    const path = req.url.split('?')[0] ?? '';
    if (opts.spaIndex && req.method === 'GET' && !path.startsWith('/api') && !/\.[a-z0-9]+$/i.test(path)) {
      return reply.type('text/html').sendFile('index.html');
    }
    const allowed = [...new Set(routes.filter((r) => r.path.test(path)).map((r) => r.method))];
    if (allowed.length) {
      return reply
        .code(405)
        .header('allow', allowed.join(', '))
        .type('application/problem+json')
        .send(problem('method_not_allowed', `${path} answers ${allowed.join(', ')}, not ${req.method}.`));
    }
    return reply
      .code(404)
      .type('application/problem+json')
      .send(problem('not_found', `There is no ${req.method} ${path}.`));
  });

  // The first hook of every request: a URL over 8 KiB is refused before any other work on it.
  app.addHook('onRequest', async (req) => {
    if (req.url.length > MAX_URL_LENGTH) {
      throw new AppError('uri_too_long', `The URL is longer than ${MAX_URL_LENGTH} characters.`);
    }
  });
}

/**
 * Errors Fastify's router meets before any hook runs (a malformed percent-encoding, a path
 * parameter over the router's limit) still answer problem+json with the API's headers.
 */
export function frameworkErrorHandler(err: FastifyError, req: FastifyRequest, reply: FastifyReply): void {
  const body =
    err.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? problem('uri_too_long', 'A part of the URL path is too long.')
      : err.code === 'FST_ERR_BAD_URL'
        ? problem('validation', 'The URL is not valid: a percent-encoded part is malformed.', [
            { path: 'url', message: 'is not a valid URL' },
          ])
        : problem('validation', 'The request could not be routed.');
  reply
    .code(body.status)
    .headers({ 'x-request-id': req.id, 'cache-control': 'no-store' })
    .type('application/problem+json')
    .send(body);
}

/**
 * Errors Node's HTTP parser meets before Fastify sees a request (headers over 16 KiB, a malformed
 * request line) still answer problem+json.
 */
export function clientErrorHandler(err: Error & { code?: string }, socket: Socket): void {
  // A client that went away, or a socket already answered, gets nothing more.
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const tooLarge = err.code === 'HPE_HEADER_OVERFLOW';
  const body = JSON.stringify(
    tooLarge
      ? problem('headers_too_large', 'The request line or headers are larger than 16 KiB.')
      : problem('validation', 'The request is not valid HTTP.'),
  );
  socket.end(
    `HTTP/1.1 ${tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request'}\r\n` +
      'Content-Type: application/problem+json\r\n' +
      `X-Request-Id: ${uuidv7()}\r\nCache-Control: no-store\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
