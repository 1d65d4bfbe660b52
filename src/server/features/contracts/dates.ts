/** Calendar dates as the API writes them (`YYYY-MM-DD`, UTC); ISO dates compare as strings. */

export const todayUtc = (): string => new Date().toISOString().slice(0, 10);

const parse = (d: string): Date => new Date(`${d}T00:00:00.000Z`);
const format = (d: Date): string => d.toISOString().slice(0, 10);

export function addDays(d: string, days: number): string {
  const x = parse(d);
  x.setUTCDate(x.getUTCDate() + days);
  return format(x);
}

/** The same day `months` months away, clamped to the month's end (31 Mar − 1 month = 28/29 Feb). */
export function addMonths(d: string, months: number): string {
  const x = parse(d);
  const day = x.getUTCDate();
  x.setUTCDate(1);
  x.setUTCMonth(x.getUTCMonth() + months);
  const monthEnd = new Date(Date.UTC(x.getUTCFullYear(), x.getUTCMonth() + 1, 0)).getUTCDate();
  x.setUTCDate(Math.min(day, monthEnd));
  return format(x);
}

/** The calendar quarter a date falls in, first and last day. */
export function quarterOf(d: string): { from: string; to: string } {
  const x = parse(d);
  const first = Math.floor(x.getUTCMonth() / 3) * 3;
  return {
    from: format(new Date(Date.UTC(x.getUTCFullYear(), first, 1))),
    to: format(new Date(Date.UTC(x.getUTCFullYear(), first + 3, 0))),
  };
}

export const maxDate = (a: string, b: string): string => (a > b ? a : b);
