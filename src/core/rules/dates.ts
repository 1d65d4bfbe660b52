/**
 * Calendar dates as the API writes them (`YYYY-MM-DD`, UTC). ISO dates compare as strings, so
 * `a < b` orders them. Pure: the day itself comes from the clock, never from here.
 */

const DAY_MS = 86_400_000;

const parse = (d: string): Date => new Date(`${d}T00:00:00.000Z`);
const format = (d: Date): string => d.toISOString().slice(0, 10);

/** The UTC calendar day of an instant. */
export const dayOf = (t: Date | number | string): string => format(typeof t === 'object' ? t : new Date(t));

export function addDays(d: string, days: number): string {
  return format(new Date(parse(d).getTime() + days * DAY_MS));
}

/** Whole days from `from` to `to`. */
export const daysBetween = (from: string, to: string): number =>
  Math.round((parse(to).getTime() - parse(from).getTime()) / DAY_MS);

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
export const minDate = (a: string, b: string): string => (a < b ? a : b);

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** An instant for people to read in mail and notifications: `6 Dec 2026, 08:28 UTC`. */
export function readableInstant(iso: string): string {
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) return iso;
  const hh = String(t.getUTCHours()).padStart(2, '0');
  const mm = String(t.getUTCMinutes()).padStart(2, '0');
  return `${t.getUTCDate()} ${MONTHS[t.getUTCMonth()]} ${t.getUTCFullYear()}, ${hh}:${mm} UTC`;
}

/** `value` written for people when it is an ISO instant (`2026-12-06T08:28:39.323Z`); else as it is. */
export const readableIfInstant = (value: string): string =>
  ISO_INSTANT.test(value) ? readableInstant(value) : value;
