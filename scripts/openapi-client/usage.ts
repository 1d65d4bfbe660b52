// What a third-party user of the API writes: calls through the SDK that @hey-api/openapi-ts
// generated from the OpenAPI document (into dist/hey-api-client), by operationId, relying on its
// types. main.ts type-checks this file (tsconfig.json here) before it runs it against a server.
import { randomUUID } from 'node:crypto';
import { client } from '../../dist/hey-api-client/client.gen.ts';
import {
  getAccounts,
  getAccountsById,
  getHealth,
  getSetup,
  patchAccountsById,
  postAccounts,
  postApiKeys,
  postSetup,
} from '../../dist/hey-api-client/index.ts';
import type { Check } from './check.ts';

const PROBLEM = 'application/problem+json';

/** The `name=value` pairs of a response's cookies, as a Cookie request header. */
function cookiesOf(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

export async function exercise(baseUrl: string, check: Check): Promise<void> {
  client.setConfig({ baseUrl });

  // Public routes, no credentials.
  const health = await getHealth();
  check(
    'getHealth: status ok on pglite',
    health.data?.status === 'ok' && health.data.database === 'pglite',
    health,
  );
  const before = await getSetup();
  check('getSetup: the first admin is still to be made', before.data?.needed === true, before.error);

  // The first admin, signed in by setup's session cookie; with it, an API key for everything else.
  const setup = await postSetup({
    body: { email: 'admin@example.com', name: 'Ada Admin', password: 'correct horse battery staple' },
    headers: { origin: baseUrl },
  });
  const admin = setup.data;
  const setupOk = setup.response.status === 201 && admin?.role === 'admin';
  if (!check('postSetup: 201 with the admin', setupOk, setup.error) || !admin) return;
  const made = await postApiKeys({
    body: { name: 'openapi client check' },
    headers: { cookie: cookiesOf(setup.response), origin: baseUrl },
  });
  const key = made.data?.key;
  if (!check('postApiKeys: 201 with a key, by the session', made.response.status === 201, made.error) || !key)
    return;
  // The document offers two schemes (bearer key, session cookie): answer only for the bearer one.
  client.setConfig({ auth: (scheme) => (scheme.scheme === 'bearer' ? key : undefined) });

  // Create, with the defaults the contract promises.
  const tag = `openapi-${randomUUID().slice(0, 8)}`;
  const created = await postAccounts({
    body: {
      name: 'Acme Rockets',
      domain: 'acme-rockets.com',
      tags: [tag],
      customFields: { tier: 'gold', seats: 40 },
    },
  });
  const account = created.data;
  if (!check('postAccounts: 201', created.response.status === 201, created.error) || !account) return;
  check(
    'postAccounts: typed record with the defaults',
    account.name === 'Acme Rockets' &&
      account.domain === 'acme-rockets.com' &&
      account.segment === 'smb' &&
      account.lifecycleStage === 'prospect' &&
      account.checkInCadenceDays === 60 &&
      account.ownerId === admin.id &&
      account.version === 1 &&
      account.tags.join() === tag &&
      account.customFields.seats === 40 &&
      account.archivedAt === null,
    account,
  );
  check(
    'postAccounts: Location names the record',
    created.response.headers.get('location') === `/api/v1/accounts/${account.id}`,
    created.response.headers.get('location'),
  );

  // Read it back.
  const read = await getAccountsById({ path: { id: account.id } });
  check(
    'getAccountsById: the same record',
    read.data?.id === account.id && read.data.name === account.name && read.data.version === 1,
    read.data ?? read.error,
  );
  const etag = read.response.headers.get('etag');
  check('getAccountsById: ETag "1"', etag === '"1"', etag);

  // A cursor page: three accounts with the tag, two per page.
  for (const name of ['Beta Balloons', 'Cosmo Crates']) await postAccounts({ body: { name, tags: [tag] } });
  const first = await getAccounts({ query: { tag, sort: 'name', limit: 2 } });
  const cursor = first.data?.nextCursor;
  check(
    'getAccounts: first page of 2 with a cursor',
    first.data?.data.map((a) => a.name).join() === 'Acme Rockets,Beta Balloons' && typeof cursor === 'string',
    first.data ?? first.error,
  );
  const second = await getAccounts({ query: { tag, sort: 'name', limit: 2, cursor: cursor ?? undefined } });
  check(
    'getAccounts: the cursor gives the last page',
    second.data?.data.map((a) => a.name).join() === 'Cosmo Crates' && second.data.nextCursor === null,
    second.data ?? second.error,
  );

  // Change it under If-Match: a stale version is refused, the current one applies.
  const stale = await patchAccountsById({
    path: { id: account.id },
    headers: { 'if-match': '"7"' },
    body: { lifecycleStage: 'active' },
  });
  check('patchAccountsById: stale If-Match → 412 problem', stale.error?.status === 412, stale.error);
  const patched = await patchAccountsById({
    path: { id: account.id },
    headers: { 'if-match': etag ?? '' },
    body: { lifecycleStage: 'active', segment: 'enterprise' },
  });
  check(
    'patchAccountsById: current If-Match → 200, version 2',
    patched.data?.lifecycleStage === 'active' &&
      patched.data.segment === 'enterprise' &&
      patched.data.version === 2,
    patched.data ?? patched.error,
  );

  // Errors come as typed problem+json.
  const invalid = await postAccounts({ body: { name: '' } });
  check(
    'postAccounts: empty name → 400 problem naming the field',
    invalid.response.status === 400 &&
      invalid.response.headers.get('content-type')?.startsWith(PROBLEM) === true &&
      invalid.error?.type === 'urn:steward:problem:validation' &&
      invalid.error.errors?.some((e) => e.path === 'name') === true,
    invalid.error,
  );
  // @ts-expect-error the generated types know the body needs a name, and so does the server
  const nameless = await postAccounts({ body: { domain: 'nameless.com' } });
  check('postAccounts: no name → 400', nameless.error?.status === 400, nameless.error);
  const unknownField = await patchAccountsById({
    path: { id: account.id },
    // @ts-expect-error the generated types refuse unknown fields, and so does the server
    body: { colour: 'red' },
  });
  check('patchAccountsById: unknown field → 400', unknownField.error?.status === 400, unknownField.error);

  const missing = await getAccountsById({ path: { id: randomUUID() } });
  check(
    'getAccountsById: unknown id → 404 problem',
    missing.response.status === 404 &&
      missing.response.headers.get('content-type')?.startsWith(PROBLEM) === true &&
      missing.error?.status === 404 &&
      missing.error.type === 'urn:steward:problem:not_found',
    missing.error,
  );
}
