import { AppError, type FieldError } from '../../core/errors.ts';
import type { App } from '../deps.ts';

/**
 * The dotted paths of every string (value or key) holding a NUL character. PostgreSQL cannot store
 * one in text, and no person types one. Walks iteratively: a client may send JSON nested
 * thousands deep.
 */
export function nulPaths(input: unknown): string[] {
  const found: string[] = [];
  const stack: [unknown, string][] = [[input, '']];
  while (stack.length && found.length < 20) {
    const [value, at] = stack.pop()!;
    const child = (key: string) => (at ? `${at}.${key}` : key);
    if (typeof value === 'string') {
      if (value.includes('\0')) found.push(at || 'body');
    } else if (Array.isArray(value)) {
      for (const [i, v] of value.entries()) stack.push([v, child(String(i))]);
    } else if (isPlainObject(value)) {
      for (const [k, v] of Object.entries(value)) {
        if (k.includes('\0')) found.push(child(k.replaceAll('\0', '\\0')));
        else stack.push([v, child(k)]);
      }
    }
  }
  return found;
}

/**
 * Parsed JSON and query strings are walked; a body left as a stream (a CSV upload) is not: its
 * graph (socket, server…) has cycles, and its text is the file's, read by the importer.
 */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && typeof (value as { pipe?: unknown }).pipe !== 'function';
}

/** Every request's body, query and path parameters are refused with 400 when they hold a NUL. */
export function registerTextGuard(app: App): void {
  app.addHook('preValidation', async (req) => {
    const errors: FieldError[] = [req.params, req.query, req.body].flatMap((part) =>
      nulPaths(part).map((path) => ({ path, message: 'must not contain the NUL character (\\u0000)' })),
    );
    if (errors.length) {
      throw new AppError(
        'validation',
        `The request holds a NUL character in ${errors.map((e) => e.path).join(', ')}.`,
        {
          errors,
        },
      );
    }
  });
}
