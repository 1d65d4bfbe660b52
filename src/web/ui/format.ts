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

/** The formats of one currency: whole units, its minor units (cents), and compact ("$1.2M"). */
function moneyFormats(currency: string) {
  const base = { style: 'currency', currency } as const;
  return {
    currency,
    whole: new Intl.NumberFormat(undefined, { ...base, minimumFractionDigits: 0, maximumFractionDigits: 0 }),
    /** The currency's own minor units: 2 for USD and EUR, 0 for JPY. */
    minor: new Intl.NumberFormat(undefined, base),
    compact: new Intl.NumberFormat(undefined, {
      ...base,
      notation: 'compact',
      minimumFractionDigits: 0,
      maximumFractionDigits: 1,
    }),
  };
}

/**
 * The deployment's currency (`STEWARD_CURRENCY`), which `GET /api/v1/me` tells the web: the app
 * shell sets it before any page renders (and re-mounts the pages should it ever change), so every
 * amount is formatted in it without its callers passing it. USD until then, as the server defaults.
 */
let money = moneyFormats('USD');

export function setCurrency(currency: string): void {
  if (currency !== money.currency) money = moneyFormats(currency);
}

export function currentCurrency(): string {
  return money.currency;
}

/** The currency's symbol in the reader's locale ("$", "€", "CHF"), for the label of an amount input. */
export function currencySymbol(): string {
  return money.whole.formatToParts(0).find((p) => p.type === 'currency')?.value ?? money.currency;
}

/**
 * An amount with its currency, in the reader's locale: "$114,000", "$12.50" (cents only when it has
 * them). `compact` where space is short (board cards, stat tiles, chart axes): "$114K", "€1.2M";
 * amounts under a thousand stay whole there.
 */
export function formatMoney(amount: number, options: { compact?: boolean } = {}): string {
  if (options.compact && Math.abs(amount) >= 1000) return money.compact.format(amount);
  const hasCents = Math.round(Math.abs(amount) * 100) % 100 !== 0;
  return (hasCents ? money.minor : money.whole).format(amount);
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
