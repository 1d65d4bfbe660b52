// What the client was told: every record the server acknowledged creating, the values and version of
// its last acknowledged write, and at most one write still unanswered when the server died.

export type Kind = 'account' | 'contact' | 'activity';

export const paths: Record<Kind, string> = {
  account: '/api/v1/accounts',
  contact: '/api/v1/contacts',
  activity: '/api/v1/activities',
};

export type Fields = Record<string, unknown>;

export interface Tracked {
  kind: Kind;
  id: string;
  /** The written fields as the server acknowledged them (create or last PATCH). */
  fields: Fields;
  /** Version of the last acknowledged write. */
  version: number;
  /** A PATCH sent but never answered: after the restart it is either wholly there or not at all. */
  inFlight?: Fields;
  /** Accounts: the latest occurredAt (ms) of an acknowledged touching activity on it. */
  touchedAt?: number;
}

/** One acknowledged write: after a restart the record must exist at this version or a later one. */
export interface Ack {
  record: Tracked;
  op: 'create' | 'patch';
  version: number;
}

export class Ledger {
  readonly records = new Map<string, Tracked>();
  /** Acknowledged writes of the current round. */
  acks: Ack[] = [];
  unanswered = { creates: 0, patches: 0 };
  rejected: string[] = [];

  created(record: Tracked): void {
    this.records.set(record.id, record);
    this.acks.push({ record, op: 'create', version: record.version });
  }

  patched(record: Tracked, fields: Fields, version: number): void {
    record.fields = { ...record.fields, ...fields };
    record.version = version;
    record.inFlight = undefined;
    this.acks.push({ record, op: 'patch', version });
  }

  /** Forget the round's writes once checked; the records stay for the next rounds' checks. */
  nextRound(): void {
    this.acks = [];
    this.unanswered = { creates: 0, patches: 0 };
    this.rejected = [];
    for (const r of this.records.values()) r.inFlight = undefined;
  }
}

/** The subset of `actual` named by `expected`'s keys, compared by JSON value. */
export function sameFields(actual: Record<string, unknown>, expected: Fields): boolean {
  return Object.entries(expected).every(([k, v]) => JSON.stringify(actual[k]) === JSON.stringify(v));
}

export function pickFields(source: Record<string, unknown>, keys: string[]): Fields {
  return Object.fromEntries(keys.map((k) => [k, source[k]]));
}
