/**
 * How a CSV cell from Steward, Salesforce, HubSpot or a spreadsheet becomes a value of the API:
 * pure functions, one per kind of field, each returning the value or a message saying why not.
 * docs/data.md#values lists the forms each accepts.
 */

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };
const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = (message: string): Parsed<never> => ({ ok: false, message });

/** A header as compared: lower case, letters and digits only ("Owner.Email" → "owneremail"). */
export function headerKey(header: string): string {
  return header
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/**
 * A number as exports write it: `12500`, `12,500.00`, `$12,500.00`, `12.500,00 €`, `1 250,5`,
 * `(300)` for a negative, `45%`. A lone comma or dot followed by exactly three digits groups
 * thousands (unless nothing or `0` precedes it); otherwise it is the decimal mark. Groups that are
 * not thousands groups (`1.2.3,4`) are no number.
 */
export function parseNumber(raw: string): Parsed<number> {
  let s = raw.trim().replace(/[\s\u00a0\u202f]/g, '');
  let negative = false;
  if (/^\(.*\)$/.test(s)) {
    negative = true;
    s = s.slice(1, -1);
  }
  s = s.replace(/^[A-Z]{3}(?=[-\d.,])|(?<=[\d.,])[A-Z]{3}$/, '').replace(/[$€£¥%]/g, '');
  if (s.startsWith('-')) {
    negative = !negative;
    s = s.slice(1);
  }
  if (!/^[\d.,]+$/.test(s) || !/\d/.test(s)) return fail(`"${raw}" is not a number`);
  const lastComma = s.lastIndexOf(',');
  const lastDot = s.lastIndexOf('.');
  let normal: string;
  if (lastComma >= 0 && lastDot >= 0) {
    // Both: the later one is the decimal mark.
    const whole = s.slice(0, Math.max(lastComma, lastDot)).split(lastComma > lastDot ? '.' : ',');
    if (!wellGrouped(whole)) return fail(`"${raw}" is not a number`);
    normal = lastComma > lastDot ? s.replace(/\./g, '').replace(',', '.') : s.replace(/,/g, '');
  } else if (lastComma >= 0 || lastDot >= 0) {
    const mark = lastComma >= 0 ? ',' : '.';
    const parts = s.split(mark);
    const grouping =
      parts.length > 2 || (parts[1]!.length === 3 && /^\d{1,3}$/.test(parts[0]!) && parts[0] !== '0');
    if (grouping && !wellGrouped(parts)) return fail(`"${raw}" is not a number`);
    normal = grouping ? parts.join('') : parts.join('.');
  } else normal = s;
  if (!/^\d*\.?\d*$/.test(normal)) return fail(`"${raw}" is not a number`);
  const n = Number(normal);
  if (!Number.isFinite(n)) return fail(`"${raw}" is not a number`);
  return ok(negative ? -n : n);
}

/**
 * Digit groups split at a thousands mark: 1 to 3 digits, then groups of 3 (of 2 or 3 before the
 * last, as India's `1,25,000`), so `1.2.3,4` or a date such as `1.5.2026` is no number.
 */
const wellGrouped = (groups: string[]) =>
  /^\d{1,3}$/.test(groups[0]!) &&
  groups.slice(1).every((g, i) => (i === groups.length - 2 ? /^\d{3}$/ : /^\d{2,3}$/).test(g));

const pad = (n: number) => String(n).padStart(2, '0');
function validDate(y: number, m: number, d: number): string | null {
  const t = new Date(Date.UTC(y, m - 1, d));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, '0')}-${pad(m)}-${pad(d)}`;
}

/**
 * A date: ISO `2026-12-31` (or the date of an ISO timestamp), US `12/31/2026` (Salesforce and
 * HubSpot in US locales), European `31.12.2026` or `31/12/2026` (when the first number exceeds 12,
 * or with dots). Two-digit years are 20xx.
 */
export function parseDate(raw: string, order: 'mdy' | 'dmy' = 'mdy'): Parsed<string> {
  const s = raw.trim();
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$/.exec(s);
  if (m) return orFail(validDate(+m[1]!, +m[2]!, +m[3]!), raw);
  m = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{2}|\d{4})(?:[ T].*)?$/.exec(s);
  if (m) {
    const a = +m[1]!;
    const b = +m[3]!;
    const y = m[4]!.length === 2 ? 2000 + +m[4]! : +m[4]!;
    const dayFirst = m[2] === '.' || a > 12 || (order === 'dmy' && b <= 12);
    return orFail(dayFirst ? validDate(y, b, a) : validDate(y, a, b), raw);
  }
  return fail(`"${raw}" is not a date (use YYYY-MM-DD)`);
}

const orFail = (date: string | null, raw: string): Parsed<string> =>
  date ? ok(date) : fail(`"${raw}" is not a date`);

/**
 * A moment, as ISO 8601 UTC (`2026-12-31T09:30:00.000Z`): an ISO timestamp with or without zone
 * (without: UTC), `2026-12-31 09:30`, a US or European date with an optional `9:30 AM` time, or a
 * bare date (midnight UTC).
 */
export function parseDateTime(raw: string, order: 'mdy' | 'dmy' = 'mdy'): Parsed<string> {
  const s = raw.trim();
  const iso = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?$/.exec(s);
  if (iso) {
    // Date.parse would roll a day that does not exist (2026-02-30) over into the next month.
    const t = parseDate(iso[1]!).ok ? Date.parse(`${iso[1]}T${iso[2]}${iso[3] ?? 'Z'}`) : Number.NaN;
    return Number.isNaN(t) ? fail(`"${raw}" is not a date and time`) : ok(new Date(t).toISOString());
  }
  const m = /^(\S+?)(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?$/.exec(s);
  if (!m) return fail(`"${raw}" is not a date and time`);
  const date = parseDate(m[1]!, order);
  if (!date.ok) return fail(`"${raw}" is not a date and time`);
  let hours = m[2] === undefined ? 0 : +m[2];
  const minutes = m[3] === undefined ? 0 : +m[3];
  const seconds = m[4] === undefined ? 0 : +m[4];
  const half = m[5]?.toLowerCase();
  if (half) {
    if (hours < 1 || hours > 12) return fail(`"${raw}" is not a date and time`);
    hours = (hours % 12) + (half === 'pm' ? 12 : 0);
  }
  if (hours > 23 || minutes > 59 || seconds > 59) return fail(`"${raw}" is not a date and time`);
  return ok(`${date.value}T${pad(hours)}:${pad(minutes)}:${pad(seconds)}.000Z`);
}

const truthy = new Set([
  'true',
  'yes',
  'y',
  '1',
  'x',
  'checked',
  'on',
  'ja',
  'oui',
  'si',
  'sí',
  'wahr',
  'vrai',
]);
const falsy = new Set(['false', 'no', 'n', '0', 'unchecked', 'off', 'nein', 'non', 'falsch', 'faux']);

/** `true`/`false`, yes/no, 1/0, x, checked (and their French, German and Spanish words). */
export function parseBoolean(raw: string): Parsed<boolean> {
  const s = raw.trim().toLowerCase();
  if (truthy.has(s)) return ok(true);
  if (falsy.has(s)) return ok(false);
  return fail(`"${raw}" is not yes or no`);
}

/** A list cell: `a; b`, `a;b` or `a, b` (semicolons first: a value may hold a comma only then). */
export function parseList(raw: string): string[] {
  const sep = raw.includes(';') ? ';' : raw.includes('|') ? '|' : ',';
  return raw
    .split(sep)
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * The host name of a domain or website cell: `https://www.Acme.com/about` → `acme.com`; what is
 * left is checked by the API's own schema.
 */
export function domainOf(raw: string): string {
  return raw
    .trim()
    .toLowerCase()
    .replace(/^[a-z][a-z0-9+.-]*:\/\//, '')
    .replace(/^www\./, '')
    .replace(/[/?#].*$/, '')
    .replace(/:\d+$/, '')
    .replace(/\.$/, '');
}

/** An enum cell as compared with the allowed values: `Closed Won` → `closed_won`. */
export function enumKey(raw: string): string {
  return raw
    .trim()
    .normalize('NFKD')
    .replace(/\p{M}/gu, '') // accents, once split off by NFKD: `Négociation` → `negociation`
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');
}
