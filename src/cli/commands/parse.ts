import type { z } from 'zod';

/** Validates CLI input with the API's own schema; a bad value names its option. */
export function parseOrExit<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`);
  throw new Error(`invalid input\n  ${lines.join('\n  ')}`);
}
