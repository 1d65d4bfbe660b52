import { type InternalTeam, type Severity, severityLabels, teamLabels } from './labels.ts';

/** The issues board's filters, kept in the address so a reload or a shared link keeps them. */
export interface IssueBoardSearch {
  team?: InternalTeam;
  severity?: Severity;
  /** A user id, or `me`. */
  assignee?: string;
  breached?: boolean;
  /** Also show resolved and closed issues. */
  done?: boolean;
}

const oneOf = <T extends string>(v: unknown, allowed: Record<T, unknown>): T | undefined =>
  typeof v === 'string' && Object.hasOwn(allowed, v) ? (v as T) : undefined;
const flag = (v: unknown) => (v === true || v === 'true' ? true : undefined);

/** Unknown or malformed parameters are dropped, never an error page. */
export function validateIssueBoardSearch(search: Record<string, unknown>): IssueBoardSearch {
  const assignee = typeof search.assignee === 'string' ? search.assignee : undefined;
  return {
    team: oneOf<InternalTeam>(search.team, teamLabels),
    severity: oneOf<Severity>(search.severity, severityLabels),
    assignee: assignee && (assignee === 'me' || /^[0-9a-f-]{36}$/i.test(assignee)) ? assignee : undefined,
    breached: flag(search.breached),
    done: flag(search.done),
  };
}
