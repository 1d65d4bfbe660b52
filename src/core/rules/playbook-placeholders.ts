import { readableIfInstant } from './dates.ts';

/**
 * Placeholders in a playbook's texts: `{{account.name}}`, `{{account.arr}}`,
 * `{{account.owner.name}}` and `{{event.*}}` — the event's `type`, `occurredAt`, and each key of its
 * data (`{{event.data.to}}`, or `{{event.to}}` for short).
 */

const pattern = /\{\{\s*([^{}]*?)\s*\}\}/g;
const envelopeKeys = ['type', 'occurredAt', 'id'] as const;

export const accountPlaceholders = ['account.name', 'account.arr', 'account.owner.name'] as const;

/** The placeholders written in a text, in order, as written (without the braces). */
export function placeholdersIn(text: string): string[] {
  return [...text.matchAll(pattern)].map((m) => m[1]!);
}

/** The placeholders a playbook whose trigger's data has these keys may use. */
export function knownPlaceholders(dataKeys: readonly string[]): string[] {
  return [
    ...accountPlaceholders,
    ...envelopeKeys.map((k) => `event.${k}`),
    ...dataKeys.map((k) => `event.data.${k}`),
  ];
}

export function isKnownPlaceholder(name: string, dataKeys: readonly string[]): boolean {
  if ((accountPlaceholders as readonly string[]).includes(name)) return true;
  if (!name.startsWith('event.')) return false;
  const rest = name.slice(6);
  if ((envelopeKeys as readonly string[]).includes(rest)) return true;
  const key = rest.startsWith('data.') ? rest.slice(5) : rest;
  return dataKeys.includes(key);
}

/** The unknown placeholders of a text (empty: all are known). */
export function unknownPlaceholders(text: string, dataKeys: readonly string[]): string[] {
  return placeholdersIn(text).filter((p) => !isKnownPlaceholder(p, dataKeys));
}

export interface PlaceholderValues {
  account: { name: string; arr: number | string; ownerName: string | null };
  event: { type: string; occurredAt: string; id: string; data: Record<string, unknown> };
}

function show(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map(show).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return typeof value === 'string' ? readableIfInstant(value) : String(value);
}

/** The text with each placeholder replaced by its value (an unknown one, or a missing value: empty). */
export function renderPlaceholders(text: string, values: PlaceholderValues): string {
  return text.replace(pattern, (_m, name: string) => {
    if (name === 'account.name') return values.account.name;
    if (name === 'account.arr') return show(values.account.arr);
    if (name === 'account.owner.name') return values.account.ownerName ?? '';
    if (!name.startsWith('event.')) return '';
    const rest = name.slice(6);
    if (rest === 'type' || rest === 'occurredAt' || rest === 'id') return values.event[rest];
    const key = rest.startsWith('data.') ? rest.slice(5) : rest;
    return show(values.event.data[key]);
  });
}
