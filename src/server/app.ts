import { existsSync } from 'node:fs';
import path from 'node:path';
import compress from '@fastify/compress';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify from 'fastify';
import { jsonSchemaTransform, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { OpenAPIV3_1 } from 'openapi-types';
import { v7 as uuidv7 } from 'uuid';
import pkg from '../../package.json' with { type: 'json' };
import { AppError } from '../core/errors.ts';
import { authRoutes } from './auth/auth.routes.ts';
import { registerAuth } from './auth/plugin.ts';
import { constraintsOf } from './db/errors.ts';
import type { App, Deps } from './deps.ts';
import { features } from './features/index.ts';
import { registerIdempotency } from './http/idempotency.ts';
import { finishDocument } from './http/openapi.ts';
import { clientErrorHandler, frameworkErrorHandler, registerProblemHandler } from './http/problem.ts';
import { serializerCompiler } from './http/serializer.ts';
import { registerTextGuard } from './http/text.ts';
import { tablesOf } from './tables.ts';

type Document = OpenAPIV3_1.Document;

const REQUEST_ID = /^[A-Za-z0-9._-]{1,100}$/;

/** Builds the HTTP app from plugins and the features' routes. No business logic lives here. */
export async function buildApp(deps: Deps): Promise<App> {
  const { config } = deps;
  const app = Fastify({
    logger: {
      level: config.logLevel,
      redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
    },
    bodyLimit: 1024 * 1024,
    trustProxy: config.trustProxy,
    // A client's X-Request-Id is kept only when it is short and plain; anything else gets a new id.
    requestIdHeader: false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : uuidv7();
    },
    clientErrorHandler,
    frameworkErrors: frameworkErrorHandler,
    // A long path parameter reaches validation (400 naming it) rather than the router's own 414.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 1000 },
  }).withTypeProvider<ZodTypeProvider>();

  // The API speaks JSON only: a text/plain body is 415, not a string handed to a route.
  app.removeContentTypeParser('text/plain');
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  const hasWeb = existsSync(path.join(config.webDir, 'index.html'));
  registerProblemHandler(app, { spaIndex: hasWeb, constraints: constraintsOf(tablesOf(features)) });
  app.addHook('onSend', async (req, reply, payload) => {
    reply.header('x-request-id', req.id);
    // API answers are per user and change with every write: no cache may keep them.
    if (req.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
    return payload;
  });

  // gzip or brotli, as the client accepts, for every route registered after this: the web app's
  // files and the API's JSON (problem+json included) over 1 KiB. Event streams, partial content and
  // requests without Accept-Encoding go out as they are.
  await app.register(compress, { encodings: ['br', 'gzip'], threshold: 1024 });

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        // Mantine and the API docs set inline styles; scripts stay self-only.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    hsts: config.publicUrl.startsWith('https://'),
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Steward API',
        version: pkg.version,
        license: { name: 'MIT', identifier: 'MIT' },
        description: `Account management: accounts, revenue, health and advocacy. Money is in ${config.currency}.`,
      },
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer', description: 'An API key from POST /api/v1/api-keys' },
          session: { type: 'apiKey', in: 'cookie', name: 'steward.session_token' },
        },
      },
      security: [{ apiKey: [] }, { session: [] }],
    },
    // A route that answers without credentials says so in the document (security: none).
    transform: (route) => {
      const out = jsonSchemaTransform(route);
      if (route.route.config?.public) return { ...out, schema: { ...out.schema, security: [] } };
      return out;
    },
    transformObject: (doc) =>
      'openapiObject' in doc
        ? finishDocument(doc.openapiObject as Document, config.publicUrl)
        : doc.swaggerObject,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, async () =>
    app.swagger(),
  );

  registerAuth(app, deps);
  await app.register(rateLimit, {
    global: true,
    hook: 'preHandler',
    max: config.apiRateLimit,
    timeWindow: 60_000,
    allowList: (req) => !req.url.startsWith('/api/v1/'),
    keyGenerator: (req) => req.actor?.userId ?? req.ip,
    errorResponseBuilder: (_req, ctx) =>
      new AppError(
        'rate_limited',
        `Rate limit of ${ctx.max} requests a minute reached. Try again in ${ctx.after}.`,
      ),
  });
  registerTextGuard(app);
  registerIdempotency(app, deps.database.db, deps.secret);

  authRoutes(app, deps);
  for (const feature of features) feature.routes?.(app, deps);

  if (hasWeb)
    await app.register(fastifyStatic, {
      root: config.webDir,
      wildcard: false,
      index: 'index.html',
      // The build writes a .br and a .gz of each file (scripts/build.mjs): sent as they are when the
      // browser accepts them, else @fastify/compress compresses on the fly.
      preCompressed: true,
      cacheControl: false,
      // Vite names every built asset by its content hash: it never changes, so browsers keep it a
      // year; the page that names them is checked on every visit.
      setHeaders: (res, file) =>
        res.header(
          'cache-control',
          /[\\/]assets[\\/]/.test(file) ? 'public, max-age=31536000, immutable' : 'no-cache',
        ),
    });
  return app;
}
