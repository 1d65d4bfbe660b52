import { opportunityTypes } from '../../../core/schemas/revenue-values.ts';
import { isoDay } from '../../ui/format.ts';
import { isIsoDate, quarterRange, shiftQuarter, thisQuarter } from '../forecast/index.ts';
import type { OpportunityType, PipelineFilters } from '../opportunities/index.ts';

export const pipelineSortFields = [
  'name',
  'account',
  'type',
  'stage',
  'daysInStage',
  'amount',
  'probability',
  'closeDate',
  'nextStepDue',
  'owner',
] as const;
export type PipelineSortField = (typeof pipelineSortFields)[number];
export type PipelineSort = PipelineSortField | `-${PipelineSortField}`;
export type ClosePeriod = 'this' | 'next' | 'custom';

/** The pipeline's view, filters and table sort, kept in the address so a reload or a link keeps them. */
export interface PipelineSearch {
  /** The board unless `table`. */
  view?: 'table';
  owner?: string;
  team?: string;
  type?: OpportunityType;
  /** Close date in this quarter, next quarter, or `from`–`to`; any date when absent. */
  period?: ClosePeriod;
  from?: string;
  to?: string;
  sort?: PipelineSort;
}

const uuid = (v: unknown) => (typeof v === 'string' && /^[0-9a-f-]{36}$/i.test(v) ? v : undefined);

/** Unknown or malformed parameters are dropped, never an error page. */
export function validatePipelineSearch(search: Record<string, unknown>): PipelineSearch {
  const sort = typeof search.sort === 'string' ? search.sort : '';
  const period = search.period;
  return {
    view: search.view === 'table' ? 'table' : undefined,
    owner: uuid(search.owner),
    team: uuid(search.team),
    type: (opportunityTypes as readonly unknown[]).includes(search.type)
      ? (search.type as OpportunityType)
      : undefined,
    period: period === 'this' || period === 'next' || period === 'custom' ? period : undefined,
    from: isIsoDate(search.from) ? search.from : undefined,
    to: isIsoDate(search.to) ? search.to : undefined,
    sort: (pipelineSortFields as readonly string[]).includes(sort.replace(/^-/, ''))
      ? (sort as PipelineSort)
      : undefined,
  };
}

/** The close-date range a period stands for (a custom one may be open at either end). */
export function closeRange(s: PipelineSearch, today = isoDay()): { from?: string; to?: string } {
  if (s.period === 'this') return quarterRange(thisQuarter(today));
  if (s.period === 'next') return quarterRange(shiftQuarter(thisQuarter(today), 1));
  if (s.period === 'custom') return { from: s.from, to: s.to };
  return {};
}

/** The list query of a search. */
export function pipelineFilters(s: PipelineSearch, today = isoDay()): PipelineFilters {
  const { from, to } = closeRange(s, today);
  return {
    ...(s.owner ? { ownerId: s.owner } : {}),
    ...(s.team ? { teamId: s.team } : {}),
    ...(s.type ? { type: s.type } : {}),
    ...(from ? { closeFrom: from } : {}),
    ...(to ? { closeTo: to } : {}),
  };
}
