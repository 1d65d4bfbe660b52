import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/**
 * A real SMTP server for the mail suites: listens on 127.0.0.1 on a free port, parses every
 * message it accepts (mailparser) and keeps it. It can be told to refuse the next N messages
 * (a 451 temporary failure after DATA), and to require a login (then `url` carries it).
 */
export interface TestSmtp {
  /** `smtp://[user:pass@]127.0.0.1:<port>` — give it to the app as `smtpUrl`. */
  url: string;
  port: number;
  /** The accepted messages, parsed, in the order they arrived. */
  messages: ParsedMail[];
  /** How many messages were refused so far (by `rejectNext`). */
  rejected: number;
  /** Refuse the next `n` messages with a temporary error (`451`). */
  rejectNext(n: number, message?: string): void;
  /** Resolves once at least `n` messages were accepted (or rejects after `timeoutMs`). */
  waitFor(n: number, timeoutMs?: number): Promise<ParsedMail[]>;
  /** Forget what arrived so far. */
  clear(): void;
  close(): Promise<void>;
}

export async function startSmtp(options: { user?: string; pass?: string } = {}): Promise<TestSmtp> {
  const messages: ParsedMail[] = [];
  let toReject = 0;
  let rejectText = 'Try again later';
  const state = { rejected: 0 };
  const waiters: Array<() => void> = [];
  const login = options.user !== undefined;

  const server = new SMTPServer({
    logger: false,
    // Connections still open when the suite closes it (a client's pool) are cut after this.
    closeTimeout: 200,
    disabledCommands: login ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    authOptional: !login,
    allowInsecureAuth: true,
    onAuth(auth, _session, callback) {
      if (auth.username === options.user && auth.password === options.pass)
        return callback(null, { user: auth.username });
      return callback(new Error('Invalid username or password'));
    },
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (toReject > 0) {
          toReject -= 1;
          state.rejected += 1;
          const err = new Error(rejectText) as Error & { responseCode: number };
          err.responseCode = 451;
          return callback(err);
        }
        simpleParser(Buffer.concat(chunks))
          .then((parsed) => {
            messages.push(parsed);
            for (const w of waiters.splice(0)) w();
            callback();
          })
          .catch((err: Error) => callback(err));
      });
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  // biome-ignore lint/suspicious/noExplicitAny: smtp-server keeps its net.Server as `server`
  const port = ((server as any).server.address() as AddressInfo).port;
  const auth = login
    ? `${encodeURIComponent(options.user ?? '')}:${encodeURIComponent(options.pass ?? '')}@`
    : '';

  return {
    url: `smtp://${auth}127.0.0.1:${port}`,
    port,
    messages,
    get rejected() {
      return state.rejected;
    },
    rejectNext(n, message) {
      toReject = n;
      if (message) rejectText = message;
    },
    async waitFor(n, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (messages.length < n) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`expected ${n} messages, got ${messages.length}`);
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, Math.min(left, 200));
          waiters.push(() => {
            clearTimeout(t);
            resolve();
          });
        });
      }
      return messages;
    },
    clear() {
      messages.length = 0;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
