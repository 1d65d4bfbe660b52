import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORIGIN, type TestApp, testApp } from '../support/app.ts';
import { day } from '../support/clock.ts';
import { makeUser, type TestUser, unique } from '../support/factories.ts';

let t: TestApp;
let am: TestUser;
let colleague: TestUser;
let other: TestUser;
let admin: TestUser;

beforeAll(async () => {
  t = await testApp();
  am = await makeUser(t.db, { role: 'account_manager', name: 'Ada Lovelace' });
  colleague = await makeUser(t.db, { role: 'account_manager', name: 'Charles Babbage' });
  other = await makeUser(t.db, { role: 'account_manager', name: 'Someone Else' });
  admin = await makeUser(t.db, { role: 'admin' });
});
afterAll(() => t.close());

async function call(user: TestUser | null, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) {
  const res = await t.app.inject({
    method,
    url,
    headers: user ? { ...user.auth, origin: ORIGIN } : {},
    payload,
  });
  const json = res.headers['content-type']?.toString().startsWith('application/json');
  return { status: res.statusCode, headers: res.headers, body: json ? res.json() : res.body };
}

async function ok(user: TestUser, method: 'POST' | 'PATCH', url: string, payload?: object) {
  const res = await call(user, method, url, payload);
  expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
  return res.body;
}

/** The feed behind a URL the API gave, fetched without credentials. */
async function fetchFeed(url: string) {
  expect(url.startsWith(`${ORIGIN}/api/v1/calendar/`)).toBe(true);
  return call(null, 'GET', url.slice(ORIGIN.length));
}

interface ParsedEvent {
  uid: string;
  summary: string;
  sequence: number;
  status: string;
  start: string;
  end: string | null;
  allDay: boolean;
  attendees: string[];
  url: string;
  stamp: string;
}

function parse(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const events: ParsedEvent[] = calendar.getAllSubcomponents('vevent').map((v) => {
    const e = new ICAL.Event(v);
    return {
      uid: e.uid,
      summary: e.summary,
      sequence: e.sequence,
      status: String(v.getFirstPropertyValue('status')),
      start: e.startDate.toString(),
      end: v.hasProperty('dtend') ? e.endDate.toString() : null,
      allDay: e.startDate.isDate,
      attendees: e.attendees.map((a) => `${a.getParameter('cn')} <${String(a.getFirstValue())}>`).sort(),
      url: String(v.getFirstPropertyValue('url')),
      stamp: String(v.getFirstPropertyValue('dtstamp')),
    };
  });
  return { name: String(calendar.getFirstPropertyValue('x-wr-calname')), events };
}

describe('calendar feed', () => {
  let account: { id: string; name: string };
  let otherAccount: { id: string };
  let meeting: { id: string };
  let cancelled: { id: string };
  let contract: { id: string };
  let task: { id: string };
  let feedUrl: string;

  beforeAll(async () => {
    account = await ok(am, 'POST', '/api/v1/accounts', { name: unique('Acme') });
    otherAccount = await ok(other, 'POST', '/api/v1/accounts', { name: unique('Globex') });
    const contact = await ok(am, 'POST', '/api/v1/contacts', {
      accountId: account.id,
      firstName: 'Grace',
      lastName: 'Hopper',
      email: 'grace@acme.test',
    });
    meeting = await ok(am, 'POST', '/api/v1/meetings', {
      accountId: account.id,
      kind: 'business_review',
      title: 'Quarterly review',
      scheduledAt: `${day(3)}T15:00:00.000Z`,
      durationMinutes: 45,
      agenda: 'Adoption and renewal',
      userIds: [am.id, colleague.id],
      contactIds: [contact.id],
    });
    cancelled = await ok(am, 'POST', '/api/v1/meetings', {
      accountId: account.id,
      kind: 'check_in',
      title: 'Check-in',
      scheduledAt: `${day(5)}T09:30:00.000Z`,
      status: 'cancelled',
    });
    contract = await ok(am, 'POST', '/api/v1/contracts', {
      accountId: account.id,
      name: 'Platform 2026',
      startDate: day(-300),
      endDate: day(65),
      arr: 12000,
      status: 'active',
    });
    task = await ok(am, 'POST', '/api/v1/tasks', {
      title: 'Send the proposal',
      accountId: account.id,
      dueDate: day(10),
    });
    // At the window's edges: 90 days back and 365 ahead are in, a day further is out.
    await ok(am, 'POST', '/api/v1/tasks', { title: 'Oldest in window', dueDate: day(-90) });
    await ok(am, 'POST', '/api/v1/tasks', { title: 'Newest in window', dueDate: day(365) });
    await ok(am, 'POST', '/api/v1/tasks', { title: 'Too late', dueDate: day(366) });
    await ok(am, 'POST', '/api/v1/meetings', {
      accountId: account.id,
      kind: 'other',
      title: 'Too early',
      scheduledAt: `${day(-91)}T23:00:00.000Z`,
    });
    // Not the user's: closed tasks, and another user's account, meeting and task.
    const done = await ok(am, 'POST', '/api/v1/tasks', { title: 'Already done', dueDate: day(2) });
    await ok(am, 'PATCH', `/api/v1/tasks/${done.id}`, { status: 'done' });
    await ok(other, 'POST', '/api/v1/meetings', {
      accountId: otherAccount.id,
      kind: 'kickoff',
      title: 'Not yours',
      scheduledAt: `${day(4)}T10:00:00.000Z`,
    });
    await ok(other, 'POST', '/api/v1/tasks', { title: 'Not yours either', dueDate: day(4) });
    await ok(other, 'POST', '/api/v1/contracts', {
      accountId: otherAccount.id,
      name: 'Other contract',
      startDate: day(-100),
      endDate: day(30),
      status: 'active',
    });

    feedUrl = (await ok(am, 'POST', '/api/v1/me/calendar-feed')).url;
  });

  it('has no URL until one is created, then reads it back', async () => {
    const before = await call(colleague, 'GET', '/api/v1/me/calendar-feed');
    expect(before.body).toEqual({ url: null, createdAt: null });
    const mine = await call(am, 'GET', '/api/v1/me/calendar-feed');
    expect(mine.body).toEqual({ url: feedUrl, createdAt: expect.any(String) });
    expect(feedUrl).toMatch(/^http:\/\/localhost:3000\/api\/v1\/calendar\/[A-Za-z0-9_-]{32}\.ics$/);
  });

  it('serves the user’s meetings, renewals and task due dates as iCalendar', async () => {
    const res = await fetchFeed(feedUrl);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    const { name, events } = parse(res.body);
    expect(name).toBe('Steward — Ada Lovelace');
    const byUid = new Map(events.map((e) => [e.uid, e]));
    const stamp = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

    expect(byUid.get(`meeting-${meeting.id}@localhost`)).toEqual({
      uid: `meeting-${meeting.id}@localhost`,
      summary: `Quarterly review — ${account.name}`,
      sequence: 0,
      status: 'CONFIRMED',
      start: `${day(3)}T15:00:00Z`,
      end: `${day(3)}T15:45:00Z`,
      allDay: false,
      attendees: [
        `Ada Lovelace <MAILTO:${am.email}>`,
        `Charles Babbage <MAILTO:${colleague.email}>`,
        'Grace Hopper <MAILTO:grace@acme.test>',
      ],
      url: `${ORIGIN}/accounts/${account.id}?tab=meetings`,
      stamp,
    });
    expect(byUid.get(`meeting-${cancelled.id}@localhost`)).toMatchObject({
      summary: `Check-in — ${account.name}`,
      status: 'CANCELLED',
      start: `${day(5)}T09:30:00Z`,
      end: `${day(5)}T10:00:00Z`,
    });
    expect(byUid.get(`renewal-${contract.id}@localhost`)).toEqual({
      uid: `renewal-${contract.id}@localhost`,
      summary: `Renewal: ${account.name} — Platform 2026`,
      sequence: 0,
      status: 'CONFIRMED',
      start: day(65),
      end: null,
      allDay: true,
      attendees: [],
      url: `${ORIGIN}/accounts/${account.id}?tab=contracts`,
      stamp,
    });
    expect(byUid.get(`task-${task.id}@localhost`)).toMatchObject({
      summary: `Task: Send the proposal — ${account.name}`,
      start: day(10),
      allDay: true,
      url: `${ORIGIN}/accounts/${account.id}?tab=tasks`,
    });

    // Exactly these: nothing outside the window, nothing closed, nothing of another user.
    expect(events.map((e) => e.summary).sort()).toEqual(
      [
        `Check-in — ${account.name}`,
        `Quarterly review — ${account.name}`,
        `Renewal: ${account.name} — Platform 2026`,
        'Task: Newest in window',
        'Task: Oldest in window',
        `Task: Send the proposal — ${account.name}`,
      ].sort(),
    );
  });

  it('keeps UIDs stable across fetches, and raises SEQUENCE when a meeting changes', async () => {
    const first = parse((await fetchFeed(feedUrl)).body).events;
    const second = parse((await fetchFeed(feedUrl)).body).events;
    expect(second.map((e) => e.uid)).toEqual(first.map((e) => e.uid));

    await ok(am, 'PATCH', `/api/v1/meetings/${meeting.id}`, { scheduledAt: `${day(3)}T16:00:00.000Z` });
    const after = parse((await fetchFeed(feedUrl)).body).events;
    const moved = after.find((e) => e.uid === `meeting-${meeting.id}@localhost`)!;
    expect({ sequence: moved.sequence, start: moved.start, end: moved.end }).toEqual({
      sequence: 1,
      start: `${day(3)}T16:00:00Z`,
      end: `${day(3)}T16:45:00Z`,
    });
    // The others did not change.
    const unchanged = (uid: string) => after.find((e) => e.uid === uid)!.sequence;
    expect(unchanged(`renewal-${contract.id}@localhost`)).toBe(0);
  });

  it('shows an attendee the meetings they attend on accounts they do not own', async () => {
    const url = (await ok(colleague, 'POST', '/api/v1/me/calendar-feed')).url;
    const { name, events } = parse((await fetchFeed(url)).body);
    expect(name).toBe('Steward — Charles Babbage');
    expect(events.map((e) => e.summary)).toEqual([`Quarterly review — ${account.name}`]);
  });

  it('answers 404 for a wrong token, and for the old URL once the feed is rotated', async () => {
    expect((await call(null, 'GET', '/api/v1/calendar/not-a-token.ics')).status).toBe(404);
    const rotated = await ok(am, 'POST', '/api/v1/me/calendar-feed');
    expect(rotated.url).not.toBe(feedUrl);
    expect((await fetchFeed(feedUrl)).status).toBe(404);
    expect((await fetchFeed(rotated.url)).status).toBe(200);
    expect((await call(am, 'GET', '/api/v1/me/calendar-feed')).body.url).toBe(rotated.url);
    feedUrl = rotated.url;

    const audit = await call(admin, 'GET', `/api/v1/audit?action=calendar_feed.rotated&entityId=${am.id}`);
    expect(audit.body.data).toHaveLength(2);
    expect(audit.body.data[0].changes).toEqual({ token: ['(secret)', '(changed)'] });
  });

  it('stops serving the feed of a deactivated user', async () => {
    const leaver = await makeUser(t.db, { role: 'account_manager' });
    const url = (await ok(leaver, 'POST', '/api/v1/me/calendar-feed')).url;
    expect((await fetchFeed(url)).status).toBe(200);
    expect((await call(admin, 'PATCH', `/api/v1/users/${leaver.id}`, { active: false })).status).toBe(200);
    expect((await fetchFeed(url)).status).toBe(404);
  });

  it('leaves out contracts that are not active (a draft)', async () => {
    await ok(am, 'POST', '/api/v1/contracts', {
      accountId: account.id,
      name: 'Draft deal',
      startDate: day(-10),
      endDate: day(100),
      status: 'draft',
    });
    const { events } = parse((await fetchFeed(feedUrl)).body);
    expect(events.filter((e) => e.uid.startsWith('renewal-')).map((e) => e.summary)).toEqual([
      `Renewal: ${account.name} — Platform 2026`,
    ]);
  });

  it('needs a signed-in user to create or read the URL', async () => {
    expect((await call(null, 'GET', '/api/v1/me/calendar-feed')).status).toBe(401);
    expect((await call(null, 'POST', '/api/v1/me/calendar-feed')).status).toBe(401);
  });
});
