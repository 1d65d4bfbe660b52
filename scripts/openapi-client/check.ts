// The tally of npm run check:openapi: one line per check, `ok` or `FAIL` with what was seen.
import { inspect } from 'node:util';

/** Records one check; returns whether it passed, so a caller can stop when later checks need it. */
export type Check = (name: string, ok: boolean, seen?: unknown) => boolean;

export interface Tally {
  passed: number;
  failed: number;
  check: Check;
}

export function createTally(): Tally {
  const tally: Tally = {
    passed: 0,
    failed: 0,
    check(name, ok, seen) {
      if (ok) {
        tally.passed++;
        console.log(`ok   ${name}`);
      } else {
        tally.failed++;
        const detail = seen === undefined ? '' : `: ${inspect(seen, { depth: 4, breakLength: Infinity })}`;
        console.log(`FAIL ${name}${detail}`);
      }
      return ok;
    },
  };
  return tally;
}
