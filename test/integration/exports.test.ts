import { gunzipSync } from 'node:zlib';
import { en, Faker } from '@faker-js/faker';
import { parse } from 'csv-parse/sync';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/server/clock.ts';
import { accounts } from '../../src/server/features/accounts/index.ts';
import { accountRow, insertChunked } from '../../src/server/seed/factories.ts';
import { type TestApp, testApp } from '../support/app.ts';
import {
  type CastMember,
  makeAccount,
  makeScopeCast,
  makeUser,
  type TestUser,
  unique,
} from '../support/factories.ts';
import { client } from '../support/http.ts';

const TODAY = '2026-12-06';
let t: TestApp;
let cast: Record<CastMember, TestUser>;

beforeAll(async () => {
  t = await testApp({ clock: fixedClock(TODAY) });
  cast = await makeScopeCast(t.db);
});
afterAll(() => t.close());

/** One export through the whole HTTP stack: the raw answer, its text and its records by header. */
async function exportAs(user: TestUser | null, url: string, headers: Record<string, string> = {}) {
  const res = await t.app.inject({ method: 'GET', url, headers: { ...user?.auth, ...headers } });
  const records =
    res.statusCode === 200
      ? (parse(res.body, { bom: true, columns: true, relax_column_count: false }) as Record<string, string>[])
      : [];
  return { res, text: res.body, records };
}

/** Every id the list gives for `query`, page by page at its largest page. */
async function listIds(user: TestUser, path: string, query: string): Promise<string[]> {
  const api = client(t.app, user);
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const url = `${path}?${query}&limit=200${cursor ? `&cursor=${cursor}` : ''}`;
    const page = await api.raw.get(url);
    expect(page.status).toBe(200);
    ids.push(...page.body.data.map((r: { id: string }) => r.id));
    cursor = page.body.nextCursor;
  } while (cursor);
  return ids;
}

const ACCOUNT_HEADER =
  'id,name,domain,industry,segment,lifecycleStage,ownerEmail,parentAccountId,checkInCadenceDays,tags,arr,renewalDate,healthScore,healthBand,churnRisk,nextCheckInDue,lastTouchAt,createdAt,updatedAt';

describe('GET /api/v1/exports/<entity>.csv', () => {
  it('writes accounts as RFC 4180 text: BOM, CRLF, quoting, tags, custom-field columns, plain numbers', async () => {
    const owner = await makeUser(t.db);
    const domain = `${unique('acme')}.example.com`;
    const [acme] = await t.db
      .insert(accounts)
      .values({
        name: 'Acme, Inc.',
        domain,
        industry: 'Software',
        segment: 'enterprise',
        lifecycleStage: 'active',
        ownerId: owner.id,
        checkInCadenceDays: 14,
        tags: ['emea', 'strategic'],
        customFields: { region: 'North "East"', seats: 12 },
        arr: 12000.5,
        renewalDate: '2027-03-31',
        healthScore: 72,
        healthBand: 'green',
        churnRisk: 'low',
        lastTouchAt: new Date('2026-11-30T10:00:00.000Z'),
        createdAt: new Date('2026-01-02T03:04:05.678Z'),
        updatedAt: new Date('2026-01-02T03:04:05.678Z'),
      })
      .returning();
    const [beta] = await t.db
      .insert(accounts)
      .values({
        name: 'Beta "Quoted"',
        industry: 'Line one\nLine two',
        segment: 'smb',
        lifecycleStage: 'prospect',
        ownerId: owner.id,
        parentAccountId: acme!.id,
        checkInCadenceDays: 60,
        customFields: { plan: ' gold ' },
        createdAt: new Date('2026-02-03T00:00:00.000Z'),
        updatedAt: new Date('2026-02-03T00:00:00.000Z'),
      })
      .returning();

    const { res, text } = await exportAs(owner, `/api/v1/exports/accounts.csv?ownerId=${owner.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="accounts-${TODAY}.csv"`);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(text).toBe(
      '\uFEFF' +
        `${ACCOUNT_HEADER},customFields.plan,customFields.region,customFields.seats\r\n` +
        `${acme!.id},"Acme, Inc.",${domain},Software,enterprise,active,${owner.email},,14,emea; strategic,12000.5,2027-03-31,72,green,low,2026-12-14,2026-11-30T10:00:00.000Z,2026-01-02T03:04:05.678Z,2026-01-02T03:04:05.678Z,,"North ""East""",12\r\n` +
        `${beta!.id},"Beta ""Quoted""",,"Line one\nLine two",smb,prospect,${owner.email},${acme!.id},60,,0,,,,,2026-04-04,,2026-02-03T00:00:00.000Z,2026-02-03T00:00:00.000Z," gold ",,\r\n`,
    );

    // HEAD: the headers alone.
    const head = await t.app.inject({
      method: 'HEAD',
      url: `/api/v1/exports/accounts.csv?ownerId=${owner.id}`,
      headers: owner.auth,
    });
    expect(head.statusCode).toBe(200);
    expect(head.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(head.body).toBe('');

    // Gzipped when the client asks, the same text inside.
    const zipped = await t.app.inject({
      method: 'GET',
      url: `/api/v1/exports/accounts.csv?ownerId=${owner.id}`,
      headers: { ...owner.auth, 'accept-encoding': 'gzip' },
    });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(zipped.rawPayload).toString('utf8')).toBe(text);
  });

  it('writes only the header, and no custom-field columns, when nothing matches', async () => {
    const owner = await makeUser(t.db);
    const { res, text } = await exportAs(owner, `/api/v1/exports/accounts.csv?ownerId=${owner.id}`);
    expect(res.statusCode).toBe(200);
    expect(text).toBe(`\uFEFF${ACCOUNT_HEADER}\r\n`);
  });

  it('takes the list’s filters: the same accounts, in the same order, as the list', async () => {
    const owner = await makeUser(t.db);
    const made = [];
    for (const segment of ['enterprise', 'smb', 'enterprise', 'mid_market'] as const) {
      const a = await makeAccount(t.db, owner.id);
      await t.db
        .update(accounts)
        .set({ segment, customFields: segment === 'smb' ? { onlySmb: 'x' } : {} })
        .where(eq(accounts.id, a.id));
      made.push(a.id);
    }
    for (const query of [
      `ownerId=${owner.id}`,
      `ownerId=${owner.id}&segment=enterprise`,
      `ownerId=${owner.id}&segment=smb&sort=-name`,
    ]) {
      const { records, text } = await exportAs(cast.admin, `/api/v1/exports/accounts.csv?${query}`);
      const ids = await listIds(cast.admin, '/api/v1/accounts', query);
      expect(records.map((r) => r.id)).toEqual(ids);
      // Custom-field columns come from the exported rows only.
      expect(text.split('\r\n')[0]!.includes('customFields.onlySmb')).toBe(!query.includes('enterprise'));
    }
    expect(
      (await exportAs(cast.admin, `/api/v1/exports/accounts.csv?ownerId=${owner.id}`)).records,
    ).toHaveLength(4);
  });

  it('holds what the caller may see, as the list does', async () => {
    const mine = await makeAccount(t.db, cast.am1.id);
    const onTeam = await makeAccount(t.db, cast.am2.id, [cast.am1.id, cast.mem.id]);
    const theirs = await makeAccount(t.db, cast.am2.id);
    const elsewhere = await makeAccount(t.db, cast.other.id);
    const ours = [mine.id, onTeam.id, theirs.id, elsewhere.id];
    const seen = async (who: CastMember) => {
      const { res, records } = await exportAs(cast[who], '/api/v1/exports/accounts.csv');
      expect(res.statusCode).toBe(200);
      const ids = records.map((r) => r.id);
      // The viewer's scope is every account: other suites may add some meanwhile on a shared database.
      if (who !== 'viewer') expect(ids).toEqual(await listIds(cast[who], '/api/v1/accounts', 'sort=name'));
      return ours.filter((id) => ids.includes(id)).sort();
    };
    const sorted = (...ids: string[]) => [...ids].sort();
    expect(await seen('am1')).toEqual(sorted(mine.id, onTeam.id));
    expect(await seen('am2')).toEqual(sorted(onTeam.id, theirs.id));
    expect(await seen('mem')).toEqual(sorted(onTeam.id));
    expect(await seen('mgr')).toEqual(sorted(mine.id, onTeam.id, theirs.id));
    expect(await seen('viewer')).toEqual(sorted(...ours));

    // Children follow their account's scope.
    const api = client(t.app, cast.am2);
    await api.post('/api/v1/contacts', { accountId: theirs.id, firstName: 'Hidden' });
    const contacts = await exportAs(cast.am1, `/api/v1/exports/contacts.csv?accountId=${theirs.id}`);
    expect(contacts.res.statusCode).toBe(200);
    expect(contacts.records).toEqual([]);
  });

  it('writes contacts, activities, opportunities and contracts with the account name and owner e-mail', async () => {
    const owner = await makeUser(t.db);
    const api = client(t.app, owner);
    const account = (await api.post('/api/v1/accounts', { name: 'Gamma, "the" Co' })).body;
    const other = (await api.post('/api/v1/accounts', { name: unique('Other') })).body;
    const ana = (
      await api.post('/api/v1/contacts', {
        accountId: account.id,
        firstName: 'Ana',
        lastName: 'Ruiz',
        email: 'ana@gamma.test',
        isPrimary: true,
        notes: 'Prefers calls,\r\nnever e-mail',
      })
    ).body;
    await api.post('/api/v1/contacts', { accountId: other.id, firstName: 'Bo' });
    const call = (
      await api.post('/api/v1/activities', {
        accountId: account.id,
        type: 'call',
        subject: 'Kick-off',
        occurredAt: '2026-12-01T09:30:00.000Z',
        sentiment: 'positive',
      })
    ).body;
    const deal = (
      await api.post('/api/v1/opportunities', {
        accountId: account.id,
        name: 'Upsell',
        type: 'upsell',
        amount: 2500.25,
        closeDate: '2027-01-15',
        nextStep: 'Demo',
      })
    ).body;
    const contract = (
      await api.post('/api/v1/contracts', {
        accountId: account.id,
        name: 'MSA',
        startDate: '2026-01-01',
        endDate: '2026-12-31',
        arr: 1200,
      })
    ).body;

    const contacts = await exportAs(owner, `/api/v1/exports/contacts.csv?accountId=${account.id}`);
    expect(contacts.text.split('\r\n')[0]).toBe(
      '\uFEFFid,accountId,accountName,firstName,lastName,email,phone,title,role,isPrimary,notes,lastContactedAt,createdAt,updatedAt',
    );
    expect(contacts.records).toEqual([
      {
        id: ana.id,
        accountId: account.id,
        accountName: 'Gamma, "the" Co',
        firstName: 'Ana',
        lastName: 'Ruiz',
        email: 'ana@gamma.test',
        phone: '',
        title: '',
        role: '',
        isPrimary: 'true',
        notes: 'Prefers calls,\r\nnever e-mail',
        lastContactedAt: ana.lastContactedAt ?? '',
        createdAt: ana.createdAt,
        updatedAt: ana.updatedAt,
      },
    ]);
    expect(contacts.records.map((r) => r.id)).toEqual(
      await listIds(owner, '/api/v1/contacts', `accountId=${account.id}`),
    );

    const activities = await exportAs(owner, `/api/v1/exports/activities.csv?accountId=${account.id}`);
    expect(activities.text.split('\r\n')[0]).toBe(
      '\uFEFFid,accountId,accountName,type,subject,body,occurredAt,sentiment,createdAt,updatedAt',
    );
    expect(activities.records).toEqual([
      {
        id: call.id,
        accountId: account.id,
        accountName: 'Gamma, "the" Co',
        type: 'call',
        subject: 'Kick-off',
        body: '',
        occurredAt: '2026-12-01T09:30:00.000Z',
        sentiment: 'positive',
        createdAt: call.createdAt,
        updatedAt: call.updatedAt,
      },
    ]);

    const deals = await exportAs(owner, `/api/v1/exports/opportunities.csv?accountId=${account.id}`);
    expect(deals.text.split('\r\n')[0]).toBe(
      '\uFEFFid,accountId,accountName,name,type,stage,amount,probability,forecastCategory,closeDate,ownerEmail,source,nextStep,nextStepDue,lostReason,createdAt,updatedAt',
    );
    expect(deals.records).toEqual([
      {
        id: deal.id,
        accountId: account.id,
        accountName: 'Gamma, "the" Co',
        name: 'Upsell',
        type: 'upsell',
        stage: deal.stage,
        amount: '2500.25',
        probability: String(deal.probability),
        forecastCategory: deal.forecastCategory,
        closeDate: '2027-01-15',
        ownerEmail: owner.email,
        source: '',
        nextStep: 'Demo',
        nextStepDue: '',
        lostReason: '',
        createdAt: deal.createdAt,
        updatedAt: deal.updatedAt,
      },
    ]);

    const contracts = await exportAs(owner, `/api/v1/exports/contracts.csv?accountId=${account.id}`);
    expect(contracts.text.split('\r\n')[0]).toBe(
      '\uFEFFid,accountId,accountName,name,startDate,endDate,arr,autoRenew,upliftPercent,renewalWindowDays,status,createdAt,updatedAt',
    );
    expect(contracts.records).toEqual([
      {
        id: contract.id,
        accountId: account.id,
        accountName: 'Gamma, "the" Co',
        name: 'MSA',
        startDate: '2026-01-01',
        endDate: '2026-12-31',
        arr: '1200',
        autoRenew: String(contract.autoRenew),
        upliftPercent: String(contract.upliftPercent),
        renewalWindowDays: String(contract.renewalWindowDays),
        status: contract.status,
        createdAt: contract.createdAt,
        updatedAt: contract.updatedAt,
      },
    ]);
  });

  it('writes issues and feedback: id, account, every field of the row in order, then the stamps', async () => {
    const owner = await makeUser(t.db);
    const api = client(t.app, owner);
    const account = (await api.post('/api/v1/accounts', { name: unique('Delta') })).body;
    const issue = (
      await api.post('/api/v1/issues', {
        accountId: account.id,
        title: 'Login fails',
        severity: 'p2',
        openedAt: '2026-12-01T08:00:00.000Z',
      })
    ).body;
    const idea = (await api.post('/api/v1/feedback', { accountId: account.id, title: 'Dark mode' })).body;

    const issues = await exportAs(owner, `/api/v1/exports/issues.csv?accountId=${account.id}`);
    expect(issues.text.split('\r\n')[0]).toBe(
      '\uFEFFid,accountId,accountName,title,description,severity,status,internalTeam,assigneeId,reportedByContactId,openedAt,slaDueAt,resolvedAt,breached,createdById,createdAt,updatedAt',
    );
    expect(issues.records).toEqual([
      {
        id: issue.id,
        accountId: account.id,
        accountName: account.name,
        title: 'Login fails',
        description: '',
        severity: 'p2',
        status: issue.status,
        internalTeam: '',
        assigneeId: '',
        reportedByContactId: '',
        openedAt: '2026-12-01T08:00:00.000Z',
        slaDueAt: issue.slaDueAt,
        resolvedAt: '',
        breached: String(issue.breached),
        createdById: owner.id,
        createdAt: issue.createdAt,
        updatedAt: issue.updatedAt,
      },
    ]);

    const feedback = await exportAs(owner, `/api/v1/exports/feedback.csv?accountId=${account.id}`);
    expect(feedback.text).toBe(
      '\uFEFFid,accountId,accountName,contactId,title,body,productArea,status,createdById,createdAt,updatedAt\r\n' +
        `${idea.id},${account.id},${account.name},,Dark mode,,,new,${owner.id},${idea.createdAt},${idea.updatedAt}\r\n`,
    );
  });

  it('refuses what the list refuses, as problem+json naming the field, before writing anything', async () => {
    const cases: [string, string][] = [
      ['/api/v1/exports/accounts.csv?segment=huge', 'segment'],
      ['/api/v1/exports/accounts.csv?sort=color', 'sort'],
      ['/api/v1/exports/accounts.csv?renewalBefore=2026-02-30', 'renewalBefore'],
      ['/api/v1/exports/contacts.csv?accountId=nope', 'accountId'],
      ['/api/v1/exports/activities.csv?from=yesterday', 'from'],
      ['/api/v1/exports/issues.csv?breached=maybe', 'breached'],
      // Paging is the export's own: the list's limit and cursor are not taken.
      ['/api/v1/exports/accounts.csv?limit=10', 'limit'],
      ['/api/v1/exports/feedback.csv?cursor=abc', 'cursor'],
    ];
    for (const [url, field] of cases) {
      const { res } = await exportAs(cast.admin, url);
      expect(res.statusCode, url).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json().errors.map((e: { path: string }) => e.path)).toContain(field);
    }
    const anonymous = await exportAs(null, '/api/v1/exports/accounts.csv');
    expect(anonymous.res.statusCode).toBe(401);
    expect(anonymous.res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const badKey = await exportAs(null, '/api/v1/exports/accounts.csv', { authorization: 'Bearer nope' });
    expect(badKey.res.statusCode).toBe(401);
    const unknown = await exportAs(cast.admin, '/api/v1/exports/invoices.csv');
    expect(unknown.res.statusCode).toBe(404);
  });

  it('round-trips through the CSV import in upsert mode: every row read back unchanged, none written', async () => {
    const owner = await makeUser(t.db);
    const api = client(t.app, owner);
    const acme = (
      await api.post('/api/v1/accounts', {
        name: 'Acme, "Inc"',
        domain: `${unique('acme')}.example.com`,
        industry: 'Line one\nLine two',
        segment: 'enterprise',
        lifecycleStage: 'active',
        tags: ['emea', 'strategic'],
        customFields: { region: 'North "East"', tier: 'gold' },
      })
    ).body;
    const beta = (await api.post('/api/v1/accounts', { name: 'Beta', parentAccountId: acme.id })).body;
    await api.post('/api/v1/contacts', {
      accountId: acme.id,
      firstName: 'Ana',
      email: 'ana@acme.test',
      role: 'champion',
      isPrimary: true,
      notes: 'Prefers calls,\nnever e-mail',
    });
    await api.post('/api/v1/activities', {
      accountId: acme.id,
      type: 'call',
      subject: 'Kick-off, "finally"',
      occurredAt: '2026-11-01T10:00:00.000Z',
      sentiment: 'positive',
    });
    await api.post('/api/v1/opportunities', {
      accountId: acme.id,
      name: 'Upsell',
      type: 'upsell',
      amount: 1000.5,
      closeDate: '2027-01-01',
      nextStep: 'Demo',
    });
    await api.post('/api/v1/contracts', {
      accountId: beta.id,
      name: 'MSA',
      startDate: '2026-01-01',
      endDate: '2026-12-31',
      arr: 1200,
      upliftPercent: 3.5,
    });
    const queries = {
      accounts: `ownerId=${owner.id}`,
      contacts: `accountId=${acme.id}`,
      activities: `accountId=${acme.id}`,
      opportunities: `accountId=${acme.id}`,
      contracts: `accountId=${beta.id}`,
    } as const;
    const lists = async () => {
      const out: Record<string, unknown> = {};
      for (const [entity, query] of Object.entries(queries))
        out[entity] = (await api.raw.get(`/api/v1/${entity}?${query}`)).body.data;
      return out;
    };
    const before = await lists();
    const admin = client(t.app, cast.admin);
    for (const [entity, query] of Object.entries(queries)) {
      const { res } = await exportAs(cast.admin, `/api/v1/exports/${entity}.csv?${query}`);
      const upload = await t.app.inject({
        method: 'POST',
        url: `/api/v1/imports?entity=${entity}`,
        headers: { ...cast.admin.auth, 'content-type': 'text/csv', 'x-file-name': `${entity}.csv` },
        payload: res.rawPayload,
      });
      expect(upload.statusCode, entity).toBe(201);
      const id = upload.json().id;
      expect((await admin.raw.patch(`/api/v1/imports/${id}`, { mode: 'upsert' })).status).toBe(200);
      expect((await admin.raw.post(`/api/v1/imports/${id}/run`)).status).toBe(202);
      let done = (await admin.raw.get(`/api/v1/imports/${id}`)).body;
      for (let i = 0; i < 200 && done.status === 'running'; i++) {
        await new Promise((r) => setTimeout(r, 50));
        done = (await admin.raw.get(`/api/v1/imports/${id}`)).body;
      }
      expect(done.status, entity).toBe('completed');
      expect(done.progress, entity).toMatchObject({ created: 0, updated: 0, failed: 0 });
    }
    expect(await lists()).toEqual(before);
  });

  it('walks every page: 2,500 accounts, complete, in list order, none twice', async () => {
    const owner = await makeUser(t.db);
    const f = new Faker({ locale: [en] });
    f.seed(7);
    const now = new Date(`${TODAY}T12:00:00.000Z`);
    const rows = Array.from({ length: 2500 }, (_, i) => accountRow(f, owner.id, i, now));
    await insertChunked(t.db, accounts, rows);
    for (const query of [`ownerId=${owner.id}`, `ownerId=${owner.id}&sort=-updatedAt`]) {
      const { records, text } = await exportAs(cast.admin, `/api/v1/exports/accounts.csv?${query}`);
      const ids = records.map((r) => r.id);
      expect(ids).toHaveLength(2500);
      expect(new Set(ids).size).toBe(2500);
      expect(ids).toEqual(await listIds(cast.admin, '/api/v1/accounts', query));
      expect(text.startsWith('\uFEFFid,name,')).toBe(true);
      expect(text.endsWith('\r\n')).toBe(true);
    }
    // As the owner too: an account manager's scope is the list's two-branch page.
    const { records } = await exportAs(owner, '/api/v1/exports/accounts.csv?sort=name');
    expect(records.map((r) => r.id)).toEqual(await listIds(owner, '/api/v1/accounts', 'sort=name'));
  });
});
