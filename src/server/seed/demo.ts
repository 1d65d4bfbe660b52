import { en, Faker } from '@faker-js/faker';
import { and, eq, sql } from 'drizzle-orm';
import { AppError } from '../../core/errors.ts';
import { proposedContract } from '../../core/rules/coterm.ts';
import { renewalLikelihood, type Stage } from '../../core/rules/forecast.ts';
import { sumMoney } from '../../core/rules/money.ts';
import type { Role } from '../../core/schemas/common.ts';
import { record } from '../audit/record.ts';
import type { Actor } from '../auth/actor.ts';
import { fixedClock } from '../clock.ts';
import { newId } from '../db/columns.ts';
import type { Db } from '../db/index.ts';
import { accounts, accountTeamMembers } from '../features/accounts/index.ts';
import { activities, activityContacts } from '../features/activities/index.ts';
import { contacts } from '../features/contacts/index.ts';
import { contracts } from '../features/contracts/index.ts';
import { feedback } from '../features/feedback/index.ts';
import { healthSignals, snapshotHealth } from '../features/health/index.ts';
import { issues } from '../features/issues/index.ts';
import { meetings } from '../features/meetings/index.ts';
import { opportunities } from '../features/opportunities/index.ts';
import { products } from '../features/products/index.ts';
import { quotas } from '../features/quotas/index.ts';
import { runRenewalSweep } from '../features/renewals/index.ts';
import { tasks } from '../features/tasks/index.ts';
import { createTeam } from '../features/teams/index.ts';
import { insertUser } from '../features/users/index.ts';
import { systemWrites, writesAs } from '../runtime.ts';
import { seedDelivery } from './delivery-demo.ts';
import {
  accountRow,
  activityRow,
  contactRow,
  insertChunked,
  meetingRow,
  refreshAllLastTouches,
  taskRow,
} from './factories.ts';
import { feedbackRow, issueRow, signalRows, trendFor } from './health-factories.ts';
import {
  type ContractHistory,
  contractHistory,
  insertContractHistories,
  opportunityRow,
  pipelineDeal,
  productRows,
  quarters,
} from './revenue-factories.ts';

export const DEMO_PASSWORD = 'steward-demo-password';
const DAY = 86_400_000;
/** How many paying accounts the demo leaves untouched for 200+ days. */
export const NEGLECTED = 6;

const people: { key: string; name: string; role: Role }[] = [
  { key: 'admin', name: 'Alex Admin', role: 'admin' },
  { key: 'morgan', name: 'Morgan Lee', role: 'manager' },
  { key: 'priya', name: 'Priya Shah', role: 'manager' },
  { key: 'sam', name: 'Sam Carter', role: 'account_manager' },
  { key: 'jordan', name: 'Jordan Diaz', role: 'account_manager' },
  { key: 'taylor', name: 'Taylor Kim', role: 'account_manager' },
  { key: 'riley', name: 'Riley Novak', role: 'account_manager' },
  { key: 'casey', name: 'Casey Brooks', role: 'account_manager' },
  { key: 'avery', name: 'Avery Okafor', role: 'account_manager' },
  { key: 'noor', name: 'Noor Haddad', role: 'member' },
  { key: 'eli', name: 'Eli Watanabe', role: 'member' },
  { key: 'fran', name: 'Fran Ruiz', role: 'viewer' },
];

export interface DemoResult {
  users: { email: string; name: string; role: Role }[];
  password: string;
  counts: Record<string, number>;
}

/**
 * A believable agency-and-SaaS book on a database without accounts: a dozen people in two teams,
 * ~200 accounts, their contacts, a year of activities, upcoming meetings and open tasks.
 */
export async function seedDemo(
  db: Db,
  opts: { seed?: number; now?: Date; accounts?: number } = {},
): Promise<DemoResult> {
  const now = opts.now ?? new Date();
  const f = new Faker({ locale: [en] });
  f.seed(opts.seed ?? 2026);
  // A second generator for what was added to the book later (contact links, neglect, uplifts), so
  // the first one's sequence — and every figure drawn from it — stays as it was.
  const g = new Faker({ locale: [en] });
  g.seed((opts.seed ?? 2026) + 1);
  const [existing] = await db.select({ n: sql<number>`count(*)::int` }).from(accounts);
  if (existing?.n)
    throw new AppError('conflict', 'This database already has accounts: demo data goes into a fresh one.');

  return db.transaction(async (tx) => {
    const ids: Record<string, string> = {};
    const created: DemoResult['users'] = [];
    for (const p of people) {
      const email = `${p.key}@demo.steward.test`;
      const u = await insertUser(tx, systemWrites(), {
        email,
        name: p.name,
        role: p.role,
        password: DEMO_PASSWORD,
      });
      ids[p.key] = u.id;
      created.push({ email, name: p.name, role: p.role });
    }
    const admin: Actor = { userId: ids.admin!, role: 'admin', via: 'session' };
    await createTeam(tx, writesAs(admin), {
      name: 'Enterprise',
      managerIds: [ids.morgan!],
      memberIds: [ids.sam!, ids.jordan!, ids.taylor!],
    });
    await createTeam(tx, writesAs(admin), {
      name: 'Growth',
      managerIds: [ids.priya!],
      memberIds: [ids.riley!, ids.casey!, ids.avery!],
    });

    const owners = [
      'sam',
      'jordan',
      'taylor',
      'riley',
      'casey',
      'avery',
      'sam',
      'riley',
      'morgan',
      'priya',
    ].map((k) => ids[k]!);
    const total = opts.accounts ?? 200;
    const accountRows = Array.from({ length: total }, (_, i) =>
      accountRow(f, owners[i % owners.length]!, i, now),
    );
    await insertChunked(tx, accounts, accountRows);

    const teamRows = accountRows
      .filter(() => f.number.float() < 0.25)
      .map((a) => ({ accountId: a.id!, userId: f.helpers.arrayElement([ids.noor!, ids.eli!]) }));
    await insertChunked(tx, accountTeamMembers, teamRows);

    const contactRows = accountRows.flatMap((a) =>
      Array.from({ length: f.number.int({ min: 2, max: 4 }) }, (_, i) =>
        contactRow(f, a.id!, i === 0, a.domain!),
      ),
    );
    await insertChunked(tx, contacts, contactRows);

    const yearAgo = new Date(now.getTime() - 365 * DAY);
    // A few paying accounts nobody has touched for 200+ days: the health model's critical touch
    // component keeps them off green with "No touch in N days" (yellow, or red where their other
    // signals are poor too). Every seventh active account over 340 days old, up to NEGLECTED.
    const neglected = new Set(
      accountRows
        .filter((a) => a.lifecycleStage === 'active' && a.createdAt!.getTime() < now.getTime() - 340 * DAY)
        .filter((_, i) => i % 7 === 0)
        .slice(0, NEGLECTED)
        .map((a) => a.id!),
    );
    const activityRows = accountRows.flatMap((a) => {
      const from = a.createdAt! > yearAgo ? a.createdAt! : yearAgo;
      // Some accounts have gone quiet for months: they are the overdue check-ins.
      const quiet =
        f.number.float() < 0.2 ? new Date(now.getTime() - f.number.int({ min: 60, max: 150 }) * DAY) : now;
      const to = neglected.has(a.id!)
        ? new Date(now.getTime() - g.number.int({ min: 200, max: 330 }) * DAY)
        : quiet;
      const n = f.number.int({ min: 4, max: 16 });
      return from < to ? Array.from({ length: n }, () => activityRow(f, a.id!, a.ownerId!, from, to)) : [];
    });
    await insertChunked(tx, activities, activityRows);
    // Most calls, meetings, e-mails, check-ins and reviews name one or two of the account's
    // contacts, so a contact's "Last contacted" is real.
    const contactsOf = new Map<string, string[]>();
    for (const c of contactRows) contactsOf.set(c.accountId, [...(contactsOf.get(c.accountId) ?? []), c.id!]);
    const activityContactRows = activityRows
      .filter((a) => a.type !== 'note' && g.number.float() < 0.85)
      .flatMap((a) =>
        g.helpers
          .arrayElements(contactsOf.get(a.accountId)!, { min: 1, max: 2 })
          .map((contactId) => ({ activityId: a.id!, contactId })),
      );
    await insertChunked(tx, activityContacts, activityContactRows);
    await refreshAllLastTouches(tx);

    const startOfToday = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
    const meetingRows = accountRows
      .filter(() => f.number.float() < 0.4)
      .map((a) => {
        const day = f.number.int({ min: 0, max: 21 });
        const at = new Date(startOfToday + day * DAY + f.number.int({ min: 14, max: 32 }) * 30 * 60_000);
        return meetingRow(f, a.id!, a.ownerId!, at);
      });
    await insertChunked(tx, meetings, meetingRows);

    const isoDay = (offset: number) => new Date(startOfToday + offset * DAY).toISOString().slice(0, 10);
    const taskRows = accountRows
      .filter(() => f.number.float() < 0.6)
      .map((a) => taskRow(f, a.ownerId!, a.id!, isoDay(f.number.int({ min: -10, max: 30 }))));
    for (const member of [ids.noor!, ids.eli!]) {
      for (let i = 0; i < 5; i++)
        taskRows.push(taskRow(f, member, null, isoDay(f.number.int({ min: -3, max: 14 }))));
    }
    await insertChunked(tx, tasks, taskRows);

    const revenue = await seedRevenue(tx, f, g, accountRows, now, [
      ...['sam', 'jordan', 'taylor', 'riley', 'casey', 'avery'].map((k) => ({ id: ids[k]!, newArr: 45_000 })),
      { id: ids.morgan!, newArr: 30_000 },
      { id: ids.priya!, newArr: 30_000 },
    ]);
    const health = await seedHealth(tx, f, accountRows, now, [ids.noor!, ids.eli!]);
    await applyRenewalLikelihood(tx);
    // The agency book, drawn from a generator of its own so that the figures above stay as they were.
    const h = new Faker({ locale: [en] });
    h.seed((opts.seed ?? 2026) + 2);
    const delivery = await seedDelivery(tx, h, {
      accounts: accountRows.map((a) => ({
        id: a.id!,
        ownerId: a.ownerId!,
        lifecycleStage: a.lifecycleStage!,
      })),
      contactsOf,
      teamPairs: new Set(teamRows.map((r) => `${r.accountId}:${r.userId}`)),
      // The members do most of the work; the account managers some.
      workers: ['noor', 'eli', 'noor', 'eli', 'sam', 'jordan', 'taylor', 'riley', 'casey', 'avery'].map(
        (k) => ids[k]!,
      ),
      crunch: [
        { userId: ids.noor!, capacity: 10 },
        { userId: ids.jordan!, capacity: 12 },
      ],
      now,
    });

    const counts = {
      users: created.length,
      accounts: accountRows.length,
      contacts: contactRows.length,
      activities: activityRows.length,
      activityContacts: activityContactRows.length,
      neglectedAccounts: neglected.size,
      meetings: meetingRows.length,
      tasks: taskRows.length,
      ...revenue,
      ...health,
      ...delivery,
    };
    await record(tx, null, {
      action: 'seed.demo',
      entityType: 'system',
      changes: { counts: [null, counts] },
    });
    return { users: created, password: DEMO_PASSWORD, counts };
  });
}

type AccountRow = ReturnType<typeof accountRow>;

/**
 * Products, each account's contract history, a pipeline of expansion deals, renewal deals for
 * contracts coming up (at varied stages), and quarterly quotas.
 */
async function seedRevenue(
  tx: Db,
  f: Faker,
  g: Faker,
  accountRows: AccountRow[],
  now: Date,
  quotaHolders: { id: string; newArr: number }[],
) {
  const productList = productRows();
  await insertChunked(tx, products, productList);
  const catalogue = productList.map((p) => ({ id: p.id!, listPrice: p.listPrice! }));
  const histories = accountRows.map((a) => contractHistory(f, a, catalogue, now));
  const contractRows = histories.flatMap((h) => h.contracts);
  // Contracts that renew automatically do so with a price uplift of 3–7 %.
  // (insertChunked wants every row to set the same fields, so the others get 0.)
  for (const c of contractRows) c.upliftPercent = c.autoRenew ? g.number.int({ min: 3, max: 7 }) : 0;
  await insertContractHistories(tx, histories);

  const today = now.toISOString().slice(0, 10);
  const inWindow = new Date(now.getTime() + 120 * DAY).toISOString().slice(0, 10);
  const byId = new Map(accountRows.map((a) => [a.id!, a]));
  // Renewals already being worked, further along the nearer they end; the sweep opens the rest
  // (with their prep tasks). Their likelihood follows the health band once health is seeded.
  const renewalDeals = contractRows
    .filter((c) => c.status === 'active' && c.endDate <= inWindow && f.number.float() < 0.6)
    .map((c) => {
      const a = byId.get(c.accountId)!;
      const daysLeft = Math.round((Date.parse(c.endDate) - Date.parse(today)) / DAY);
      return opportunityRow(f, {
        accountId: a.id!,
        ownerId: a.ownerId!,
        name: `Renewal: ${c.name}`,
        type: 'renewal',
        stage: f.helpers.arrayElement(renewalStages(daysLeft)),
        amount: c.arr!,
        closeDate: c.endDate,
        contractId: c.id!,
      });
    });
  const deals = accountRows.filter(() => f.number.float() < 0.55).map((a) => pipelineDeal(f, a, now));
  // g, not f: the draws below leave the rest of the book as it was.
  const addOns = wonAddOns(g, deals, histories, renewalDeals, now);
  await insertChunked(tx, contracts, addOns);
  const opportunityRows = [...histories.flatMap((h) => h.renewals), ...renewalDeals, ...deals];
  await insertChunked(tx, opportunities, opportunityRows);

  const quotaRows = quotaHolders.flatMap((u) =>
    quarters(now, 2, 1).flatMap(([periodStart, periodEnd]) => {
      const renewing = contractRows
        .filter(
          (c) =>
            byId.get(c.accountId)!.ownerId === u.id && c.endDate >= periodStart && c.endDate <= periodEnd,
        )
        .reduce((sum, c) => sum + c.arr!, 0);
      return [
        { id: newId(), userId: u.id, periodStart, periodEnd, kind: 'new_arr' as const, amount: u.newArr },
        {
          id: newId(),
          userId: u.id,
          periodStart,
          periodEnd,
          kind: 'renewal' as const,
          amount: Math.round((renewing * 0.9) / 1000) * 1000,
        },
      ];
    }),
  );
  await insertChunked(tx, quotas, quotaRows);

  // Renewal deals (with their prep tasks) for the contracts coming up that have none yet; the
  // sweep also sets every account's ARR and renewal date.
  await runRenewalSweep(tx, systemWrites(fixedClock(`${today}T12:00:00.000Z`)), today);
  // The sweep opens renewals 120 days out; by now the owners have moved the nearer ones along.
  const fresh = await tx
    .select({ id: opportunities.id, closeDate: opportunities.closeDate })
    .from(opportunities)
    .where(and(eq(opportunities.type, 'renewal'), eq(opportunities.stage, 'prospecting')))
    .orderBy(opportunities.closeDate, opportunities.id);
  for (const o of fresh) {
    const daysLeft = Math.round((Date.parse(o.closeDate) - Date.parse(today)) / DAY);
    const stage = g.helpers.arrayElement(renewalStages(daysLeft));
    if (stage !== 'prospecting')
      await tx.update(opportunities).set({ stage }).where(eq(opportunities.id, o.id));
  }
  return {
    products: productList.length,
    contracts: contractRows.length,
    opportunities: opportunityRows.length,
    quotas: quotaRows.length,
    autoRenewContracts: contractRows.filter((c) => c.autoRenew).length,
    addOnContracts: addOns.length,
  };
}

/**
 * Open renewal deals take their probability and forecast category from their account's health
 * band (renewal likelihood), now that the accounts are scored.
 */
async function applyRenewalLikelihood(tx: Db): Promise<void> {
  const by = (field: 'probability' | 'forecastCategory') =>
    sql.join(
      (['green', 'yellow', 'red'] as const).map(
        (band) => sql`when ${band} then ${renewalLikelihood[band][field]}`,
      ),
      sql` `,
    );
  await tx.execute(sql`
    update ${opportunities} o
    set probability = (case a.health_band ${by('probability')} else ${renewalLikelihood.none.probability} end)::int,
        forecast_category = case a.health_band ${by('forecastCategory')} else ${renewalLikelihood.none.forecastCategory} end
    from ${accounts} a
    where a.id = o.account_id and o.type = 'renewal' and o.stage not in ('closed_won', 'closed_lost')`);
}

/** The stages a renewal deal is in with `daysLeft` to its contract's end. */
function renewalStages(daysLeft: number): Stage[] {
  if (daysLeft <= 30) return ['proposal', 'negotiation', 'negotiation'];
  if (daysLeft <= 60) return ['qualification', 'proposal', 'negotiation'];
  if (daysLeft <= 90) return ['prospecting', 'qualification', 'proposal'];
  return ['prospecting', 'qualification'];
}

/**
 * What winning did for the deals the seed made won: each won upsell and cross-sell an add-on
 * contract co-termed with its account's current contract (core/rules/coterm.ts), joining that
 * contract's open renewal deal; each won new-business deal a 12-month contract. An expansion deal
 * is won only where the account renewed a year ago at an unchanged price — elsewhere it is still in
 * negotiation — so the last year's expansion is exactly the add-ons' ARR.
 */
function wonAddOns(
  f: Faker,
  deals: (typeof opportunities.$inferInsert)[],
  histories: ContractHistory[],
  renewalDeals: (typeof opportunities.$inferInsert)[],
  now: Date,
): (typeof contracts.$inferInsert)[] {
  const historyOf = new Map(
    histories.filter((h) => h.contracts.length).map((h) => [h.contracts[0]!.accountId, h]),
  );
  const openRenewalOf = new Map(renewalDeals.map((o) => [o.contractId!, o]));
  const out: (typeof contracts.$inferInsert)[] = [];
  for (const deal of deals) {
    if (deal.stage !== 'closed_won') continue;
    const history = historyOf.get(deal.accountId);
    const live = history?.contracts.find((c) => c.status === 'active' && !c.cancelledOn);
    const previous = history?.contracts.find((c) => c.status === 'renewed');
    if (deal.type !== 'new_business' && !(live && previous && previous.arr === live.arr)) {
      const close = new Date(now.getTime() + f.number.int({ min: 10, max: 60 }) * DAY)
        .toISOString()
        .slice(0, 10);
      Object.assign(
        deal,
        opportunityRow(f, { ...dealFields(deal), stage: 'negotiation', closeDate: close }),
        {
          id: deal.id,
        },
      );
      continue;
    }
    const terms = live
      ? [
          {
            ...live,
            id: live.id!,
            status: 'active',
            cancelledOn: null,
            autoRenew: live.autoRenew ?? false,
            upliftPercent: live.upliftPercent ?? 0,
            renewalWindowDays: live.renewalWindowDays ?? 120,
          },
        ]
      : [];
    const proposal = proposedContract(deal.closeDate, deal.amount ?? 0, terms);
    const id = newId();
    out.push({
      id,
      accountId: deal.accountId,
      name: deal.name,
      startDate: proposal.startDate,
      endDate: proposal.endDate,
      arr: proposal.arr,
      autoRenew: proposal.autoRenew,
      upliftPercent: proposal.upliftPercent,
      renewalWindowDays: proposal.renewalWindowDays,
      status: 'active',
      opportunityId: deal.id!,
    });
    deal.contractId = id;
    const renewal = live ? openRenewalOf.get(live.id!) : undefined;
    if (renewal) {
      renewal.contractIds = [...(renewal.contractIds ?? []), id];
      renewal.amount = sumMoney([renewal.amount ?? 0, proposal.arr]);
    }
  }
  return out;
}

const dealFields = (d: typeof opportunities.$inferInsert) => ({
  accountId: d.accountId,
  ownerId: d.ownerId,
  name: d.name,
  type: d.type,
  amount: d.amount ?? 0,
  closeDate: d.closeDate,
});

/** Half a year of signals with a trend per account, issues (some past SLA) and feedback. */
async function seedHealth(tx: Db, f: Faker, accountRows: AccountRow[], now: Date, assignees: string[]) {
  const signalList = accountRows
    .filter((a) => a.lifecycleStage !== 'prospect')
    .flatMap((a) => signalRows(f, a.id!, trendFor(f, a.lifecycleStage), now));
  await insertChunked(tx, healthSignals, signalList);
  const issueList = accountRows
    .filter(() => f.number.float() < 0.3)
    .flatMap((a) =>
      Array.from({ length: f.number.int({ min: 1, max: 3 }) }, () =>
        issueRow(f, a.id!, now, { assigneeId: f.helpers.arrayElement([...assignees, null]) }),
      ),
    );
  await insertChunked(tx, issues, issueList);
  const feedbackList = accountRows
    .filter(() => f.number.float() < 0.35)
    .flatMap((a) =>
      Array.from({ length: f.number.int({ min: 1, max: 2 }) }, () => feedbackRow(f, a.id!, now)),
    );
  await insertChunked(tx, feedback, feedbackList);
  await snapshotHealth(tx, systemWrites(fixedClock(now)));
  return { signals: signalList.length, issues: issueList.length, feedback: feedbackList.length };
}
