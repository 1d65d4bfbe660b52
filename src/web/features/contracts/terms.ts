import { addDays, addMonths, daysBetween } from '../../../core/rules/dates.ts';

const parts = (iso: string) => {
  const [y, m, d] = iso.split('-').map(Number);
  return { y: y ?? 1970, m: m ?? 1, d: d ?? 1 };
};
const _pad = (n: number) => String(n).padStart(2, '0');

/** A term as whole months when it is one (1 Jan–31 Dec is 12), else as days; endDate is inclusive. */
export function termOf(startDate: string, endDate: string): { months: number } | { days: number } {
  const after = addDays(endDate, 1);
  const a = parts(startDate);
  const b = parts(after);
  const months = (b.y - a.y) * 12 + (b.m - a.m);
  if (months > 0 && addMonths(startDate, months) === after) return { months };
  return { days: daysBetween(startDate, endDate) + 1 };
}

/** "12 months", "1 month", "45 days". */
export function termLabel(startDate: string, endDate: string): string {
  const t = termOf(startDate, endDate);
  if ('months' in t) {
    if (t.months % 12 === 0) return `${t.months / 12} year${t.months === 12 ? '' : 's'}`;
    return `${t.months} month${t.months === 1 ? '' : 's'}`;
  }
  return `${t.days} day${t.days === 1 ? '' : 's'}`;
}

/** The last day of a term of the same length as [startDate, endDate], starting on `from`. */
export function sameTermEnd(startDate: string, endDate: string, from: string): string {
  const t = termOf(startDate, endDate);
  return 'months' in t ? addDays(addMonths(from, t.months), -1) : addDays(from, t.days - 1);
}

/** What a renewal starts from: the next day, the same term length, the same ARR. */
export function renewalDefaults(c: { startDate: string; endDate: string; arr: number }) {
  const startDate = addDays(c.endDate, 1);
  return { startDate, endDate: sameTermEnd(c.startDate, c.endDate, startDate), arr: c.arr };
}
