// Write load: concurrent writers, each creating and changing its own accounts, contacts and
// activities as fast as the server answers. A writer stops at its first unanswered request (the
// server is gone). Each record has one writer, so its acknowledged versions are known exactly.
import { lifecycleStages, segments } from '../../src/core/schemas/accounts.ts';
import { activityTypes, contactRoles, touchTypes } from '../../src/core/schemas/relationship.ts';
import { call, ok } from './api.ts';
import { type Fields, type Kind, type Ledger, paths, pickFields, type Tracked } from './ledger.ts';
import { pick, type Rng } from './rng.ts';

const touching = new Set<string>(touchTypes);
const roles = [...contactRoles, null];

export interface Writer {
  n: number;
  rng: Rng;
  seq: number;
  accounts: Tracked[];
  contacts: Tracked[];
  activities: Tracked[];
}

export function newWriter(n: number, rng: Rng): Writer {
  return { n, rng, seq: 0, accounts: [], contacts: [], activities: [] };
}

interface Target {
  base: string;
  key: string;
  ledger: Ledger;
  round: number;
  stop: { stopped: boolean };
}

type Outcome = 'acked' | 'rejected' | 'unanswered';

export async function runLoad(t: Target, writers: Writer[]): Promise<void> {
  await Promise.all(writers.map((w) => runWriter(t, w)));
}

async function runWriter(t: Target, w: Writer): Promise<void> {
  while (!t.stop.stopped) {
    if ((await step(t, w)) === 'unanswered') return;
  }
}

function step(t: Target, w: Writer): Promise<Outcome> {
  const tag = `w${w.n}-r${t.round}-${++w.seq}`;
  const r = w.rng();
  const account = w.accounts.length ? pick(w.rng, w.accounts) : undefined;
  if (!account || r < 0.15) return createAccount(t, w, tag);
  if (r < 0.35) return createContact(t, w, account, tag);
  if (r < 0.6) return createActivity(t, w, account, tag);
  if (r < 0.75)
    return patch(t, account, { industry: `industry ${tag}`, lifecycleStage: pick(w.rng, lifecycleStages) });
  if (r < 0.88 && w.contacts.length) {
    return patch(t, pick(w.rng, w.contacts), { title: `title ${tag}`, role: pick(w.rng, roles) });
  }
  if (w.activities.length) {
    return patch(t, pick(w.rng, w.activities), { subject: `subject ${tag}`, body: `body ${tag}` });
  }
  return createAccount(t, w, tag);
}

async function createAccount(t: Target, w: Writer, tag: string): Promise<Outcome> {
  const body = {
    name: `crash ${tag}`,
    industry: `industry ${tag}`,
    segment: pick(w.rng, segments),
    tags: [tag],
  };
  const created = await create(t, 'account', body);
  if (created) w.accounts.push(created);
  return created ? 'acked' : outcomeOf(created);
}

async function createContact(t: Target, w: Writer, account: Tracked, tag: string): Promise<Outcome> {
  const body = { accountId: account.id, firstName: 'Crash', lastName: tag, title: `title ${tag}` };
  const created = await create(t, 'contact', body);
  if (created) w.contacts.push(created);
  return created ? 'acked' : outcomeOf(created);
}

async function createActivity(t: Target, w: Writer, account: Tracked, tag: string): Promise<Outcome> {
  const type = pick(w.rng, activityTypes);
  const contacts = w.contacts.filter((c) => c.fields.accountId === account.id);
  const contactIds = contacts.length ? [pick(w.rng, contacts).id] : [];
  const body = { accountId: account.id, type, subject: `subject ${tag}`, body: `body ${tag}`, contactIds };
  const created = await create(t, 'activity', body);
  if (!created) return outcomeOf(created);
  w.activities.push(created);
  if (touching.has(type)) {
    // Written in the same transaction as the activity: acknowledged with it.
    const at = Date.parse(String(created.fields.occurredAt));
    account.touchedAt = Math.max(account.touchedAt ?? 0, at);
  }
  return 'acked';
}

/** undefined: no answer; null: answered, not 2xx. */
async function create(t: Target, kind: Kind, body: Fields): Promise<Tracked | null | undefined> {
  let answer: Awaited<ReturnType<typeof call>>;
  try {
    answer = await call(t.base, 'POST', paths[kind], { key: t.key, body });
  } catch {
    t.ledger.unanswered.creates++;
    return undefined;
  }
  if (!ok(answer)) {
    t.ledger.rejected.push(`POST ${paths[kind]}: HTTP ${answer.status} ${JSON.stringify(answer.body)}`);
    return null;
  }
  const res = answer.body as Record<string, unknown>;
  const keys = kind === 'activity' ? [...Object.keys(body), 'occurredAt'] : Object.keys(body);
  const record: Tracked = {
    kind,
    id: String(res.id),
    fields: pickFields(res, keys),
    version: Number(res.version),
  };
  t.ledger.created(record);
  return record;
}

async function patch(t: Target, record: Tracked, fields: Fields): Promise<Outcome> {
  record.inFlight = fields;
  let answer: Awaited<ReturnType<typeof call>>;
  try {
    answer = await call(t.base, 'PATCH', `${paths[record.kind]}/${record.id}`, { key: t.key, body: fields });
  } catch {
    t.ledger.unanswered.patches++;
    return 'unanswered'; // inFlight stays: the restart shows it wholly applied or not at all
  }
  record.inFlight = undefined;
  if (!ok(answer)) {
    t.ledger.rejected.push(
      `PATCH ${paths[record.kind]}: HTTP ${answer.status} ${JSON.stringify(answer.body)}`,
    );
    return 'rejected';
  }
  const res = answer.body as Record<string, unknown>;
  t.ledger.patched(record, pickFields(res, Object.keys(fields)), Number(res.version));
  return 'acked';
}

function outcomeOf(created: null | undefined): Outcome {
  return created === null ? 'rejected' : 'unanswered';
}
