import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { continueImport, resumeImports } from '../../src/server/features/imports/index.ts';
import { type TestApp, testApp } from '../support/app.ts';
import { makeUser, type TestUser } from '../support/factories.ts';
import { client } from '../support/http.ts';

const fixture = (name: string) => readFileSync(path.join(import.meta.dirname, '../fixtures/imports', name));

let t: TestApp;
let admin: TestUser;
let ada: TestUser;
let grace: TestUser;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  t = await testApp({ fresh: true });
  admin = await makeUser(t.db, { role: 'admin' });
  ada = await makeUser(t.db, { email: 'ada@example.com', name: 'Ada Lovelace' });
  grace = await makeUser(t.db, { email: 'grace@example.com', name: 'Grace Hopper' });
  api = client(t.app, admin);
});
afterAll(() => t.close());

async function upload(entity: string, body: Buffer | string, name = 'file.csv') {
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/v1/imports?entity=${entity}`,
    headers: { ...admin.auth, 'content-type': 'text/csv', 'x-file-name': name },
    payload: body,
  });
  return { status: res.statusCode, body: res.json() };
}

/** Runs an import to its end in this process (the route starts it in the background). */
async function run(id: string) {
  const res = await api.raw.post(`/api/v1/imports/${id}/run`);
  expect(res.status).toBe(202);
  for (let i = 0; i < 200; i++) {
    const got = await api.raw.get(`/api/v1/imports/${id}`);
    if (got.body.status !== 'running') return got.body;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('import did not finish');
}

const count = async (table: string) =>
  Number(
    (
      (await t.db.execute(sql.raw(`select count(*)::int as n from ${table}`))) as unknown as {
        rows: { n: number }[];
      }
    ).rows?.[0]?.n ?? 0,
  );

describe('CSV import', () => {
  it('reads a Salesforce accounts export: mapping proposed from API names, duplicates and bad rows counted, re-import creates nothing', async () => {
    const up = await upload('accounts', fixture('salesforce-accounts.csv'), 'Account.csv');
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({
      entity: 'accounts',
      status: 'analysed',
      rows: 30,
      source: 'salesforce',
      encoding: 'utf-8',
      delimiter: ',',
    });
    expect(up.body.mapping).toMatchObject({
      Id: 'externalId',
      Name: 'name',
      Website: 'domain',
      Industry: 'industry',
      'Owner.Email': 'owner',
      ParentId: 'parentAccount',
      OwnerId: null,
    });
    expect(up.body.sample).toHaveLength(20);
    const dry = await api.raw.post(`/api/v1/imports/${up.body.id}/dry-run`);
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ create: 27, update: 0, skip: 1, errorCount: 2 });
    expect(dry.body.errors.map((e: { row: number }) => e.row)).toEqual([16, 18]);
    const done = await run(up.body.id);
    expect(done).toMatchObject({
      status: 'completed',
      progress: { done: 30, total: 30, created: 27, updated: 0, skipped: 1, failed: 2 },
    });
    const list = await api.get('/api/v1/accounts?limit=100');
    expect(list.body.data).toHaveLength(27);
    const acmeLabs = list.body.data.find((a: { name: string }) => a.name === 'Acme Labs');
    const acme = list.body.data.find((a: { name: string }) => a.name === 'Acme Corporation');
    expect(acmeLabs).toMatchObject({
      domain: 'acme.io',
      parentAccountId: acme.id,
      ownerId: expect.any(String),
    });
    // Every created account is scored, as one made through the API is.
    expect(list.body.data.every((a: { healthBand: string | null }) => a.healthBand !== null)).toBe(true);
    const errors = await t.app.inject({
      method: 'GET',
      url: `/api/v1/imports/${up.body.id}/errors.csv`,
      headers: admin.auth,
    });
    expect(errors.statusCode).toBe(200);
    const lines = errors.body
      .replace(/^\uFEFF/, '')
      .split('\r\n')
      .filter(Boolean);
    expect(lines[0]).toMatch(/^Id,Name,.*,error$/);
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain('linus@example.com');

    const again = await upload('accounts', fixture('salesforce-accounts.csv'));
    const second = await run(again.body.id);
    expect(second.progress).toMatchObject({ created: 0, updated: 0, failed: 2 });
    expect(await count('accounts')).toBe(27);
  });

  it('reads a Salesforce opportunities report after its accounts: labels, US dates and amounts, the footer left out; won deals come in as history', async () => {
    const contractsBefore = await count('contracts');
    const up = await upload('opportunities', fixture('salesforce-report-opportunities.csv'));
    expect(up.body).toMatchObject({ rows: 40, source: 'salesforce' });
    expect(up.body.mapping).toEqual({
      'Account Name': 'account',
      'Opportunity Name': 'name',
      Type: 'type',
      Stage: 'stage',
      Amount: 'amount',
      'Probability (%)': 'probability',
      'Close Date': 'closeDate',
      'Opportunity Owner': 'owner',
      'Created Date': null,
    });
    // The API's own rule: a closed_lost deal needs a lost reason; the report has none.
    const dry = (await api.raw.post(`/api/v1/imports/${up.body.id}/dry-run`)).body;
    expect(dry).toMatchObject({ create: 35, errorCount: 5 });
    expect(dry.errors.map((e: { row: number; message: string }) => `${e.row} ${e.message}`)).toEqual([
      '8 lostReason: is required for closed_lost',
      '18 lostReason: is required for closed_lost',
      '21 Amount: "TBD" is not a number',
      '28 lostReason: is required for closed_lost',
      '40 lostReason: is required for closed_lost',
    ]);
    // …which a default fills.
    await api.raw.patch(`/api/v1/imports/${up.body.id}`, {
      defaults: { lostReason: 'Not recorded in Salesforce' },
    });
    const done = await run(up.body.id);
    expect(done.progress).toMatchObject({ done: 40, created: 39, updated: 0, skipped: 0, failed: 1 });
    const deals = await api.get('/api/v1/opportunities?limit=100');
    const won = deals.body.data.filter((d: { stage: string }) => d.stage === 'closed_won');
    expect(won).toHaveLength(6);
    expect(
      won.every(
        (d: { probability: number; forecastCategory: string }) =>
          d.probability === 100 && d.forecastCategory === 'closed',
      ),
    ).toBe(true);
    // History: no contract made for the wins, none renewed.
    expect(await count('contracts')).toBe(contractsBefore);
    const again = await upload('opportunities', fixture('salesforce-report-opportunities.csv'));
    await api.raw.patch(`/api/v1/imports/${again.body.id}`, {
      defaults: { lostReason: 'Not recorded in Salesforce' },
    });
    expect((await run(again.body.id)).progress).toMatchObject({
      created: 0,
      updated: 0,
      skipped: 39,
      failed: 1,
    });
  });

  it('imports contracts with their history statuses, and the accounts get their ARR and renewal date', async () => {
    const csv = [
      'Account,Contract name,Start date,End date,ARR,Auto renew,Status',
      'acme.com,Acme 2025,2025-01-01,2025-12-31,"10,000.00",no,renewed',
      'acme.com,Acme 2026,2026-01-01,2027-06-30,12000,yes,active',
      'Acme Labs,Labs pilot,2026-03-01,2026-02-01,500,no,active',
    ].join('\n');
    const up = await upload('contracts', csv);
    expect(up.body.mapping).toMatchObject({
      Account: 'account',
      'Contract name': 'name',
      'Start date': 'startDate',
      'End date': 'endDate',
      ARR: 'arr',
      'Auto renew': 'autoRenew',
      Status: 'status',
    });
    const done = await run(up.body.id);
    expect(done.progress).toMatchObject({ created: 2, failed: 1 });
    const acme = (await api.get('/api/v1/accounts?q=Acme%20Corporation')).body.data[0];
    expect(acme).toMatchObject({ arr: 12000, renewalDate: '2027-06-30' });
    const errors = await t.app.inject({
      method: 'GET',
      url: `/api/v1/imports/${up.body.id}/errors.csv`,
      headers: admin.auth,
    });
    expect(errors.body).toContain('must be on or after startDate');
  });

  it('imports activities (moving the last touch) and signals, each once however often the file comes', async () => {
    const activitiesCsv = [
      'Account,Type,Subject,Date',
      'acme.com,Call,Quarterly check-in,2026-11-20 10:00',
      'acme.com,Email,Follow-up,11/21/2026',
    ].join('\n');
    const up = await upload('activities', activitiesCsv);
    expect((await run(up.body.id)).progress).toMatchObject({ created: 2, failed: 0 });
    const acme = (await api.get('/api/v1/accounts?q=Acme%20Corporation')).body.data[0];
    expect(acme.lastTouchAt).toBe('2026-11-21T00:00:00.000Z');
    const again = await upload('activities', activitiesCsv);
    expect((await run(again.body.id)).progress).toMatchObject({ created: 0, skipped: 2 });
    const signalsCsv = [
      'Account,Metric,Value,Recorded at',
      'acme.com,nps,42,2026-11-01T00:00:00Z',
      'acme.com,logins,1200,2026-11-01T00:00:00Z',
      'acme.com,days_since_last_touch,1,2026-11-01T00:00:00Z',
    ].join('\n');
    const s1 = await upload('signals', signalsCsv);
    const r1 = await run(s1.body.id);
    expect(r1.progress).toMatchObject({ created: 2, failed: 1 });
    const s2 = await upload('signals', signalsCsv);
    expect((await run(s2.body.id)).progress).toMatchObject({ created: 0, skipped: 2, failed: 1 });
  });

  it('reads a Windows-1252, semicolon-separated spreadsheet with accents', async () => {
    const up = await upload('accounts', fixture('spreadsheet-accounts-semicolon.csv'));
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({ encoding: 'windows-1252', delimiter: ';', source: 'generic' });
    expect(Object.values(up.body.mapping)).toEqual(
      expect.arrayContaining(['name', 'domain', 'owner', 'segment', 'industry', 'tags']),
    );
    const names = up.body.sample.map((s: { values: Record<string, string> }) => Object.values(s.values)[0]);
    expect(names).toEqual(expect.arrayContaining(['Société Générale']));
    const done = await run(up.body.id);
    // Müller/Mueller GmbH share a domain (the later row wins), one row has no name, one segment
    // (Key account) is not Steward's; every accent arrives whole.
    expect(done.progress).toMatchObject({ done: 24, created: 21, updated: 0, skipped: 1, failed: 2 });
    const cafe = (await api.get('/api/v1/accounts?q=Caf%C3%A9')).body.data.map(
      (a: { name: string }) => a.name,
    );
    expect(cafe).toContain('Café Ñandú');
    const again = await upload('accounts', fixture('spreadsheet-accounts-semicolon.csv'));
    expect((await run(again.body.id)).progress).toMatchObject({
      created: 0,
      updated: 0,
      skipped: 22,
      failed: 2,
    });
  });

  it('reads HubSpot companies with a BOM, then their contacts by company name', async () => {
    const up = await upload('accounts', fixture('hubspot-companies.csv'));
    expect(up.body).toMatchObject({ source: 'hubspot', encoding: 'utf-8' });
    expect(up.body.headers[0]).toBe('Record ID');
    expect(up.body.mapping).toMatchObject({
      'Record ID': 'externalId',
      'Company name': 'name',
      'Company Domain Name': 'domain',
      'Website URL': null,
      'Company owner': 'owner',
      'Lifecycle Stage': 'lifecycleStage',
    });
    const done = await run(up.body.id);
    expect(done.status).toBe('completed');
    expect(done.progress.created).toBeGreaterThan(0);
    const contacts = await upload('contacts', fixture('hubspot-contacts.csv'));
    expect(contacts.body.mapping).toMatchObject({
      'Record ID': 'externalId',
      'First Name': 'firstName',
      Email: 'email',
      'Associated Company': 'account',
      'Job Title': 'title',
    });
    const cd = await api.raw.post(`/api/v1/imports/${contacts.body.id}/dry-run`);
    expect(cd.body).toMatchObject({ create: 37, update: 0, skip: 1, errorCount: 2 });
    const c = await run(contacts.body.id);
    expect(c.status).toBe('completed');
    expect(c.progress).toMatchObject({ done: 40, created: 37, skipped: 1, failed: 2 });
    const again = await upload('contacts', fixture('hubspot-contacts.csv'));
    const c2 = await run(again.body.id);
    expect(c2.progress).toMatchObject({ created: 0, updated: 0 });
  });

  it('takes the raw file over real HTTP, streamed (not only through inject)', async () => {
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const res = await fetch(`${address}/api/v1/imports?entity=accounts`, {
        method: 'POST',
        headers: {
          ...admin.auth,
          'content-type': 'text/csv',
          'x-file-name': encodeURIComponent('Bücher.csv'),
        },
        body: 'Account name,Domain\nHttp Upload Ltd,http-upload.example\n',
      });
      expect(res.status).toBe(201);
      expect(await res.json()).toMatchObject({ fileName: 'Bücher.csv', rows: 1 });
    } finally {
      await t.app.server.close();
    }
  });

  it('takes the file from a browser form (multipart/form-data, field file)', async () => {
    const boundary = '----steward-test';
    const body = [
      `--${boundary}`,
      'Content-Disposition: form-data; name="file"; filename="book.csv"',
      'Content-Type: text/csv',
      '',
      'Account name,Domain\r\nForm Upload Ltd,form-upload.example\r\n',
      `--${boundary}--`,
      '',
    ].join('\r\n');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/imports?entity=accounts',
      headers: { ...admin.auth, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: body,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      fileName: 'book.csv',
      rows: 1,
      mapping: { 'Account name': 'name', Domain: 'domain' },
    });
    const noFile = await t.app.inject({
      method: 'POST',
      url: '/api/v1/imports?entity=accounts',
      headers: { ...admin.auth, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: [
        `--${boundary}`,
        'Content-Disposition: form-data; name="other"',
        '',
        'x',
        `--${boundary}--`,
        '',
      ].join('\r\n'),
    });
    expect(noFile.statusCode).toBe(400);
    expect(noFile.json().errors[0].path).toBe('file');
  });

  it('refuses what a client sends wrong, naming the field', async () => {
    const empty = await upload('accounts', '');
    expect(empty.status).toBe(400);
    const unclosed = await upload('accounts', 'Name,Domain\n"Acme,acme.com\n');
    expect(unclosed.status).toBe(400);
    expect(unclosed.body.errors[0].path).toBe('file');
    expect(unclosed.body.detail).toMatch(/^The file is not a readable CSV: /);
    const json = await t.app.inject({
      method: 'POST',
      url: '/api/v1/imports?entity=accounts',
      headers: { ...admin.auth, 'content-type': 'application/json', 'x-file-name': '%E0%A4%A' },
      payload: [1, 2],
    });
    expect(json.statusCode).toBe(415);
    const oddName = await t.app.inject({
      method: 'POST',
      url: '/api/v1/imports?entity=accounts',
      headers: { ...admin.auth, 'content-type': 'text/csv', 'x-file-name': '%E0%A4%A' },
      payload: 'Name\nOdd',
    });
    expect(oddName.statusCode).toBe(201);
    expect(oddName.json().fileName).toBe('%E0%A4%A');
    const bad = await upload('widgets', 'a,b\n1,2');
    expect(bad.status).toBe(400);
    const other = await t.app.inject({
      method: 'POST',
      url: '/api/v1/imports?entity=accounts',
      headers: { ...ada.auth, 'content-type': 'text/csv' },
      payload: 'name\nX',
    });
    expect(other.statusCode).toBe(403);
    const up = await upload('accounts', 'Name,Domain\nA,a.com\n');
    const wrong = await api.raw.patch(`/api/v1/imports/${up.body.id}`, { mapping: { Name: 'nope' } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors[0].path).toBe('mapping.Name');
    expect(grace.id).toBeTruthy();
  });

  it('resumes a run killed mid-import from its last committed batch: no row lost or doubled', async () => {
    const lines = ['Name,Domain,Owner email'];
    for (let i = 1; i <= 2500; i++) lines.push(`Resume ${i},resume-${i}.example,ada@example.com`);
    const up = await upload('accounts', lines.join('\r\n'));
    expect(up.body.rows).toBe(2500);
    const id = up.body.id;
    await t.db.execute(
      sql`update imports set status = 'running', lease_until = now() + interval '2 minutes' where id = ${id}`,
    );
    // The process dies while writing its second batch: nothing after the first commits, not even the end.
    let batches = 0;
    const dying = {
      db: t.db,
      clock: t.deps.clock,
      react: async (...args: Parameters<typeof t.deps.react>) => {
        if (args[2].some((e) => e.type.startsWith('import.')) && ++batches > 1) throw new Error('killed');
        return t.deps.react(...args);
      },
    };
    await expect(continueImport(dying, id)).rejects.toThrow('killed');
    const resumed = (n: string) =>
      t.db.execute(
        sql.raw(`select count(*)::int as n from accounts where name like '${n}'`),
      ) as unknown as Promise<{ rows: { n: number }[] }>;
    const state = async () =>
      (
        (await t.db.execute(
          sql`select status, committed_rows as "committed", progress from imports where id = ${id}`,
        )) as unknown as {
          rows: { status: string; committed: number; progress: { created: number; done: number } }[];
        }
      ).rows[0]!;
    expect(await state()).toMatchObject({
      status: 'running',
      committed: 1000,
      progress: { created: 1000, done: 1000 },
    });
    expect((await resumed('Resume %')).rows[0]!.n).toBe(1000);
    // Its lease still runs: no other process takes it yet.
    await resumeImports({ db: t.db, clock: t.deps.clock, react: t.deps.react, config: t.deps.config });
    expect((await state()).committed).toBe(1000);
    // Past the lease, any process picks it up and finishes it.
    const past = new Date(t.deps.clock.now().getTime() - 1000);
    await t.db.execute(
      sql`update imports set lease_until = ${past.toISOString()}::timestamptz where id = ${id}`,
    );
    await resumeImports({ db: t.db, clock: t.deps.clock, react: t.deps.react, config: t.deps.config });
    expect(await state()).toMatchObject({
      status: 'completed',
      committed: 2500,
      progress: { created: 2500, done: 2500 },
    });
    expect((await resumed('Resume %')).rows[0]!.n).toBe(2500);
    const distinct = (await t.db.execute(
      sql`select count(distinct name)::int as n from accounts where name like 'Resume %'`,
    )) as unknown as { rows: { n: number }[] };
    expect(distinct.rows[0]!.n).toBe(2500);
  });
});
