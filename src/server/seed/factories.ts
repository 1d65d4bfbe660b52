import type { Faker } from '@faker-js/faker';
import { getTableColumns, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { defaultCadenceDays, lifecycleStages, segments } from '../../core/schemas/accounts.ts';
import { contactRoles, touchTypes } from '../../core/schemas/relationship.ts';
import { newId } from '../db/columns.ts';
import type { Db } from '../db/index.ts';
import { accounts } from '../features/accounts/index.ts';
import { activities } from '../features/activities/index.ts';
import type { contacts } from '../features/contacts/index.ts';
import type { meetings } from '../features/meetings/index.ts';
import type { tasks } from '../features/tasks/index.ts';

/**
 * Row builders with unique, believable values — the one source of generated data for tests,
 * `steward seed --demo` and the benchmark's scale data set.
 */
const industries = [
  'Software',
  'Retail',
  'Healthcare',
  'Financial services',
  'Media',
  'Hospitality',
  'Manufacturing',
  'Education',
  'Logistics',
  'Real estate',
  'Consumer goods',
  'Non-profit',
];
const suffixes = [
  'Inc',
  'Group',
  'Labs',
  'Studio',
  'Partners',
  'Co',
  'Systems',
  'Health',
  'Digital',
  'Foods',
];
const DAY = 86_400_000;
const notes = [
  'Client is happy with the last delivery and wants to talk about next quarter.',
  'Asked for a usage breakdown by team before their budget meeting.',
  'Champion mentioned a re-org; need to meet the new VP.',
  'Raised a billing discrepancy on the last invoice; looping in finance.',
  'Interested in the analytics add-on for the marketing team.',
  'Procurement wants the renewal paperwork a month early this year.',
  'Campaign results beat the KPI target; share the case study.',
  'Support tickets have dropped since the onboarding sessions.',
  'Competitor is pitching them; reinforce the roadmap story.',
  'Agreed next steps and sent the recap by e-mail.',
];
const agendas = [
  'Review results, open issues, next quarter priorities.',
  'Walk through usage, renewal timeline, expansion options.',
  'Agree scope, owners and dates for the next phase.',
  'Creative feedback round and approvals.',
];

export function accountRow(
  f: Faker,
  ownerId: string,
  serial: number,
  now: Date,
): typeof accounts.$inferInsert {
  const base = `${f.company.buzzNoun()} ${f.person.lastName()}`.replace(/\b\w/g, (c) => c.toUpperCase());
  const name = `${base} ${f.helpers.arrayElement(suffixes)}`;
  const segment = f.helpers.weightedArrayElement([
    { value: segments[0], weight: 2 },
    { value: segments[1], weight: 4 },
    { value: segments[2], weight: 6 },
  ]);
  const created = new Date(now.getTime() - f.number.int({ min: 30, max: 900 }) * DAY);
  return {
    id: newId(),
    name,
    domain: `${base.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${serial.toString(36)}.example.com`,
    industry: f.helpers.arrayElement(industries),
    segment,
    lifecycleStage: f.helpers.weightedArrayElement([
      { value: lifecycleStages[0], weight: 1 },
      { value: lifecycleStages[1], weight: 2 },
      { value: lifecycleStages[2], weight: 10 },
      { value: lifecycleStages[3], weight: 2 },
      { value: lifecycleStages[4], weight: 1 },
    ]),
    ownerId,
    checkInCadenceDays: defaultCadenceDays[segment],
    tags: f.helpers.arrayElements(
      ['agency', 'saas', 'strategic', 'expansion', 'reference', 'emea', 'na', 'apac'],
      {
        min: 0,
        max: 3,
      },
    ),
    createdAt: created,
    updatedAt: created,
  };
}

export function contactRow(
  f: Faker,
  accountId: string,
  primary: boolean,
  domain: string,
): typeof contacts.$inferInsert {
  const firstName = f.person.firstName();
  const lastName = f.person.lastName();
  return {
    id: newId(),
    accountId,
    firstName,
    lastName,
    email: `${firstName}.${lastName}.${f.string.alphanumeric(4)}@${domain}`
      .toLowerCase()
      .replace(/[^a-z0-9.@-]/g, ''),
    phone: f.phone.number({ style: 'international' }),
    title: f.person.jobTitle(),
    role: primary ? 'decision_maker' : f.helpers.arrayElement(contactRoles),
    isPrimary: primary,
  };
}

const subjects: Record<(typeof touchTypes)[number] | 'note', string[]> = {
  call: [
    'Catch-up call',
    'Pricing question',
    'Roadmap walkthrough',
    'Escalation follow-up',
    'Intro to new stakeholder',
  ],
  email: ['Sent recap and next steps', 'Shared usage report', 'Renewal terms', 'Invoice question answered'],
  meeting: ['Workshop', 'Onboarding session', 'Campaign planning', 'Creative review'],
  check_in: ['Monthly check-in', 'Quarterly check-in', 'Health check'],
  business_review: ['Quarterly business review', 'Executive business review'],
  note: ['Internal note', 'Champion is changing roles', 'Budget cycle starts in Q1'],
};

export function activityRow(
  f: Faker,
  accountId: string,
  userId: string,
  from: Date,
  to: Date,
): typeof activities.$inferInsert {
  const type = f.helpers.weightedArrayElement([
    { value: 'email' as const, weight: 5 },
    { value: 'call' as const, weight: 3 },
    { value: 'meeting' as const, weight: 2 },
    { value: 'check_in' as const, weight: 2 },
    { value: 'business_review' as const, weight: 1 },
    { value: 'note' as const, weight: 2 },
  ]);
  const occurredAt = f.date.between({ from, to });
  return {
    id: newId(),
    accountId,
    type,
    subject: f.helpers.arrayElement(subjects[type]),
    body: f.helpers.arrayElement(notes),
    occurredAt,
    sentiment: f.helpers.arrayElement(['positive', 'neutral', 'negative', null] as const),
    userId,
    createdAt: occurredAt,
    updatedAt: occurredAt,
  };
}

export function meetingRow(
  f: Faker,
  accountId: string,
  userId: string,
  at: Date,
): typeof meetings.$inferInsert {
  const kind = f.helpers.arrayElement(['check_in', 'business_review', 'kickoff', 'other'] as const);
  const titles = {
    check_in: 'Check-in',
    business_review: 'Quarterly business review',
    kickoff: 'Project kickoff',
    other: 'Planning session',
  };
  return {
    id: newId(),
    accountId,
    kind,
    title: titles[kind],
    scheduledAt: at,
    durationMinutes: f.helpers.arrayElement([30, 45, 60]),
    agenda: f.helpers.arrayElement(agendas),
    createdById: userId,
  };
}

export function taskRow(
  f: Faker,
  assigneeId: string,
  accountId: string | null,
  due: string,
): typeof tasks.$inferInsert {
  return {
    id: newId(),
    title: f.helpers.arrayElement([
      'Send QBR deck',
      'Follow up on open invoice',
      'Book renewal call',
      'Share case study',
      'Introduce solutions engineer',
      'Collect campaign assets',
      'Update account plan',
    ]),
    accountId,
    assigneeId,
    dueDate: due,
    priority: f.helpers.arrayElement(['low', 'normal', 'normal', 'high', 'urgent'] as const),
    effortPoints: f.number.int({ min: 1, max: 8 }),
    createdById: assigneeId,
  };
}

/**
 * Bulk insert: one statement per `chunk` rows, each column sent as a single array parameter and
 * unnested in the database, so a statement carries a dozen parameters instead of thousands.
 * Rows must all set the same fields (the builders above do); absent columns take their defaults.
 */
export async function insertChunked<T extends PgTable>(
  db: Db,
  table: T,
  rows: T['$inferInsert'][],
  chunk = 5000,
): Promise<number> {
  if (!rows.length) return 0;
  const columns = getTableColumns(table) as Record<string, PgColumn>;
  const keys = Object.keys(rows[0] as object).filter((k) => columns[k]);
  for (let i = 0; i < rows.length; i += chunk) {
    const part = rows.slice(i, i + chunk) as Record<string, unknown>[];
    const arrays = keys.map((k) => {
      const col = columns[k]!;
      const type = col.getSQLType();
      // Arrays and JSON travel as text and are cast back per row (unnest would flatten arrays).
      const viaText = type.endsWith('[]') || type === 'jsonb';
      const values = part.map((r) => toParam(r[k], type));
      return { name: col.name, type, viaText, values };
    });
    const names = sql.join(
      arrays.map((c) => sql.identifier(c.name)),
      sql`, `,
    );
    const selected = sql.join(
      arrays.map((c, n) =>
        c.viaText ? sql`${sql.identifier(`c${n}`)}::${sql.raw(c.type)}` : sql.identifier(`c${n}`),
      ),
      sql`, `,
    );
    const unnested = sql.join(
      arrays.map((c) => sql`${sql.param(c.values)}::${sql.raw(c.viaText ? 'text' : c.type)}[]`),
      sql`, `,
    );
    const aliases = sql.join(
      arrays.map((_, n) => sql.identifier(`c${n}`)),
      sql`, `,
    );
    await db.execute(
      sql`insert into ${table} (${names}) select ${selected} from unnest(${unnested}) as u(${aliases})`,
    );
  }
  return rows.length;
}

function toParam(value: unknown, type: string): unknown {
  if (value === undefined || value === null) return null;
  if (value instanceof Date) return value.toISOString();
  if (type === 'jsonb') return JSON.stringify(value);
  if (Array.isArray(value))
    return `{${value.map((v) => `"${String(v).replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;
  return value;
}

/** After a bulk load of activities: every account's lastTouchAt from its touching activities. */
export async function refreshAllLastTouches(db: Db): Promise<void> {
  await db.execute(sql`
    update ${accounts} a set last_touch_at = x.last
    from (select account_id, max(occurred_at) as last from ${activities}
          where type in (${sql.join(
            touchTypes.map((t) => sql`${t}`),
            sql`, `,
          )}) group by account_id) x
    where a.id = x.account_id`);
}
