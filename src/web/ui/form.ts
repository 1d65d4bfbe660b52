import type { UseFormReturnType } from '@mantine/form';
import type { KeyboardEvent } from 'react';
import { fieldErrorsOf } from '../api.ts';

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Whether a form value and a record's value are the same: absent and null alike, lists as sets, maps
 * (custom fields) by their keys and values.
 */
function same(value: unknown, current: unknown): boolean {
  if (Array.isArray(value) && Array.isArray(current)) {
    const sorted = (list: unknown[]) => list.map(String).sort().join('\u0000');
    return value.length === current.length && sorted(value) === sorted(current);
  }
  if (isPlainObject(value) && isPlainObject(current)) {
    const keys = Object.keys(value);
    return (
      keys.length === Object.keys(current).length &&
      keys.every((k) => Object.hasOwn(current, k) && value[k] === current[k])
    );
  }
  return (value ?? null) === (current ?? null);
}

/**
 * The PATCH body of an edit: the fields of `values` whose value differs from the record's, or null
 * when nothing changed. Sending only these keeps a concurrent change of another field. A field whose
 * value is undefined is not sent. Lists (ids, tags) count as changed only when their items do, maps
 * (custom fields) only when a key or a value does.
 */
export function changedFields<V extends object>(
  record: { readonly [K in keyof V]?: unknown },
  values: V,
): Partial<V> | null {
  const patch: Partial<V> = {};
  for (const key of Object.keys(values) as (keyof V)[]) {
    if (values[key] !== undefined && !same(values[key], record[key])) patch[key] = values[key];
  }
  return Object.keys(patch).length ? patch : null;
}

/** The names of a form's fields, as the server names them in its errors. */
export function fieldsOf<V extends object>(form: UseFormReturnType<V>): string[] {
  return Object.keys(form.getInitialValues());
}

/**
 * The onError of a form's request: the server's field messages (a 400's `errors[]`, or a 409 on one
 * field such as a taken e-mail) go on the form's fields; `FormError` lists those it has no field for.
 */
export function showFieldErrors<V extends object>(form: UseFormReturnType<V>): (err: unknown) => void {
  return (err) => {
    const fields = fieldsOf(form);
    const errors = Object.entries(fieldErrorsOf(err)).filter(([field]) => fields.includes(field));
    form.setErrors(Object.fromEntries(errors));
  };
}

/** A rule for a NumberInput: a whole number from `min` to `max`; with `optional`, empty passes too. */
export function wholeNumber(min: number, max: number, message: string, { optional = false } = {}) {
  return (value: number | string): string | null => {
    if (optional && value === '') return null;
    const n = Number(value);
    return Number.isInteger(n) && n >= min && n <= max ? null : message;
  };
}

/** A keydown handler that runs `submit` on Ctrl+Enter (⌘+Enter on a Mac), from any field. */
export function onCtrlEnter(submit: () => void) {
  return (e: KeyboardEvent) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      submit();
    }
  };
}
