import type { App } from '../../src/server/deps.ts';
import type { paths } from '../../src/web/api-types.ts';
import type { TestUser } from './factories.ts';

// The client's paths and request bodies are typed from the generated OpenAPI `paths` (npm run gen:api),
// so a test that posts a misspelt field, a wrong enum value or to a route that does not exist fails to
// compile. A path is written as the concrete URL, `/api/v1/accounts/${id}` or `/api/v1/users?limit=200`:
// it is matched segment by segment against the templates of `paths` (`/api/v1/accounts/{id}`), and the
// body is checked against that operation's requestBody. A URL held in a variable needs `as const` to keep
// its shape. Tests that send what the API must refuse (a wrong type, an unknown field, a missing one), read
// a URL known only at run time, or run one table over several routes say so with `raw`, which checks
// neither the URL nor the body.

type Method = 'get' | 'post' | 'patch' | 'delete';
type Headers = Record<string, string>;

/** The templates of `paths` with an operation for `M`, e.g. `/api/v1/accounts/{id}`. */
type TemplatesFor<M extends Method> = {
  [K in keyof paths]: paths[K] extends Record<M, object> ? K : never;
}[keyof paths];

/** `/api/v1/accounts/{id}/restore` → `/api/v1/accounts/${string}/restore` */
type Fill<S extends string> = S extends `${infer A}{${string}}${infer B}` ? `${A}${string}${Fill<B>}` : S;

/** The concrete URLs a test may write for `M`: a filled template, with or without a query string. */
export type ApiUrl<M extends Method> = Fill<TemplatesFor<M>> | `${Fill<TemplatesFor<M>>}?${string}`;

type Segments<S extends string> = S extends `${infer H}/${infer T}` ? [H, ...Segments<T>] : [S];
type SegmentsMatch<T extends string[], U extends string[]> = T extends [
  infer TH extends string,
  ...infer TT extends string[],
]
  ? U extends [infer UH extends string, ...infer UT extends string[]]
    ? TH extends `{${string}}`
      ? SegmentsMatch<TT, UT>
      : UH extends TH
        ? SegmentsMatch<TT, UT>
        : false
    : false
  : U extends []
    ? true
    : false;
type WithoutQuery<U extends string> = U extends `${infer P}?${string}` ? P : U;

/** The template a concrete URL is an instance of: `/api/v1/accounts/${string}/restore` → `/api/v1/accounts/{id}/restore`. */
type TemplateOf<M extends Method, U extends string> = {
  [K in TemplatesFor<M>]: SegmentsMatch<Segments<K>, Segments<WithoutQuery<U>>> extends true ? K : never;
}[TemplatesFor<M>];

type Operation<M extends Method, U extends string> = paths[TemplateOf<M, U>][M];

/** The JSON request body of the operation at `U`, or `undefined` when it takes none. */
export type RequestBody<M extends Method, U extends string> =
  Operation<M, U> extends { requestBody: { content: { 'application/json': infer B } } } ? B : undefined;

/**
 * The URL argument: `U` itself when it is an instance of a template. `ApiUrl` alone lets `${string}`
 * stand for several segments (`/api/v1/accounts/${id}/x/y`); this refuses that. A union (a loop over
 * several URLs) is checked member by member; its body, having no one operation, is `never`, so such a
 * table posts with `raw`.
 */
type Url<M extends Method, U extends string> = U extends unknown
  ? [TemplateOf<M, U>] extends [never]
    ? U & { 'is not an instance of one path of `paths`': never }
    : U
  : never;

/** The body (required when the operation has one) and extra headers after the URL. */
type BodyArgs<M extends Method, U extends string> = [TemplateOf<M, U>] extends [never]
  ? [body: never, headers?: Headers] // a union of routes: no one body
  : RequestBody<M, U> extends undefined
    ? [body?: Record<string, never>, headers?: Headers]
    : [body: RequestBody<M, U>, headers?: Headers];

/** A small client over `app.inject` acting as one user. */
export function client(app: App, user: TestUser) {
  const call = async (method: Uppercase<Method>, url: string, payload?: unknown, headers = {}) => {
    const res = await app.inject({
      method,
      url,
      headers: { ...user.auth, ...(payload ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(payload ? { payload: payload as object } : {}),
    });
    // The response body stays `any` (what `res.json()` gives): tests read error bodies (`errors`, `code`)
    // and success bodies from the same variable, and a union of the documented responses would need a
    // narrowing or a cast at nearly every read, for little gain over the assertions themselves.
    return { status: res.statusCode, body: res.body ? res.json() : undefined, headers: res.headers };
  };
  return {
    get: <U extends ApiUrl<'get'>>(url: Url<'get', U>) => call('GET', url),
    post: <U extends ApiUrl<'post'>>(
      url: Url<'post', U>,
      ...[payload = {}, headers = {}]: BodyArgs<'post', U>
    ) => call('POST', url, payload, headers),
    patch: <U extends ApiUrl<'patch'>>(
      url: Url<'patch', U>,
      ...[payload, headers = {}]: BodyArgs<'patch', U>
    ) => call('PATCH', url, payload, headers),
    del: <U extends ApiUrl<'delete'>>(url: Url<'delete', U>, headers: Headers = {}) =>
      call('DELETE', url, undefined, headers),
    /**
     * Unchecked requests: any URL, any body (a string is sent as it is). For tests that send what the
     * API must refuse, a URL read at run time (a Location header) or a table over several routes.
     */
    raw: {
      get: (url: string) => call('GET', url),
      post: (url: string, payload: unknown = {}, headers: Headers = {}) =>
        call('POST', url, payload, headers),
      patch: (url: string, payload: unknown, headers: Headers = {}) => call('PATCH', url, payload, headers),
      del: (url: string, headers: Headers = {}) => call('DELETE', url, undefined, headers),
    },
  };
}

/** The client `client()` returns. */
export type Client = ReturnType<typeof client>;
