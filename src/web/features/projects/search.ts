import { kindLabels, type ProjectKind, type ProjectStatus, projectStatusLabels } from './labels.ts';
import type { ProjectFilters } from './projects.api.ts';

export type ProjectSort = NonNullable<ProjectFilters['sort']>;

/** The projects list's filters, kept in the address so a reload or a shared link keeps them. */
export interface ProjectListSearch {
  q?: string;
  status?: ProjectStatus;
  kind?: ProjectKind;
  owner?: string;
  /** Projects running on this day (`YYYY-MM-DD`). */
  activeOn?: string;
  sort?: ProjectSort;
}

const sorts = ['name', 'startDate', 'endDate', 'budget', 'updatedAt'].flatMap((s) => [s, `-${s}`]);
const str = (v: unknown, max = 200): string | undefined =>
  typeof v === 'string' && v.trim() && v.length <= max ? v : undefined;
const oneOf = <T extends string>(v: unknown, allowed: Record<T, unknown>): T | undefined =>
  typeof v === 'string' && v in allowed ? (v as T) : undefined;

/** Unknown or malformed parameters are dropped, never an error page. */
export function validateProjectListSearch(search: Record<string, unknown>): ProjectListSearch {
  const owner = str(search.owner, 64);
  const activeOn = str(search.activeOn, 10);
  return {
    q: str(search.q),
    status: oneOf<ProjectStatus>(search.status, projectStatusLabels),
    kind: oneOf<ProjectKind>(search.kind, kindLabels),
    owner: owner && /^[0-9a-f-]{36}$/i.test(owner) ? owner : undefined,
    activeOn: activeOn && /^\d{4}-\d{2}-\d{2}$/.test(activeOn) ? activeOn : undefined,
    sort:
      typeof search.sort === 'string' && sorts.includes(search.sort)
        ? (search.sort as ProjectSort)
        : undefined,
  };
}

export function toProjectFilters(s: ProjectListSearch): ProjectFilters {
  return {
    sort: s.sort ?? '-updatedAt',
    ...(s.q ? { q: s.q } : {}),
    ...(s.status ? { status: s.status } : {}),
    ...(s.kind ? { kind: s.kind } : {}),
    ...(s.owner ? { ownerId: s.owner } : {}),
    ...(s.activeOn ? { activeOn: s.activeOn } : {}),
  };
}
