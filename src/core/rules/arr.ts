import { sumMoney } from './money.ts';

/** What ARR needs to know of a contract. Dates are `YYYY-MM-DD`. */
export interface ContractTerm {
  status: 'draft' | 'active' | 'renewed' | 'expired' | 'cancelled';
  startDate: string;
  endDate: string;
  cancelledOn: string | null;
  arr: number;
}

/**
 * Whether a contract counts toward ARR on date `d`: not a draft, `startDate ≤ d ≤ endDate`, and
 * not yet cancelled (`d < cancelledOn`). ISO dates compare as strings.
 */
export function countsOn(c: ContractTerm, d: string): boolean {
  return (
    c.status !== 'draft' &&
    c.startDate <= d &&
    d <= c.endDate &&
    (c.cancelledOn === null || d < c.cancelledOn)
  );
}

/** ARR on a date: Σ arr of the contracts that count on it. */
export function arrOn(contracts: Iterable<ContractTerm>, d: string): number {
  const amounts: number[] = [];
  for (const c of contracts) if (countsOn(c, d)) amounts.push(c.arr);
  return sumMoney(amounts);
}
