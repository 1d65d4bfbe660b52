import type { App } from '../../src/server/deps.ts';
import type { TestUser } from './factories.ts';

/** A small client over `app.inject` acting as one user. */
export function client(app: App, user: TestUser) {
  const call = async (
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    payload?: object,
    headers = {},
  ) => {
    const res = await app.inject({
      method,
      url,
      headers: { ...user.auth, ...(payload ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(payload ? { payload } : {}),
    });
    return { status: res.statusCode, body: res.body ? res.json() : undefined, headers: res.headers };
  };
  return {
    get: (url: string) => call('GET', url),
    post: (url: string, payload: object = {}, headers = {}) => call('POST', url, payload, headers),
    patch: (url: string, payload: object, headers = {}) => call('PATCH', url, payload, headers),
    del: (url: string, headers = {}) => call('DELETE', url, undefined, headers),
  };
}
