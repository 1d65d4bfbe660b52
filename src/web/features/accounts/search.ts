import type { AccountQuery } from '../../api.ts';
import type { AccountFilters as Filters } from './accounts.api.ts';
import {
  type ChurnRisk,
  churnRiskLabels,
  type HealthBand,
  healthLabels,
  type Segment,
  type Stage,
  segmentLabels,
  stageLabels,
} from './labels.ts';

export type AccountSort = NonNullable<AccountQuery['sort']>;
export type SortField = 'name' | 'nextCheckInDue' | 'updatedAt' | 'arr' | 'renewalDate' | 'healthScore';

/** The accounts table's filters and sort, kept in the address so a reload or a shared link keeps them. */
export interface AccountListSearch {
  q?: string;
  owner?: string;
  /** A team id: accounts owned by the team's members. */
  team?: string;
  segment?: Segment;
  stage?: Stage;
  band?: HealthBand;
  /** The computed churn risk; `high` is "at risk" everywhere (My day, Health). */
  risk?: ChurnRisk;
  /** Next check-in due on or before this date (`YYYY-MM-DD`). */
  due?: string;
  tag?: string;
  archived?: boolean;
  sort?: AccountSort;
}

const sorts: readonly AccountSort[] = [
  'name',
  '-name',
  'nextCheckInDue',
  '-nextCheckInDue',
  'updatedAt',
  '-updatedAt',
  'arr',
  '-arr',
  'renewalDate',
  '-renewalDate',
  'healthScore',
  '-healthScore',
];
const str = (v: unknown, max = 200): string | undefined =>
  typeof v === 'string' && v.trim() && v.length <= max ? v : typeof v === 'number' ? String(v) : undefined;
const oneOf = <T extends string>(v: unknown, allowed: Record<T, unknown>): T | undefined =>
  typeof v === 'string' && v in allowed ? (v as T) : undefined;

/**
 * Unknown or malformed parameters are dropped, never an error page. Every key is present (undefined
 * when absent) so a malformed value in the address cannot leak through from the raw search.
 */
export function validateAccountListSearch(search: Record<string, unknown>): AccountListSearch {
  const owner = str(search.owner, 64);
  const team = str(search.team, 64);
  const due = str(search.due, 10);
  return {
    q: str(search.q),
    owner: owner && /^[0-9a-f-]{36}$/i.test(owner) ? owner : undefined,
    team: team && /^[0-9a-f-]{36}$/i.test(team) ? team : undefined,
    segment: oneOf<Segment>(search.segment, segmentLabels),
    stage: oneOf<Stage>(search.stage, stageLabels),
    band: oneOf<HealthBand>(search.band, healthLabels),
    risk: oneOf<ChurnRisk>(search.risk, churnRiskLabels),
    due: due && /^\d{4}-\d{2}-\d{2}$/.test(due) ? due : undefined,
    tag: str(search.tag, 100),
    archived: search.archived === true || search.archived === 'true' ? true : undefined,
    sort:
      typeof search.sort === 'string' && (sorts as string[]).includes(search.sort)
        ? (search.sort as AccountSort)
        : undefined,
  };
}

/** The accounts list's query for the filters and sort in the address. */
export function toFilters(s: AccountListSearch): Filters {
  return {
    sort: s.sort ?? 'name',
    ...(s.q ? { q: s.q } : {}),
    ...(s.owner ? { ownerId: s.owner } : {}),
    ...(s.team ? { teamId: s.team } : {}),
    ...(s.segment ? { segment: s.segment } : {}),
    ...(s.stage ? { lifecycleStage: s.stage } : {}),
    ...(s.band ? { healthBand: s.band } : {}),
    ...(s.risk ? { churnRisk: s.risk } : {}),
    ...(s.due ? { checkInDueBefore: s.due } : {}),
    ...(s.tag ? { tag: s.tag } : {}),
    ...(s.archived ? { archived: 'true' as const } : {}),
  };
}

/**
 * The key of an account-page tab. Features contribute the tabs, so the keys are known at run time
 * (see accountPageSearchValidator), not as a type.
 */
export type AccountTab = string;

export interface AccountPageSearch {
  tab?: AccountTab;
}

/** Keeps a known tab other than the default (the first); anything else opens the default tab. */
export function accountPageSearchValidator(keys: readonly AccountTab[]) {
  return (search: Record<string, unknown>): AccountPageSearch => {
    const tab = search.tab;
    return { tab: typeof tab === 'string' && keys.includes(tab) && tab !== keys[0] ? tab : undefined };
  };
}
