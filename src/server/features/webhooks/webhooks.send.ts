import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Webhook } from 'standardwebhooks';
import { AppError } from '../../../core/errors.ts';
import { hostAddress, isInternalAddress, webhookUrlProblem } from '../../../core/rules/webhook-url.ts';

/** Success is a 2xx within this long (headers and body). */
export const SEND_TIMEOUT_MS = 15_000;
const INTERNAL = 'must not point at a private, loopback or link-local address';

// Connections are kept and reused between deliveries (one endpoint gets many, one after another).
const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: 50 }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: 50 }),
};

/** Every address the host resolves to, or a 400 naming `url` when it does not resolve. */
async function resolveAll(hostname: string): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) => {
    dnsLookup(hostname, { all: true, verbatim: true }, (err, addresses) => {
      if (err) {
        reject(
          new AppError('validation', `The host ${hostname} cannot be resolved.`, {
            errors: [{ path: 'url', message: 'has a host name that does not resolve' }],
          }),
        );
      } else resolve(addresses);
    });
  });
}

/**
 * Checks a URL an admin saves: its form (https; http only when allowed) and, unless the server
 * allows internal addresses, every address its host resolves to. 400 naming `url` when refused.
 */
export async function assertWebhookUrl(url: string, allowHttp: boolean): Promise<void> {
  const refuse = (message: string) =>
    new AppError('validation', `The webhook URL ${message}.`, { errors: [{ path: 'url', message }] });
  const problem = webhookUrlProblem(url, allowHttp);
  if (problem) throw refuse(problem);
  if (allowHttp) return;
  const { hostname } = new URL(url);
  if (hostAddress(hostname)) return;
  const addresses = await resolveAll(hostname);
  if (addresses.some((a) => isInternalAddress(a.address))) throw refuse(INTERNAL);
}

/**
 * The connection's own name lookup, checked again when the request connects (a host may resolve
 * elsewhere since it was saved): an internal address fails the connection, not just the check.
 */
function guardedLookup(allowHttp: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return (callback as (e: Error) => void)(err);
      if (!allowHttp && addresses.some((a) => isInternalAddress(a.address))) {
        return (callback as (e: Error) => void)(new Error(`${hostname} resolves to an internal address`));
      }
      if (options.all) return (callback as (e: null, a: LookupAddress[]) => void)(null, addresses);
      const first = addresses[0]!;
      return (callback as (e: null, a: string, f: number) => void)(null, first.address, first.family);
    });
  };
}

export interface SendResult {
  status: number | null;
  ms: number;
  error: string | null;
}

/**
 * POSTs one delivery, signed per Standard Webhooks: `webhook-id` (the event id, the same on every
 * retry), `webhook-timestamp` (now, Unix seconds) and `webhook-signature` over
 * "<id>.<timestamp>.<body>". Redirects are not followed; a 2xx within 15 s is success. Never throws.
 */
export async function sendDelivery(input: {
  url: string;
  secret: string;
  eventId: string;
  payload: string;
  now: Date;
  allowHttp: boolean;
}): Promise<SendResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const problem = webhookUrlProblem(input.url, input.allowHttp);
  if (problem) return { status: null, ms: 0, error: `The URL ${problem}.` };
  let signature: string;
  try {
    signature = new Webhook(input.secret).sign(input.eventId, input.now, input.payload);
  } catch {
    return { status: null, ms: 0, error: 'The signing secret is not valid.' };
  }
  const url = new URL(input.url);
  const body = Buffer.from(input.payload);
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise<SendResult>((resolve) => {
    let done = false;
    const finish = (status: number | null, error: string | null) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve({ status, ms: elapsed(), error });
    };
    const req = transport.request(
      url,
      {
        method: 'POST',
        agent: agents[url.protocol as 'http:' | 'https:'],
        lookup: guardedLookup(input.allowHttp),
        headers: {
          'content-type': 'application/json',
          'content-length': body.length,
          'user-agent': 'Steward-Webhooks/1',
          'webhook-id': input.eventId,
          'webhook-timestamp': String(Math.floor(input.now.getTime() / 1000)),
          'webhook-signature': signature,
        },
      },
      (res) => {
        const status = res.statusCode ?? null;
        // The answer's body is read (so the connection can be reused) and dropped.
        res.on('data', () => {});
        res.on('end', () =>
          finish(status, status !== null && status >= 200 && status < 300 ? null : `HTTP ${status}`),
        );
        res.on('error', (err) => finish(status, err.message));
      },
    );
    const timer = setTimeout(() => {
      finish(null, `No answer within ${SEND_TIMEOUT_MS / 1000} s.`);
      req.destroy();
    }, SEND_TIMEOUT_MS);
    req.on('error', (err) => finish(null, err.message.slice(0, 500) || 'The connection failed.'));
    req.end(body);
  });
}
