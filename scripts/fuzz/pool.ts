// Real ids by kind, so that valid requests reach real records instead of stopping at a 404. The
// pool is filled while the data set is made and then frozen: ids created during the fuzzing are
// not added, which keeps a seed's request sequence independent of response timing.

export const ROLES = ['admin', 'manager', 'account_manager', 'member', 'viewer'] as const;
export type Role = (typeof ROLES)[number];
export type Caller = Role | 'anonymous';

export interface Pool {
  ids: Map<string, string[]>;
  /** child id → parent id (an issue update → its issue), for nested paths. */
  parent: Map<string, string>;
  /** record id → its account, so one request's references agree (a contact of that account). */
  account: Map<string, string>;
  /** Valid `nextCursor`s by list path, taken from the real lists. */
  cursors: Map<string, string[]>;
  /** The fuzzer's own users and API keys: never the target of a PATCH/DELETE (see `victims`). */
  users: Record<Role, { id: string; email: string; password: string; key: string }>;
}

export function emptyPool(): Pool {
  return {
    ids: new Map(),
    parent: new Map(),
    account: new Map(),
    cursors: new Map(),
    users: {} as Pool['users'],
  };
}

export function addId(pool: Pool, kind: string, id: string | undefined, parentId?: string): void {
  if (!id) return;
  const list = pool.ids.get(kind) ?? [];
  list.push(id);
  pool.ids.set(kind, list);
  if (parentId) pool.parent.set(id, parentId);
}

// Field and path names the API uses for references, mapped to the collection they point into.
const ALIASES: Record<string, string> = {
  owner: 'users',
  assignee: 'users',
  actor: 'users',
  manager: 'users',
  member: 'users',
  teamMember: 'users',
  user: 'users',
  parentAccount: 'accounts',
  entity: 'accounts',
  reportedByContact: 'contacts',
  requestedFromContact: 'contacts',
  renewedFrom: 'contracts',
  renewedTo: 'contracts',
  update: 'issue-updates',
  updates: 'issue-updates',
  feedback: 'feedback',
  opportunity: 'opportunities',
  'api-keys': 'api-keys',
};

/** "accountId" → "accounts", "contactIds" → "contacts", "updateId" → "issue-updates". */
export function kindOfField(name: string): string | undefined {
  const m = /^(.*?)Ids?$/.exec(name);
  if (!m?.[1]) return undefined;
  return ALIASES[m[1]] ?? `${m[1]}s`;
}

/** The kind of a path parameter: `{id}` takes the segment before it, others their own name. */
export function kindOfPathParam(path: string, param: string): string | undefined {
  if (param !== 'id') return kindOfField(param);
  const segments = path.split('/');
  const at = segments.indexOf('{id}');
  const collection = segments[at - 1];
  return collection ? (ALIASES[collection] ?? collection) : undefined;
}

/**
 * Ids a write may target. A PATCH or DELETE on one of the fuzzer's own users or keys would lock
 * the fuzzer out (deactivated user, revoked key), so those go to spare "victim" records instead.
 */
export function targets(pool: Pool, kind: string, write: boolean): string[] {
  const victims = pool.ids.get(`${kind}:victims`);
  if (write && victims?.length) return victims;
  return pool.ids.get(kind) ?? [];
}
