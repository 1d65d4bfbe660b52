import { addDays, isoDay } from '../../ui/format.ts';

/** A calendar quarter, written `2026-Q3` in addresses. */
export interface Quarter {
  year: number;
  q: 1 | 2 | 3 | 4;
}

export interface Period {
  from: string;
  to: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

export function quarterOf(isoDate: string): Quarter {
  const [y, m] = isoDate.split('-').map(Number);
  return { year: y ?? 1970, q: (Math.floor(((m ?? 1) - 1) / 3) + 1) as Quarter['q'] };
}

/** First and last day of a quarter. */
export function quarterRange({ year, q }: Quarter): Period {
  const firstMonth = (q - 1) * 3 + 1;
  const from = `${year}-${pad(firstMonth)}-01`;
  const next = q === 4 ? `${year + 1}-01-01` : `${year}-${pad(firstMonth + 3)}-01`;
  return { from, to: addDays(next, -1) };
}

/** The quarter `n` quarters after (or before, when negative) `quarter`. */
export function shiftQuarter({ year, q }: Quarter, n: number): Quarter {
  const index = year * 4 + (q - 1) + n;
  return { year: Math.floor(index / 4), q: ((index % 4) + 1) as Quarter['q'] };
}

export const quarterKey = ({ year, q }: Quarter): string => `${year}-Q${q}`;
export const quarterLabel = ({ year, q }: Quarter): string => `Q${q} ${year}`;

/** `2026-Q3` back to a quarter; anything else is null. */
export function parseQuarter(key: unknown): Quarter | null {
  if (typeof key !== 'string') return null;
  const m = /^(\d{4})-Q([1-4])$/.exec(key);
  return m ? { year: Number(m[1]), q: Number(m[2]) as Quarter['q'] } : null;
}

export const thisQuarter = (today = isoDay()): Quarter => quarterOf(today);

/** The quarters a picker offers: four back and four ahead of the current one. */
export function quarterOptions(today = isoDay(), around = 4): { value: string; label: string }[] {
  const now = quarterOf(today);
  const out: { value: string; label: string }[] = [];
  for (let i = -around; i <= around; i++) {
    const q = shiftQuarter(now, i);
    const label = i === 0 ? `${quarterLabel(q)} (this quarter)` : quarterLabel(q);
    out.push({ value: quarterKey(q), label });
  }
  return out;
}

/** A real calendar date written `YYYY-MM-DD` (not 2026-02-30, which Date would roll over to March). */
export const isIsoDate = (v: unknown): v is string => {
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const t = Date.parse(`${v}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === v;
};
