import createClient from 'openapi-fetch';
import { type FieldError, type Problem, parseProblem } from '../core/errors.ts';
import type { paths } from './api-types.ts';

/** The typed client of Steward's own OpenAPI document; the session cookie rides along. */
export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });

/** The JSON content of a response or a request body, as openapi-typescript shapes both. */
export type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;

/** The JSON request body of an operation, e.g. `Body<'/api/v1/teams', 'post'>`. */
export type Body<P extends keyof paths, M extends 'post' | 'put' | 'patch'> = paths[P] extends {
  [K in M]: { requestBody?: infer R };
}
  ? Json<NonNullable<R>>
  : never;

export type Me = Json<paths['/api/v1/me']['get']['responses'][200]>;
export type User = Json<paths['/api/v1/users']['get']['responses'][200]>['data'][number];
export type Team = Json<paths['/api/v1/teams']['get']['responses'][200]>['data'][number];
export type ApiKey = Json<paths['/api/v1/api-keys']['get']['responses'][200]>['data'][number];
export type CreatedApiKey = Json<paths['/api/v1/api-keys']['post']['responses'][201]>;
export type Role = User['role'];
export type UserQuery = NonNullable<paths['/api/v1/users']['get']['parameters']['query']>;

type ListItem<P extends keyof paths> = paths[P] extends { get: { responses: { 200: infer R } } }
  ? Json<R> extends { data: (infer I)[] }
    ? I
    : never
  : never;
type QueryOf<P extends keyof paths> = paths[P] extends { get: { parameters: { query?: infer Q } } }
  ? NonNullable<Q>
  : never;

export type Account = ListItem<'/api/v1/accounts'>;
export type AccountQuery = QueryOf<'/api/v1/accounts'>;
export type Contact = ListItem<'/api/v1/contacts'>;
export type Activity = ListItem<'/api/v1/activities'>;
export type ActivityQuery = QueryOf<'/api/v1/activities'>;
export type Meeting = ListItem<'/api/v1/meetings'>;
export type Task = ListItem<'/api/v1/tasks'>;
export type TaskQuery = QueryOf<'/api/v1/tasks'>;
export type TimelineItem = ListItem<'/api/v1/accounts/{id}/timeline'>;
export type AgendaItem = ListItem<'/api/v1/me/agenda'>;
export type SearchHit = ListItem<'/api/v1/search'>;

/** A non-2xx answer, carrying the server's problem+json. */
export class ApiError extends Error {
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.detail);
    this.name = 'ApiError';
    this.problem = problem;
  }

  get status(): number {
    return this.problem.status;
  }

  /** Validation messages by the first segment of their path (`teamIds.0` → `teamIds`). */
  get fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of this.problem.errors ?? []) {
      const field = e.path.split('.')[0] ?? e.path;
      out[field] ??= e.message.charAt(0).toUpperCase() + e.message.slice(1);
    }
    return out;
  }
}

const unreachable: Problem = {
  type: 'about:blank',
  title: 'Network error',
  status: 0,
  detail: 'Could not reach the Steward server. Check your connection and try again.',
};

/** The message to show for any error thrown by a request. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.problem.detail;
  if (err instanceof Error) return err.message;
  return 'Something went wrong.';
}

/** Field messages of an answer (a 400, or a 409 such as a taken e-mail), keyed by field name. */
export function fieldErrorsOf(err: unknown): Record<string, string> {
  return err instanceof ApiError ? err.fieldErrors : {};
}

/** Field errors a form cannot place on one of its fields, to be shown with the form's alert. */
export function otherFieldErrors(err: unknown, fields: readonly string[]): FieldError[] {
  if (!(err instanceof ApiError)) return [];
  return (err.problem.errors ?? []).filter((e) => !fields.includes(e.path.split('.')[0] ?? ''));
}

/**
 * Awaits an openapi-fetch call and returns its data, or throws an ApiError built from the
 * problem+json the server sent.
 */
export async function unwrap<D>(
  call: Promise<{ data?: D; error?: unknown; response: Response }>,
): Promise<D> {
  let result: { data?: D; error?: unknown; response: Response };
  try {
    result = await call;
  } catch {
    throw new ApiError(unreachable);
  }
  if (!result.response.ok) throw new ApiError(parseProblem(result.error, result.response.status));
  return result.data as D;
}

async function postJson(url: string, body: unknown): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  } catch {
    throw new ApiError(unreachable);
  }
  if (!res.ok) {
    let parsed: unknown = null;
    try {
      parsed = await res.json();
    } catch {
      // not JSON: parseProblem falls back to the status
    }
    throw new ApiError(parseProblem(parsed, res.status));
  }
  return res;
}

/** better-auth's e-mail sign-in (outside the OpenAPI document); sets the session cookie. */
export async function signIn(email: string, password: string): Promise<void> {
  await postJson('/api/auth/sign-in/email', { email, password });
}

/**
 * Whether the browser holds a live session, asked of better-auth, which answers 200 either way. The
 * app asks this before GET /api/v1/me so that a signed-out visit makes no failing request (the
 * session cookie is HttpOnly, so the page cannot look for it itself).
 */
export async function hasSession(): Promise<boolean> {
  let res: Response;
  try {
    res = await fetch('/api/auth/get-session', { credentials: 'same-origin' });
  } catch {
    throw new ApiError(unreachable);
  }
  if (!res.ok) return false;
  try {
    return Boolean(await res.json());
  } catch {
    return false;
  }
}

/** Ends the session and clears its cookie. */
export async function signOut(): Promise<void> {
  await postJson('/api/auth/sign-out', {});
}

/** Every page of a list, for pickers and name lookups (capped so a huge list cannot hang the page). */
export async function fetchAll<T>(
  page: (cursor: string | undefined) => Promise<{ data: T[]; nextCursor: string | null }>,
  max = 5000,
): Promise<T[]> {
  const all: T[] = [];
  let cursor: string | undefined;
  do {
    const p = await page(cursor);
    all.push(...p.data);
    cursor = p.nextCursor ?? undefined;
  } while (cursor && all.length < max);
  return all;
}
