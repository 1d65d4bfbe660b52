import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/**
 * The package's folder (the one with package.json). This module sits two folders below it both in
 * the sources (src/server/config.ts) and in the server's bundle (dist/server/*.js, built by
 * scripts/build.mjs), so one relative URL finds it from either.
 */
export const packageRoot = fileURLToPath(new URL('../../', import.meta.url));

const env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z.string().url().optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(1000).default(10),
  STEWARD_DATA_DIR: z.string().default('./data'),
  STEWARD_CURRENCY: z
    .string()
    .regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as USD')
    .default('USD'),
  STEWARD_PUBLIC_URL: z.string().url().optional(),
  STEWARD_TRUSTED_ORIGINS: z.string().default(''),
  STEWARD_TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  STEWARD_AUTH_SECRET: z.string().min(32).optional(),
  STEWARD_API_RATE_LIMIT: z.coerce.number().int().min(1).default(1200),
  STEWARD_JOBS: z.enum(['on', 'off']).default('on'),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^\s]+$/, 'an smtp:// or smtps:// URL, such as smtp://user:pass@host:587')
    .optional(),
  STEWARD_MAIL_FROM: z.string().min(3).optional(),
  STEWARD_WEBHOOKS_ALLOW_HTTP: z.enum(['true', 'false']).default('false'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  /** Connections each server process keeps open to PostgreSQL (PGlite is one connection). */
  databasePoolSize: number;
  dataDir: string;
  currency: string;
  /** Origin the browser uses; cookies, CSRF and better-auth are checked against it. */
  publicUrl: string;
  /** Other origins allowed to make cookie-authenticated writes (the Vite dev server, say). */
  trustedOrigins: string[];
  /** Take the client address from X-Forwarded-For (behind a load balancer). */
  trustProxy: boolean;
  authSecret: string | undefined;
  /** Requests per minute per user (or per IP when anonymous). */
  apiRateLimit: number;
  jobs: boolean;
  /** Outgoing mail's server, `smtp://user:pass@host:587` or `smtps://…`; mail is off without it. */
  smtpUrl: string | undefined;
  /** The From of outgoing mail; `Steward <steward@<public host>>` when absent. */
  mailFrom: string;
  /** Webhook endpoints may be plain http and private addresses (for local receivers and tests). */
  webhooksAllowHttp: boolean;
  logLevel: string;
  /** Where the built web app lives; served at `/` when present. */
  webDir: string;
}

export function loadConfig(source: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const parsed = env.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid configuration:\n${lines}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    dataDir: path.resolve(e.STEWARD_DATA_DIR),
    currency: e.STEWARD_CURRENCY,
    publicUrl: (e.STEWARD_PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    trustedOrigins: e.STEWARD_TRUSTED_ORIGINS.split(',')
      .map((o) => o.trim().replace(/\/$/, ''))
      .filter(Boolean),
    trustProxy: e.STEWARD_TRUST_PROXY === 'true',
    authSecret: e.STEWARD_AUTH_SECRET,
    apiRateLimit: e.STEWARD_API_RATE_LIMIT,
    jobs: e.STEWARD_JOBS === 'on',
    smtpUrl: e.SMTP_URL,
    mailFrom: e.STEWARD_MAIL_FROM ?? `Steward <steward@${mailHost(e.STEWARD_PUBLIC_URL)}>`,
    webhooksAllowHttp: e.STEWARD_WEBHOOKS_ALLOW_HTTP === 'true',
    logLevel: e.LOG_LEVEL,
    webDir: path.join(packageRoot, 'dist/web'),
    ...overrides,
  };
}

/** The host of the public URL, for the default From address (`localhost` gets a usable domain). */
function mailHost(publicUrl: string | undefined): string {
  const host = publicUrl ? new URL(publicUrl).hostname : 'localhost';
  return host === 'localhost' || /^[\d.]+$/.test(host) ? 'steward.localhost' : host;
}
