// After a restart: read back every record the client was told exists and compare it with the
// ledger. Each acknowledged write of the round must be there (version ≥ the acknowledged one);
// each record must hold exactly its last acknowledged values, or those of its one unanswered
// PATCH applied whole; an account must show the touches acknowledged with its activities.
import { call } from './api.ts';
import { type Fields, type Ledger, paths, pickFields, sameFields, type Tracked } from './ledger.ts';

const CONCURRENCY = 16;
const MAX_PROBLEMS_SHOWN = 10;

export interface Verdict {
  acked: { creates: number; patches: number };
  found: number;
  missing: number;
  records: { ok: number; wrong: number };
  touches: { ok: number; wrong: number };
  /** Unanswered PATCHes that turned out applied (whole) after the restart. */
  inFlightLanded: number;
  problems: string[];
}

export async function verify(base: string, key: string, ledger: Ledger): Promise<Verdict> {
  const v: Verdict = {
    acked: { creates: 0, patches: 0 },
    found: 0,
    missing: 0,
    records: { ok: 0, wrong: 0 },
    touches: { ok: 0, wrong: 0 },
    inFlightLanded: 0,
    problems: [],
  };
  const problem = (text: string) => {
    if (v.problems.length < MAX_PROBLEMS_SHOWN) v.problems.push(text);
  };

  const versions = new Map<string, number | null>(); // null: not there
  const records = [...ledger.records.values()];
  let next = 0;
  const worker = async () => {
    for (let r = records[next++]; r; r = records[next++]) {
      versions.set(r.id, await checkRecord(base, key, r, v, problem));
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));

  for (const ack of ledger.acks) {
    v.acked[ack.op === 'create' ? 'creates' : 'patches']++;
    const version = versions.get(ack.record.id);
    if (version != null && version >= ack.version) v.found++;
    else {
      v.missing++;
      problem(
        `acknowledged ${ack.op} of ${ack.record.kind} ${ack.record.id} (version ${ack.version}) is lost: ${version == null ? 'no such record' : `version ${version}`}`,
      );
    }
  }
  return v;
}

/** Checks one record and brings the ledger up to its state; answers its version (null: absent). */
async function checkRecord(
  base: string,
  key: string,
  r: Tracked,
  v: Verdict,
  problem: (text: string) => void,
): Promise<number | null> {
  const where = `${r.kind} ${r.id}`;
  let answer: Awaited<ReturnType<typeof call>>;
  try {
    answer = await call(base, 'GET', `${paths[r.kind]}/${r.id}`, { key });
  } catch (err) {
    v.records.wrong++;
    problem(`GET ${where}: no answer (${(err as Error).message})`);
    return null;
  }
  if (answer.status !== 200) {
    v.records.wrong++;
    problem(`GET ${where}: HTTP ${answer.status} ${JSON.stringify(answer.body)}`);
    return null;
  }
  const actual = answer.body as Record<string, unknown>;
  const version = Number(actual.version);

  const landed: Fields | undefined = r.inFlight && { ...r.fields, ...r.inFlight };
  if (version === r.version && sameFields(actual, r.fields)) {
    v.records.ok++;
  } else if (landed && version === r.version + 1 && sameFields(actual, landed)) {
    v.records.ok++;
    v.inFlightLanded++;
    r.fields = landed;
    r.version = version;
  } else {
    v.records.wrong++;
    problem(
      `${where} is version ${version} ${JSON.stringify(actual)}; acknowledged: version ${r.version} ${JSON.stringify(r.fields)}${r.inFlight ? `, in flight: ${JSON.stringify(r.inFlight)}` : ''}`,
    );
    // Reported once: later rounds compare against what is there now.
    r.fields = pickFields(actual, Object.keys(r.fields));
    r.version = version;
  }

  if (r.touchedAt !== undefined) {
    const lastTouch = typeof actual.lastTouchAt === 'string' ? Date.parse(actual.lastTouchAt) : Number.NaN;
    if (lastTouch >= r.touchedAt) v.touches.ok++;
    else {
      v.touches.wrong++;
      problem(
        `${where}: lastTouchAt ${String(actual.lastTouchAt)} is before its acknowledged activity at ${new Date(r.touchedAt).toISOString()}`,
      );
    }
  }
  return version;
}
