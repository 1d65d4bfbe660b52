import { ratio4 } from './arr-movement.ts';
import { fromCents, toCents } from './money.ts';

/**
 * The team report's rates (docs/domain-rules.md#team-report): each a ratio to 4 decimals
 * (`ratio4`, half away from zero) and null when its denominator is 0.
 */
export const rate = (numerator: number, denominator: number): number | null =>
  denominator === 0 ? null : ratio4(numerator, denominator);

/** renewed / renewalsDue, both amounts: null when nothing was due. */
export const renewalRate = (renewed: number, renewalsDue: number): number | null =>
  rate(toCents(renewed), toCents(renewalsDue));

/** Share of the accounts not overdue for a check-in: (accounts − overdue) / accounts. */
export const coverage = (accounts: number, overdueCheckIns: number): number | null =>
  rate(accounts - overdueCheckIns, accounts);

/** closedWon / quota: null without a quota (as the forecast's attainment). */
export const attainment = (closedWon: number, quota: number): number | null =>
  rate(toCents(closedWon), toCents(quota));

/** What the report adds up per member, before its rates. */
export interface TeamFigures {
  accounts: number;
  arr: number;
  quota: number;
  closedWon: number;
  commit: number;
  pipeline: number;
  weighted: number;
  renewalsDue: number;
  renewed: number;
  churnedArr: number;
  redAccounts: number;
  overdueCheckIns: number;
  touches: number;
}

export interface TeamRates {
  attainment: number | null;
  renewalRate: number | null;
  coverage: number | null;
}

/** A member's (or the total's) rates from their figures. */
export function teamRates(f: TeamFigures): TeamRates {
  return {
    attainment: attainment(f.closedWon, f.quota),
    renewalRate: renewalRate(f.renewed, f.renewalsDue),
    coverage: coverage(f.accounts, f.overdueCheckIns),
  };
}

const moneyKeys = [
  'arr',
  'quota',
  'closedWon',
  'commit',
  'pipeline',
  'weighted',
  'renewalsDue',
  'renewed',
  'churnedArr',
] as const;
const countKeys = ['accounts', 'redAccounts', 'overdueCheckIns', 'touches'] as const;

/**
 * The total row: every amount and count summed (amounts in integer cents), and the rates taken
 * from the sums — not averaged over the members.
 */
export function teamTotal(rows: Iterable<TeamFigures>): TeamFigures & TeamRates {
  const cents = Object.fromEntries(moneyKeys.map((k) => [k, 0])) as Record<
    (typeof moneyKeys)[number],
    number
  >;
  const counts = Object.fromEntries(countKeys.map((k) => [k, 0])) as Record<
    (typeof countKeys)[number],
    number
  >;
  for (const r of rows) {
    for (const k of moneyKeys) cents[k] += toCents(r[k]);
    for (const k of countKeys) counts[k] += r[k];
  }
  const figures = {
    ...counts,
    ...(Object.fromEntries(moneyKeys.map((k) => [k, fromCents(cents[k])])) as Record<
      (typeof moneyKeys)[number],
      number
    >),
  };
  return { ...figures, ...teamRates(figures) };
}

/** Lost deals of one spelling of a reason, as the database groups them. */
export interface LossGroup {
  reason: string | null;
  deals: number;
  amount: number;
}

/**
 * Loss reasons (docs/domain-rules.md#loss-reasons): the groups merged by reason trimmed and
 * compared case-insensitively, each shown in its most frequent spelling (ties: the first in
 * code-point order); by amount descending, then deals descending, then reason.
 */
export function lossReasons(
  groups: Iterable<LossGroup>,
): { reason: string; deals: number; amount: number }[] {
  const merged = new Map<string, { spellings: Map<string, number>; deals: number; cents: number }>();
  for (const g of groups) {
    const spelling = (g.reason ?? '').trim();
    const key = spelling.toLowerCase();
    let m = merged.get(key);
    if (!m) {
      m = { spellings: new Map(), deals: 0, cents: 0 };
      merged.set(key, m);
    }
    m.spellings.set(spelling, (m.spellings.get(spelling) ?? 0) + g.deals);
    m.deals += g.deals;
    m.cents += toCents(g.amount);
  }
  const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...merged.values()]
    .map((m) => {
      const [reason] = [...m.spellings].sort((a, b) => b[1] - a[1] || byCodePoint(a[0], b[0]))[0]!;
      return { reason, deals: m.deals, amount: fromCents(m.cents) };
    })
    .sort((a, b) => b.amount - a.amount || b.deals - a.deals || byCodePoint(a.reason, b.reason));
}
