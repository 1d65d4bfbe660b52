import { maxDate } from './dates.ts';
import { termEnd } from './renewal-term.ts';

/**
 * Co-terming (docs/domain-rules.md#winning-a-deal-changes-arr): a won new business, upsell or
 * cross-sell deal becomes a contract that ends with the account's latest active contract, so the
 * account renews everything on one day; co-termed contracts then share one renewal.
 */

/** What co-terming reads of an account's contracts. */
export interface CotermCandidate {
  id: string;
  startDate: string;
  endDate: string;
  status: string;
  cancelledOn: string | null;
  autoRenew: boolean;
  upliftPercent: number;
  renewalWindowDays: number;
}

/** The contract a won deal creates, before the request adjusts it. */
export interface ProposedContract {
  startDate: string;
  endDate: string;
  arr: number;
  autoRenew: boolean;
  upliftPercent: number;
  renewalWindowDays: number;
  /** The contract it co-terms with (its renewal terms are copied); null when it stands alone. */
  cotermWithId: string | null;
}

/** Contracts that still run and will renew: active, without notice of cancellation. */
const live = (c: CotermCandidate) => c.status === 'active' && c.cancelledOn === null;

/**
 * The primary of a renewal group (contracts of one account ending on one day): the one that
 * started first, the lower id breaking a tie. Its term is the group's renewal term and its id the
 * renewal opportunity's contractId.
 */
export function primaryOf<T extends { id: string; startDate: string }>(group: readonly T[]): T {
  if (!group.length) throw new Error('a renewal group has at least one contract');
  return group.reduce((a, b) =>
    b.startDate < a.startDate || (b.startDate === a.startDate && b.id < a.id) ? b : a,
  );
}

/**
 * The contract winning a deal closed on `closeDate` for `amount` creates: from closeDate to the
 * latest endDate among the account's live contracts ending after closeDate, with that group's
 * primary's autoRenew, upliftPercent and renewalWindowDays; with none, for 12 months (closeDate +
 * 12 months − 1 day, as the term rule counts months: from 29 February to 28 February), not
 * auto-renewing, no uplift, a 120-day window.
 */
export function proposedContract(
  closeDate: string,
  amount: number,
  contracts: readonly CotermCandidate[],
): ProposedContract {
  const later = contracts.filter((c) => live(c) && c.endDate > closeDate);
  if (!later.length) {
    return {
      startDate: closeDate,
      endDate: termEnd(closeDate, { months: 12 }),
      arr: amount,
      autoRenew: false,
      upliftPercent: 0,
      renewalWindowDays: 120,
      cotermWithId: null,
    };
  }
  const endDate = later.map((c) => c.endDate).reduce(maxDate);
  const primary = primaryOf(later.filter((c) => c.endDate === endDate));
  return {
    startDate: closeDate,
    endDate,
    arr: amount,
    autoRenew: primary.autoRenew,
    upliftPercent: primary.upliftPercent,
    renewalWindowDays: primary.renewalWindowDays,
    cotermWithId: primary.id,
  };
}
