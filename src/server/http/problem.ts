import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError, type ErrorCode, type FieldError, problem } from '../../core/errors.ts';

const fastifyCodes: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'validation',
  FST_ERR_CTP_INVALID_JSON_BODY: 'validation',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'validation',
  FST_ERR_VALIDATION: 'validation',
};

/** Every error leaves as application/problem+json; 5xx details stay in the log. */
export function registerProblemHandler(app: FastifyInstance, opts: { spaIndex?: boolean } = {}): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    let code: ErrorCode;
    let detail: string;
    let errors: FieldError[] | undefined;
    let headers: Record<string, string> | undefined;

    if (err instanceof AppError) {
      ({ code } = err);
      detail = err.message;
      errors = err.errors;
      headers = err.headers;
    } else if (hasZodFastifySchemaValidationErrors(err)) {
      code = 'validation';
      errors = err.validation.flatMap((v) => {
        const at = v.instancePath.replace(/^\//, '').replaceAll('/', '.');
        // An unknown key is reported on its parent object; name the key itself.
        const keys = v.keyword === 'unrecognized_keys' ? (v.params as { keys?: string[] }).keys : undefined;
        if (keys?.length)
          return keys.map((k) => ({ path: at ? `${at}.${k}` : k, message: v.message ?? 'is not allowed' }));
        return [{ path: at || (err.validationContext ?? 'body'), message: v.message ?? 'is invalid' }];
      });
      detail = `The ${err.validationContext ?? 'request'} is invalid: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}.`;
    } else if (err.code && fastifyCodes[err.code]) {
      code = fastifyCodes[err.code]!;
      detail = code === 'payload_too_large' ? 'The request body is larger than 1 MiB.' : err.message;
    } else if (err.statusCode === 429) {
      code = 'rate_limited';
      detail = err.message;
    } else {
      if (isResponseSerializationError(err))
        req.log.error({ err, issues: err.cause.issues }, 'response did not match schema');
      else req.log.error({ err }, 'unhandled error');
      code = 'internal';
      detail = 'Something went wrong on the server. The error is in the server log under this request id.';
    }
    const body = problem(code, detail, errors);
    if (code === 'internal') Object.assign(body, { requestId: req.id });
    if (code === 'validation') body.errors ??= [];
    reply
      .code(body.status)
      .headers(headers ?? {})
      .type('application/problem+json')
      .send(body);
  });

  app.setNotFoundHandler((req, reply) => {
    // The web app routes in the browser: any other page address outside /api gets its page.
    // A missing file (an asset name with an extension) stays a 404.
    const path = req.url.split('?')[0] ?? '';
    if (opts.spaIndex && req.method === 'GET' && !path.startsWith('/api') && !/\.[a-z0-9]+$/i.test(path)) {
      return reply.type('text/html').sendFile('index.html');
    }
    return reply
      .code(404)
      .type('application/problem+json')
      .send(problem('not_found', `There is no ${req.method} ${req.url.split('?')[0]}.`));
  });
}
