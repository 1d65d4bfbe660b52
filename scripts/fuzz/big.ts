// Values too large to paste (100k-character strings, 5,000-item arrays, 10,000-deep JSON) travel
// as a Big: the value itself plus a short JavaScript expression that rebuilds it. The value is made
// BY evaluating the expression, so the reproduction printed in the report is exactly what was sent.

export class Big {
  readonly value: unknown;
  constructor(readonly expr: string) {
    // The expressions are fuzzer-written constants (no input from the server or the user).
    this.value = new Function(`return (${expr});`)();
  }
  /** JSON.stringify sends the real value. */
  toJSON(): unknown {
    return this.value;
  }
}

export type Text = string | Big;

export const textValue = (t: Text): string => (t instanceof Big ? String(t.value) : t);
export const isBig = (v: unknown): v is Big => v instanceof Big;

/** JavaScript source that rebuilds a JSON-like tree holding Bigs. */
export function toJs(v: unknown): string {
  if (v instanceof Big) return v.expr;
  if (Array.isArray(v)) return `[${v.map(toJs).join(',')}]`;
  if (v !== null && typeof v === 'object')
    return `{${Object.entries(v)
      .map(([k, x]) => `${JSON.stringify(k)}:${toJs(x)}`)
      .join(',')}}`;
  return JSON.stringify(v) ?? 'null';
}

export function containsBig(v: unknown): boolean {
  if (v instanceof Big) return true;
  if (Array.isArray(v)) return v.some(containsBig);
  if (v !== null && typeof v === 'object') return Object.values(v).some(containsBig);
  return false;
}

/** POSIX shell single-quoting: safe for any text without NUL. */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** A shell word that expands to the Text: literal when small, a `node -e` substitution when big. */
export function shellWord(t: Text): string {
  if (t instanceof Big) return `"$(node -e ${shellQuote(`process.stdout.write(String(${t.expr}))`)})"`;
  return shellQuote(t);
}
