import { addDays, daysBetween } from '../../core/rules/dates.ts';

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const date = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

/** A timestamp in the reader's locale and time zone, or the fallback when there is none. */
export function formatDateTime(iso: string | null | undefined, fallback = '—'): string {
  return iso ? dateTime.format(new Date(iso)) : fallback;
}

export function formatDate(iso: string | null | undefined, fallback = '—'): string {
  return iso ? date.format(new Date(iso)) : fallback;
}

/** Up to two initials for an avatar. */
export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? [parts[0]![0], parts[parts.length - 1]![0]] : [parts[0]?.[0]];
  return letters.join('').toUpperCase() || '?';
}

/** A calendar date (`YYYY-MM-DD`) as the reader writes it; no time zone can move it a day. */
export function formatDay(isoDate: string | null | undefined, fallback = '—'): string {
  if (!isoDate) return fallback;
  const [y, m, d] = isoDate.split('-').map(Number);
  if (!y || !m || !d) return isoDate;
  return date.format(new Date(y, m - 1, d));
}

/** A date-only value (`YYYY-MM-DD`) of the reader's calendar. */
export function isoDay(d: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

// Calendar arithmetic is the server's: one module for both.
export { addDays, daysBetween };

const money = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });

/** An amount in the deployment currency (the server does not tell the web which one). */
export function formatMoney(amount: number): string {
  return money.format(amount);
}

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

/** "in 3 days", "yesterday", "today" for a calendar date against today. */
export function relativeDay(isoDate: string, today = isoDay()): string {
  return relative.format(daysBetween(today, isoDate), 'day');
}

/** A person's full name from optional parts. */
export function personName(first: string | null | undefined, last: string | null | undefined): string {
  return [first, last].filter(Boolean).join(' ') || 'Unnamed contact';
}
