import { randomId } from '@mantine/hooks';
import type { Account } from '../../api.ts';

export type CustomFields = Account['customFields'];
/** A custom field as the form edits it: a name and a text value (`id` keeps the row across edits). */
export interface CustomFieldRow {
  id: string;
  key: string;
  value: string;
}

/** A custom field's value as text: the API also allows numbers, true/false and null. */
export const customFieldText = (v: CustomFields[string]): string => (v === null ? '' : String(v));

export const newCustomFieldRow = (): CustomFieldRow => ({ id: randomId(), key: '', value: '' });

export const customFieldRows = (fields: CustomFields): CustomFieldRow[] =>
  Object.entries(fields).map(([key, v]) => ({ id: randomId(), key, value: customFieldText(v) }));

/**
 * The rows as the API's object. A row left blank is dropped; a value shown unchanged keeps its type in
 * `current` (a number stays a number), so an untouched list is the same object as before.
 */
export function customFieldsOf(rows: CustomFieldRow[], current: CustomFields = {}): CustomFields {
  const out: CustomFields = {};
  for (const row of rows) {
    const key = row.key.trim();
    const value = row.value.trim();
    if (!key && !value) continue;
    const was = current[key];
    out[key] = was !== undefined && customFieldText(was) === value ? was : value;
  }
  return out;
}

/** The rule of a row's name: needed unless the row is blank, at most 100 characters, not used twice. */
export function customFieldKeyRule(
  key: string,
  values: { customFields: CustomFieldRow[] },
  path: string,
): string | null {
  const index = Number(path.split('.')[1]);
  const rows = values.customFields;
  const name = key.trim();
  if (!name) return rows[index]?.value.trim() ? 'Enter a name.' : null;
  if (name.length > 100) return 'Use at most 100 characters.';
  const first = rows.findIndex((r) => r.key.trim() === name);
  return first !== index ? 'This name is already used.' : null;
}
