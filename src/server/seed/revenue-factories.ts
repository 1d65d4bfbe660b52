import type { Faker } from '@faker-js/faker';
import { sql } from 'drizzle-orm';
import { arrOn } from '../../core/rules/arr.ts';
import { type Stage, stageDefaults } from '../../core/rules/forecast.ts';
import { linesTotal } from '../../core/rules/money.ts';
import type { opportunityTypes } from '../../core/schemas/revenue.ts';
import { newId } from '../db/columns.ts';
import type { Db } from '../db/index.ts';
import type { accounts } from '../features/accounts/index.ts';
import { contractLines, contracts } from '../features/contracts/index.ts';
import type { opportunities } from '../features/opportunities/index.ts';
import type { products } from '../features/products/index.ts';
import { insertChunked } from './factories.ts';

/**
 * Revenue rows for the demo book and the benchmark: a product catalogue, contract histories
 * (a renewed earlier term, the current term, churned and cancelled ones), a pipeline and quotas.
 */
const DAY = 86_400_000;
const iso = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const dayMs = (d: string): number => Date.parse(`${d}T00:00:00.000Z`);

export const catalogue: { name: string; sku: string; category: string; listPrice: number }[] = [
  { name: 'Platform licence', sku: 'PLAT-SEAT', category: 'Software', listPrice: 1200 },
  { name: 'Analytics add-on', sku: 'ANLT-ADD', category: 'Software', listPrice: 4800 },
  { name: 'Premium support', sku: 'SUPP-PREM', category: 'Services', listPrice: 6000 },
  { name: 'Campaign management retainer', sku: 'AGCY-RET', category: 'Agency', listPrice: 24000 },
  { name: 'Creative production hours', sku: 'AGCY-HRS', category: 'Agency', listPrice: 150 },
  { name: 'Data integration', sku: 'INTG-DATA', category: 'Services', listPrice: 9000 },
];

export function productRows(): (typeof products.$inferInsert)[] {
  return catalogue.map((p) => ({ id: newId(), ...p, active: true }));
}

type Product = { id: string; listPrice: number };
type Segment = (typeof accounts.$inferInsert)['segment'];

/** Lines for a contract of roughly the segment's size; arr is their sum, as the API computes it. */
function linesFor(f: Faker, segment: Segment, catalogueRows: Product[]) {
  const [seat, ...rest] = catalogueRows;
  const seats = { enterprise: [60, 250], mid_market: [15, 60], smb: [2, 12] }[segment ?? 'smb'];
  const lines = [
    {
      productId: seat!.id,
      quantity: f.number.int({ min: seats[0]!, max: seats[1]! }),
      unitPrice: seat!.listPrice,
    },
  ];
  for (const p of f.helpers.arrayElements(rest, { min: 0, max: segment === 'smb' ? 1 : 2 })) {
    const quantity = p.listPrice < 1000 ? f.number.int({ min: 20, max: 200 }) : 1;
    lines.push({ productId: p.id, quantity, unitPrice: p.listPrice });
  }
  const arr = linesTotal(lines);
  return { lines, arr };
}

export interface ContractHistory {
  contracts: (typeof contracts.$inferInsert)[];
  lines: (typeof contractLines.$inferInsert)[];
  /** Closed-won renewal opportunities of the terms that were renewed. */
  renewals: (typeof opportunities.$inferInsert)[];
}

/**
 * An account's contracts around `now`: the current annual term (ending within the next year), for
 * most accounts an earlier term it renewed from (at the same or a lower price), and for
 * churned accounts a term that expired or was cancelled.
 */
export function contractHistory(
  f: Faker,
  account: Pick<typeof accounts.$inferInsert, 'id' | 'name' | 'ownerId' | 'segment' | 'lifecycleStage'>,
  catalogueRows: Product[],
  now: Date,
  opts: { renewedShare?: number } = {},
): ContractHistory {
  const out: ContractHistory = { contracts: [], lines: [], renewals: [] };
  if (account.lifecycleStage === 'prospect') return out;
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const add = (c: typeof contracts.$inferInsert, lines: ReturnType<typeof linesFor>['lines']) => {
    out.contracts.push(c);
    lines.forEach((l, position) => {
      out.lines.push({ id: newId(), contractId: c.id!, position, ...l });
    });
  };
  const current = linesFor(f, account.segment, catalogueRows);
  const churned = account.lifecycleStage === 'churned';
  const end = churned
    ? today - f.number.int({ min: 10, max: 250 }) * DAY
    : today + f.number.int({ min: 3, max: 364 }) * DAY;
  const start = end - 364 * DAY;
  const id = newId();
  const cancelled = churned && f.number.float() < 0.4;
  const term: typeof contracts.$inferInsert = {
    id,
    accountId: account.id!,
    name: `${account.name} — ${new Date(start).getUTCFullYear()} subscription`,
    startDate: iso(start),
    endDate: iso(end),
    arr: current.arr,
    autoRenew: f.number.float() < 0.3,
    renewalWindowDays: 120,
    status: churned ? (cancelled ? 'cancelled' : 'expired') : 'active',
    cancelledOn: cancelled ? iso(start + f.number.int({ min: 60, max: 300 }) * DAY) : null,
    cancelReason: cancelled
      ? f.helpers.arrayElement(['Budget cut', 'Moved to a competitor', 'Company acquired'])
      : null,
  };
  // Most accounts renewed once already: the earlier term, at a price that moved.
  if (f.number.float() < (opts.renewedShare ?? 0.75)) {
    const previousId = newId();
    // Renewals hold their price or give some of it up; growth comes from won upsells and
    // cross-sells, each an add-on contract (see the demo seed), so ARR movement's expansion is theirs.
    const change = f.helpers.weightedArrayElement([
      { value: 1, weight: 7 },
      { value: 0.8, weight: 2 },
      { value: 0.6, weight: 1 },
    ]);
    const previousLines = current.lines.map((l) => ({
      ...l,
      quantity: Math.max(1, Math.round(l.quantity / change)),
    }));
    const previousArr = linesTotal(previousLines);
    const previousEnd = start - DAY;
    add(
      {
        id: previousId,
        accountId: account.id!,
        name: `${account.name} — ${new Date(previousEnd - 364 * DAY).getUTCFullYear()} subscription`,
        startDate: iso(previousEnd - 364 * DAY),
        endDate: iso(previousEnd),
        arr: previousArr,
        renewalWindowDays: 120,
        status: 'renewed',
        renewedToId: id,
      },
      previousLines,
    );
    out.renewals.push(
      opportunityRow(f, {
        accountId: account.id!,
        ownerId: account.ownerId!,
        name: `Renewal: ${account.name}`,
        type: 'renewal',
        stage: 'closed_won',
        amount: current.arr,
        closeDate: iso(previousEnd),
        contractId: previousId,
      }),
    );
  }
  add(term, current.lines);
  return out;
}

/**
 * An account's cached revenue fields from its history, by the ARR rule (what the contracts
 * service's refresh would write), so bulk loads need not refresh every account afterwards.
 */
export function revenueOf(
  history: ContractHistory,
  today: string,
): { arr: number; renewalDate: string | null } {
  const terms = history.contracts.map((c) => ({
    status: c.status ?? 'active',
    startDate: c.startDate,
    endDate: c.endDate,
    cancelledOn: c.cancelledOn ?? null,
    arr: c.arr ?? 0,
  }));
  const ends = terms.filter((c) => c.status === 'active').map((c) => c.endDate);
  return { arr: arrOn(terms, today), renewalDate: ends.length ? ends.sort()[0]! : null };
}

/**
 * Writes contract histories: the later terms first, then the earlier ones pointing at them
 * (`renewedToId`), then each later term's `renewedFromId` in one statement, then the lines.
 */
export async function insertContractHistories(db: Db, histories: ContractHistory[]): Promise<number> {
  const all = histories.flatMap((h) => h.contracts);
  const later = all.filter((c) => !c.renewedToId);
  const earlier = all.filter((c) => c.renewedToId);
  await insertChunked(db, contracts, later);
  await insertChunked(db, contracts, earlier);
  if (earlier.length) {
    await db.execute(sql`
      update ${contracts} c set renewed_from_id = p.id
      from ${contracts} p
      where p.renewed_to_id = c.id and c.renewed_from_id is null
        and c.id = any(${sql.param(earlier.map((e) => e.renewedToId!))}::uuid[])`);
  }
  const lines = histories.flatMap((h) => h.lines);
  await insertChunked(db, contractLines, lines);
  return all.length + lines.length;
}

export function opportunityRow(
  f: Faker,
  o: {
    accountId: string;
    ownerId: string;
    name: string;
    type: (typeof opportunityTypes)[number];
    stage: Stage;
    amount: number;
    closeDate: string;
    contractId?: string;
  },
): typeof opportunities.$inferInsert {
  const closed = o.stage === 'closed_won' || o.stage === 'closed_lost';
  return {
    id: newId(),
    ...o,
    contractId: o.contractId ?? null,
    contractIds: o.type === 'renewal' && o.contractId ? [o.contractId] : [],
    ...stageDefaults[o.stage],
    source:
      o.type === 'renewal'
        ? null
        : f.helpers.arrayElement(['inbound', 'outbound', 'referral', 'expansion'] as const),
    nextStep: closed
      ? null
      : f.helpers.arrayElement([
          'Send proposal',
          'Pricing call',
          'Security review',
          'Legal redlines',
          'Demo to the VP',
        ]),
    nextStepDue: closed ? null : iso(dayMs(o.closeDate) - f.number.int({ min: 5, max: 25 }) * DAY),
    lostReason:
      o.stage === 'closed_lost'
        ? f.helpers.arrayElement(['Budget', 'Timing', 'Chose a competitor', 'No decision'])
        : null,
    closedAt: closed ? new Date(`${o.closeDate}T12:00:00.000Z`) : null,
  };
}

const openStages: { value: Stage; weight: number }[] = [
  { value: 'prospecting', weight: 3 },
  { value: 'qualification', weight: 3 },
  { value: 'proposal', weight: 2 },
  { value: 'negotiation', weight: 2 },
  { value: 'closed_won', weight: 2 },
  { value: 'closed_lost', weight: 1 },
];

/** An expansion (or, for a prospect, new-business) deal closing in this quarter or the next. */
export function pipelineDeal(
  f: Faker,
  account: Pick<typeof accounts.$inferInsert, 'id' | 'name' | 'ownerId' | 'segment' | 'lifecycleStage'>,
  now: Date,
): typeof opportunities.$inferInsert {
  const type =
    account.lifecycleStage === 'prospect'
      ? 'new_business'
      : f.helpers.arrayElement(['upsell', 'cross_sell'] as const);
  const stage = f.helpers.weightedArrayElement(openStages);
  const quarterStart = Date.UTC(now.getUTCFullYear(), Math.floor(now.getUTCMonth() / 3) * 3, 1);
  const closed = stage === 'closed_won' || stage === 'closed_lost';
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  // Closed deals closed earlier this quarter; open ones close between today and the next quarter's end.
  const close = closed
    ? quarterStart +
      f.number.int({ min: 0, max: Math.max(0, Math.floor((today - quarterStart) / DAY)) }) * DAY
    : today + f.number.int({ min: 0, max: 150 }) * DAY;
  const size = { enterprise: [20_000, 120_000], mid_market: [5_000, 30_000], smb: [1_000, 8_000] }[
    account.segment ?? 'smb'
  ];
  const label = { new_business: 'New business', upsell: 'More seats', cross_sell: 'Analytics add-on' }[type];
  return opportunityRow(f, {
    accountId: account.id!,
    ownerId: account.ownerId!,
    name: `${account.name}: ${label}`,
    type,
    stage,
    amount: Math.round(f.number.int({ min: size[0]!, max: size[1]! }) / 100) * 100,
    closeDate: iso(close),
  });
}

/** Calendar quarters as [start, end] dates, from `from` quarters before now to `to` after. */
export function quarters(now: Date, from: number, to: number): [string, string][] {
  const out: [string, string][] = [];
  const q0 = now.getUTCFullYear() * 4 + Math.floor(now.getUTCMonth() / 3);
  for (let q = q0 - from; q <= q0 + to; q++) {
    const start = Date.UTC(Math.floor(q / 4), (q % 4) * 3, 1);
    const end = Date.UTC(Math.floor(q / 4), (q % 4) * 3 + 3, 1) - DAY;
    out.push([iso(start), iso(end)]);
  }
  return out;
}
