// A minimal HTTP client for the API: JSON in and out, a timeout on every request, and no retries
// (a request the server never answered must stay unanswered).

const REQUEST_TIMEOUT_MS = 15_000;

export interface Answer {
  status: number;
  body: unknown;
  headers: Headers;
}

export interface CallOptions {
  key?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Throws when no complete answer arrived (connection refused or reset, timeout, cut-off body). */
export async function call(base: string, method: string, path: string, o: CallOptions = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...o.headers };
  if (o.key) headers.authorization = `Bearer ${o.key}`;
  if (o.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${base}${path}`, {
    method,
    headers,
    body: o.body === undefined ? undefined : JSON.stringify(o.body),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: keep the text for the report
  }
  return { status: res.status, body, headers: res.headers };
}

export function ok(a: Answer): boolean {
  return a.status >= 200 && a.status < 300;
}

function expectStatus(a: Answer, status: number, what: string): void {
  if (a.status !== status) throw new Error(`${what}: HTTP ${a.status} ${JSON.stringify(a.body)}`);
}

/**
 * Creates the first admin (POST /api/v1/setup signs them in with a cookie), then an API key for
 * them: cookie-authenticated writes need an Origin of the server's public URL.
 */
export async function setupAdminKey(base: string): Promise<string> {
  const admin = { email: 'crash-admin@example.com', name: 'Crash Admin', password: 'crash-test-password-1' };
  const origin = { origin: base };
  const setup = await call(base, 'POST', '/api/v1/setup', { body: admin, headers: origin });
  expectStatus(setup, 201, 'POST /api/v1/setup');
  const cookie = setup.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  if (!cookie) throw new Error('POST /api/v1/setup set no session cookie');
  const created = await call(base, 'POST', '/api/v1/api-keys', {
    body: { name: 'crash test' },
    headers: { ...origin, cookie },
  });
  expectStatus(created, 201, 'POST /api/v1/api-keys');
  const key = (created.body as { key?: unknown }).key;
  if (typeof key !== 'string') throw new Error('POST /api/v1/api-keys answered no key');
  return key;
}
