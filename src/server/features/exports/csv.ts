// RFC 4180 text, written here rather than by a library: a cell is one of a handful of value types
// and quoting is one rule, so a dozen lines do what a CSV writer's options would have to be set for
// (quoting a leading or trailing space is not csv-stringify's default).

/** What a column may hold: the list's own values (ISO dates and timestamps are already strings). */
export type Cell = string | number | boolean | null | undefined | readonly unknown[] | object;

/** The byte-order mark that makes spreadsheet programs read the file as UTF-8. */
export const BOM = '\uFEFF';
export const CRLF = '\r\n';

/**
 * A value as export text: nothing for null or absent, `true`/`false`, a number as a plain decimal
 * (no grouping, no exponent), a list joined with `; `, any other object as JSON.
 */
export function cellText(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return plainNumber(value);
  if (Array.isArray(value)) return value.map((v) => cellText(v as Cell)).join('; ');
  return JSON.stringify(value);
}

/** `12000.5`, never `1.2e+21` or `1e-7`: money and percentages read back as the same number. */
function plainNumber(n: number): string {
  if (!Number.isFinite(n)) return '';
  const text = String(n);
  if (!/e/i.test(text)) return text;
  return n.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 20 });
}

const NEEDS_QUOTES = /[",\r\n]|^[ \t]|[ \t]$/;

/** One field, quoted when it holds a comma, a quote, CR or LF, or starts or ends with a space. */
export function csvField(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One record, CRLF-terminated. */
export function csvLine(values: readonly Cell[]): string {
  return values.map((v) => csvField(cellText(v))).join(',') + CRLF;
}
