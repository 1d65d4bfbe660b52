/**
 * Whether a failed query broke the named unique index (SQLSTATE 23505). Drizzle wraps the
 * driver's error, so the code may sit on the error or on its cause; both drivers set `constraint`.
 */
export function isUniqueViolation(err: unknown, constraint: string): boolean {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 3; depth++) {
    const { code, constraint: name } = e as { code?: unknown; constraint?: unknown };
    if (code === '23505') return name === undefined || name === constraint;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
