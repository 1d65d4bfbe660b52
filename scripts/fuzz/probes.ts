// Requests that belong to no operation of the OpenAPI document: unknown routes, a wrong method,
// an API version that does not exist, OPTIONS and HEAD, a URL over 8 KiB and over 16 KiB, a header
// over 16 KiB.
// Each lists the statuses the contract names for it (docs/api-conventions.md, "Limits" and "Errors").
import { Big } from './big.ts';
import type { FuzzRequest } from './http.ts';

export function probes(): Array<{ req: FuzzRequest; allowed: number[] }> {
  const base = { mutation: 'probe', headers: {}, caller: 'admin' as const };
  return [
    {
      req: { ...base, op: 'probe: unknown route', method: 'GET', url: '/api/v1/does-not-exist' },
      allowed: [404],
    },
    {
      req: {
        ...base,
        op: 'probe: unknown route, anonymous',
        caller: 'anonymous',
        method: 'GET',
        url: '/api/v1/does-not-exist',
      },
      allowed: [401, 404],
    },
    {
      req: { ...base, op: 'probe: wrong method', method: 'PUT', url: '/api/v1/accounts' },
      allowed: [404, 405],
    },
    {
      req: {
        ...base,
        op: 'probe: URL over 8 KiB',
        method: 'GET',
        url: new Big('"/api/v1/accounts?q="+"a".repeat(9000)'),
      },
      allowed: [414],
    },
    {
      req: {
        ...base,
        op: 'probe: URL over 16 KiB',
        method: 'GET',
        url: new Big('"/api/v1/accounts?q="+"a".repeat(17000)'),
      },
      allowed: [414, 431],
    },
    {
      req: {
        ...base,
        op: 'probe: header over 16 KiB',
        method: 'GET',
        url: '/api/v1/me',
        headers: { 'x-fuzz': new Big('"h".repeat(20000)') },
      },
      allowed: [431],
    },
    {
      req: { ...base, op: 'probe: OPTIONS', method: 'OPTIONS', url: '/api/v1/accounts' },
      allowed: [204, 405],
    },
    { req: { ...base, op: 'probe: HEAD', method: 'HEAD', url: '/api/v1/accounts' }, allowed: [200] },
    {
      req: { ...base, op: 'probe: DELETE on a list', method: 'DELETE', url: '/api/v1/accounts' },
      allowed: [405],
    },
    {
      req: { ...base, op: 'probe: unknown API version', method: 'GET', url: '/api/v2/accounts' },
      allowed: [404],
    },
  ];
}
