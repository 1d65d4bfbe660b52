// Tallies results and writes the report: a summary table, then each distinct failure (operation
// + status + kind) with a few ready-to-paste curl reproductions, and the full list as JSON.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Big, shellQuote, shellWord, toJs } from './big.ts';
import { KINDS, type Kind, type Problem } from './checks.ts';
import { type FuzzRequest, hasBigBody, type Outcome } from './http.ts';

const EXAMPLES = 3;
/** A kind seen on more operations than this prints a few examples, then a compact list. */
const COMPACT_AFTER = 12;

export interface Example {
  mutation: string;
  caller: string;
  detail: string;
  curl: string;
  status: number;
  response: string;
  /** The server's X-Request-Id, to find its log line; then that line's message. */
  requestId?: string;
  serverLog?: string;
}

export interface Distinct {
  op: string;
  status: number;
  kind: Kind;
  requests: number;
  examples: Example[];
}

export interface Stats {
  ops: Set<string>;
  sent: number;
  passed: number;
  failed: number;
  statuses: Map<string, number>;
  byKind: Map<Kind, number>;
  distinct: Map<string, Distinct>;
  all: Array<{ op: string; kind: Kind; detail: string } & Omit<Example, 'detail'>>;
}

export const newStats = (): Stats => ({
  ops: new Set(),
  sent: 0,
  passed: 0,
  failed: 0,
  statuses: new Map(),
  byKind: new Map(),
  distinct: new Map(),
  all: [],
});

export function curlOf(req: FuzzRequest): string {
  const words = ['curl', '-sS', '-i', '-X', req.method, `"$BASE"${shellWord(req.url)}`];
  if (req.caller !== 'anonymous') words.push('-H', `"Authorization: Bearer $KEY_${req.caller}"`);
  for (const [k, v] of Object.entries(req.headers)) {
    // curl drops a header with an empty value; "name;" is its way to send one.
    const header =
      v instanceof Big ? `"${k}: "${shellWord(v)}` : shellQuote(v.trim() ? `${k}: ${v}` : `${k};`);
    words.push('-H', header);
  }
  if (!req.body) return words.join(' ');
  // curl would add a form content type of its own: an empty header removes it.
  words.push('-H', shellQuote(`content-type: ${req.contentType ?? ''}`));
  if (!hasBigBody(req)) {
    const text = 'raw' in req.body ? String(req.body.raw) : JSON.stringify(req.body.json);
    return [...words, '--data-raw', shellQuote(text)].join(' ');
  }
  const expr =
    'raw' in req.body ? `String(${(req.body.raw as Big).expr})` : `JSON.stringify(${toJs(req.body.json)})`;
  return `node -e ${shellQuote(`process.stdout.write(${expr})`)} | ${[...words, '--data-binary', '@-'].join(' ')}`;
}

/** The start of a body, long runs of one character shortened ("x×9990"), so echoed input stays readable. */
function excerpt(s: string): string {
  const short = s.replace(/(.)\1{19,}/g, (run, c: string) => `${c.repeat(3)}…×${run.length}`);
  return short.length > 300 ? `${short.slice(0, 300)}… (${s.length} chars)` : short;
}

/** "nul-string body.name" → "nul-string": examples of one failure should show different causes. */
const mutationClass = (m: string) => m.split(' ')[0];

function requestIdOf(out: Outcome): string | undefined {
  const header = out.headers['x-request-id'];
  if (typeof header === 'string') return header;
  return /"requestId":"([^"]+)"/.exec(out.body)?.[1];
}

/** Adds the server's own log line to each 5xx example (read once the run is over). */
export function attachServerLog(stats: Stats, errorFor: (id: string) => string | undefined): void {
  for (const e of [...[...stats.distinct.values()].flatMap((d) => d.examples), ...stats.all])
    if (e.status >= 500 && e.requestId) e.serverLog = errorFor(e.requestId);
}

export function record(stats: Stats, req: FuzzRequest, out: Outcome, problems: Problem[]): void {
  stats.ops.add(req.op);
  stats.sent++;
  const status = out.error ? 'none' : String(out.status);
  stats.statuses.set(status, (stats.statuses.get(status) ?? 0) + 1);
  if (!problems.length) {
    stats.passed++;
    return;
  }
  stats.failed++;
  for (const p of problems) {
    stats.byKind.set(p.kind, (stats.byKind.get(p.kind) ?? 0) + 1);
    const key = `${req.op}|${out.status}|${p.kind}`;
    const d = stats.distinct.get(key) ?? {
      op: req.op,
      status: out.status,
      kind: p.kind,
      requests: 0,
      examples: [],
    };
    d.requests++;
    const example: Example = {
      mutation: req.mutation,
      caller: req.caller,
      detail: p.detail,
      curl: curlOf(req),
      status: out.status,
      response: out.error ? `(no answer: ${out.error})` : excerpt(out.body),
      requestId: requestIdOf(out),
    };
    const newCause = !d.examples.some((e) => mutationClass(e.mutation) === mutationClass(req.mutation));
    if (d.examples.length < EXAMPLES && newCause) d.examples.push(example);
    stats.distinct.set(key, d);
    stats.all.push({ op: req.op, kind: p.kind, ...example });
  }
}

function table(rows: Array<[string, string]>): string {
  const w = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `  ${k.padEnd(w)}  ${v}`).join('\n');
}

export function summary(stats: Stats, opKeys: string[], seconds: number): string {
  const covered = opKeys.filter((k) => stats.ops.has(k)).length;
  const probes = [...stats.ops].filter((k) => !opKeys.includes(k)).length;
  const statuses = [...stats.statuses.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([s, n]) => `${s}: ${n}`);
  const kinds = (Object.keys(KINDS) as Kind[]).map((k) => {
    const distinct = [...stats.distinct.values()].filter((d) => d.kind === k).length;
    return [k, `${stats.byKind.get(k) ?? 0} requests, ${distinct} distinct`] as [string, string];
  });
  return [
    'Summary',
    table([
      ['operations covered', `${covered} of ${opKeys.length} in the OpenAPI document, and ${probes} probes`],
      ['requests sent', String(stats.sent)],
      ['time', `${seconds.toFixed(0)} s`],
      ['statuses seen', statuses.join(' · ')],
    ]),
    'Failures by kind',
    table(kinds),
  ].join('\n');
}

function describe(d: Distinct, full: boolean): string {
  const head = `• ${d.op} → ${d.status || 'no answer'}  (${d.requests} request${d.requests > 1 ? 's' : ''})`;
  if (!full) return head;
  const lines = [head];
  for (const e of d.examples)
    lines.push(
      `    ${e.mutation}, as ${e.caller}: ${e.detail}`,
      `      ${e.curl}`,
      `      ← ${e.status || ''} ${e.response}`,
      ...(e.serverLog ? [`      server log: ${e.serverLog}`] : []),
    );
  return lines.join('\n');
}

export function failuresText(stats: Stats): string {
  const out: string[] = [];
  for (const kind of Object.keys(KINDS) as Kind[]) {
    const list = [...stats.distinct.values()]
      .filter((d) => d.kind === kind)
      .sort((a, b) => a.op.localeCompare(b.op));
    if (!list.length) continue;
    out.push('', `[${kind}] ${KINDS[kind]}: ${list.length} distinct`);
    const compact = list.length > COMPACT_AFTER;
    for (const [i, d] of list.entries()) out.push(describe(d, !compact || i < 2));
  }
  if (!out.length) return '';
  return [
    'Failures (one per operation + status + kind; the curl lines expect BASE=<server URL> and KEY_<role>=<an API key of a user with that role>; ids are from the fuzz run)',
    ...out,
  ].join('\n');
}

export function writeJson(stats: Stats, meta: Record<string, unknown>): string {
  const dir = path.resolve(process.env.FUZZ_RESULTS_DIR ?? 'fuzz-results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `fuzz-${meta.engine}-seed${meta.seed}.json`);
  const distinct = [...stats.distinct.values()];
  writeFileSync(
    file,
    `${JSON.stringify({ ...meta, passed: stats.passed, failed: stats.failed, distinct, failures: stats.all }, null, 2)}\n`,
  );
  return file;
}
