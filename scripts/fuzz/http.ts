// One HTTP exchange with the server under test, over node:http so the fuzzer controls every byte
// (no body or a text/plain one, odd headers, huge URLs), with a timeout per request.
import http from 'node:http';
import { Big, containsBig, type Text, textValue } from './big.ts';
import type { Caller } from './pool.ts';

export interface FuzzRequest {
  /** Operation key ("GET /api/v1/contacts") or a probe name. */
  op: string;
  /** "valid", or the mutation applied, e.g. "nul-string body.name". */
  mutation: string;
  caller: Caller;
  method: string;
  /** Path and query string, already percent-encoded. */
  url: Text;
  headers: Record<string, Text>;
  /** JSON tree (may hold Bigs) or raw text; undefined for no body. */
  body?: { json: unknown } | { raw: Text };
  contentType?: string;
}

export interface Outcome {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  ms: number;
  /** Set when there was no HTTP answer: refused, reset, timed out. */
  error?: string;
}

export function bodyText(req: FuzzRequest): string | undefined {
  if (!req.body) return undefined;
  if ('raw' in req.body) return textValue(req.body.raw);
  return JSON.stringify(req.body.json);
}

export function hasBigBody(req: FuzzRequest): boolean {
  if (!req.body) return false;
  return 'raw' in req.body ? req.body.raw instanceof Big : containsBig(req.body.json);
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });

function sendOnce(
  base: string,
  req: FuzzRequest,
  headers: Record<string, string>,
  buf: Buffer | undefined,
  timeoutMs: number,
): Promise<Omit<Outcome, 'ms'>> {
  return new Promise((resolve) => {
    let done = false;
    let answered: http.IncomingMessage | undefined;
    const chunks: Buffer[] = [];
    const finish = (o: Omit<Outcome, 'ms'>) => {
      if (done) return;
      done = true;
      resolve(o);
    };
    const fromResponse = (res: http.IncomingMessage) => ({
      status: res.statusCode ?? 0,
      headers: res.headers,
      body: Buffer.concat(chunks).toString('utf8'),
    });
    const target = new URL(base);
    const r = http.request(
      {
        agent,
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: textValue(req.url),
        headers,
      },
      (res) => {
        answered = res;
        // A live stream (Server-Sent Events) never ends: its status and headers are the answer.
        if (String(res.headers['content-type'] ?? '').startsWith('text/event-stream')) {
          finish(fromResponse(res));
          r.destroy();
          return;
        }
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => finish(fromResponse(res)));
        // Closed mid-body: the status and headers already arrived, which is an answer.
        res.on('close', () => finish(fromResponse(res)));
      },
    );
    r.setTimeout(timeoutMs, () => {
      finish({ status: 0, headers: {}, body: '', error: `no answer within ${timeoutMs} ms` });
      r.destroy();
    });
    r.on('error', (e: NodeJS.ErrnoException) => {
      // The server may answer (413) and close while the body is still going out: keep its answer.
      if (answered) finish(fromResponse(answered));
      else finish({ status: 0, headers: {}, body: '', error: e.code ?? e.message });
    });
    r.end(buf);
  });
}

export async function send(
  base: string,
  req: FuzzRequest,
  auth: string | undefined,
  timeoutMs: number,
): Promise<Outcome> {
  const started = Date.now();
  const payload = bodyText(req);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) headers[k] = textValue(v);
  if (auth) headers.authorization = `Bearer ${auth}`;
  if (req.contentType) headers['content-type'] = req.contentType;
  const buf = payload === undefined ? undefined : Buffer.from(payload, 'utf8');
  if (buf) headers['content-length'] = String(buf.length);
  let out = await sendOnce(base, req, headers, buf, timeoutMs);
  // A server that refuses a large body before reading it closes the connection; our write can then
  // fail (EPIPE, ECONNRESET) before its answer is read. That is a race on our side, not silence:
  // try again, twice (a refused body changes nothing), and say so if it still happens.
  for (let retry = 0; retry < 2 && isResetWhileSending(out, buf); retry++)
    out = await sendOnce(base, req, headers, buf, timeoutMs);
  if (isResetWhileSending(out, buf))
    out.error = `${out.error} while sending a ${buf?.length}-byte body, three times: the server closed the connection without an answer that could be read`;
  return { ...out, ms: Date.now() - started };
}

const isResetWhileSending = (out: Omit<Outcome, 'ms'>, buf: Buffer | undefined): boolean =>
  (out.error === 'EPIPE' || out.error === 'ECONNRESET') && (buf?.length ?? 0) > 64 * 1024;

/** A plain JSON call for setting up data: returns status and parsed body. */
export async function call(
  base: string,
  method: string,
  path: string,
  opts: { key?: string; json?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; json: unknown; headers: http.IncomingHttpHeaders }> {
  const out = await send(
    base,
    {
      op: 'setup',
      mutation: 'setup',
      caller: 'admin',
      method,
      url: path,
      headers: opts.headers ?? {},
      body: opts.json === undefined ? undefined : { json: opts.json },
      contentType: opts.json === undefined ? undefined : 'application/json',
    },
    opts.key,
    60_000,
  );
  let json: unknown;
  try {
    json = out.body ? JSON.parse(out.body) : undefined;
  } catch {
    json = out.body;
  }
  return { status: out.status, json, headers: out.headers };
}

export function closeConnections(): void {
  agent.destroy();
}
