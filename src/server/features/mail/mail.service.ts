import { and, count, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool/index.js';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/index.ts';
import type { JobContext } from '../../feature.ts';
import { keyset } from '../../http/pagination.ts';
import { mailQueue } from './mail.table.ts';

export type MailKind = 'notification' | 'digest' | 'playbook' | 'test';

export interface MailMessage {
  to: { email: string; name?: string | null; userId?: string | null };
  kind: MailKind;
  subject: string;
  text: string;
  html: string;
  /** At most one message is ever queued per key (a digest's user and day, an event's receipt…). */
  dedupeKey?: string | null;
}

/** Mail is on when the deployment names an SMTP server (SMTP_URL). */
export function mailEnabled(config: Pick<Config, 'smtpUrl'>): boolean {
  return Boolean(config.smtpUrl);
}

/** When and where a message is queued from: the moment, and the deployment's mail settings. */
export interface QueueContext {
  now: Date;
  config: Pick<Config, 'smtpUrl' | 'publicUrl'>;
}

/** Where a recipient changes what Steward mails them. */
export const settingsUrl = (publicUrl: string): string => `${publicUrl}/profile/notifications`;

const reasons: Record<MailKind, string> = {
  notification:
    'You get this e-mail because your Steward notifications are set to e-mail you as they happen.',
  digest: 'You get this daily digest because it is switched on in your Steward notification settings.',
  playbook: 'You get this e-mail because a Steward playbook sends it.',
  test: 'This is a test message sent by a Steward admin from Settings → E-mail.',
};

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The message's parts with the footer every Steward mail carries: why it came, where to change it. */
export function withFooter(kind: MailKind, text: string, html: string, publicUrl: string) {
  const url = settingsUrl(publicUrl);
  const footerText = `\n\n-- \n${reasons[kind]}\nChange what Steward e-mails you: ${url}\n`;
  const footerHtml =
    `<hr style="border:none;border-top:1px solid #ddd;margin:24px 0 8px">` +
    `<p style="color:#666;font-size:12px">${escapeHtml(reasons[kind])}<br>` +
    `<a href="${escapeHtml(url)}">Change what Steward e-mails you</a></p>`;
  const at = html.search(/<\/body>/i);
  return {
    text: text.replace(/\s+$/, '') + footerText,
    html: at >= 0 ? html.slice(0, at) + footerHtml + html.slice(at) : html + footerHtml,
  };
}

/**
 * Queues one message in the caller's transaction; the 'send-mail' worker sends it after commit.
 * False, with nothing queued, when mail is not configured or `dedupeKey` was queued before
 * (concurrent callers with one key queue it once: the unique key decides).
 */
export async function queueMail(tx: Db, message: MailMessage, at: QueueContext): Promise<boolean> {
  return (await enqueueMail(tx, message, at)) !== null;
}

/** `queueMail`, answering the queued message's id (null when nothing was queued). */
export async function enqueueMail(tx: Db, message: MailMessage, at: QueueContext): Promise<string | null> {
  const { now, config } = at;
  if (!mailEnabled(config)) return null;
  const { text, html } = withFooter(message.kind, message.text, message.html, config.publicUrl);
  const rows = await tx
    .insert(mailQueue)
    .values({
      kind: message.kind,
      toEmail: message.to.email,
      toName: message.to.name ?? null,
      toUserId: message.to.userId ?? null,
      subject: message.subject,
      text,
      html,
      dedupeKey: message.dedupeKey ?? null,
      nextAttemptAt: now,
      createdAt: now,
    })
    .onConflictDoNothing({ target: mailQueue.dedupeKey })
    .returning({ id: mailQueue.id });
  return rows[0]?.id ?? null;
}

// --- Sending -----------------------------------------------------------------------------------

/** Waits after the 1st, 2nd, 3rd and 4th failed attempt; the 5th failure is final. */
export const RETRY_DELAYS_MS = [60_000, 5 * 60_000, 30 * 60_000, 2 * 3_600_000] as const;
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;
/** How long a taken row is left to its worker before another may take it (a crash mid-send). */
const LEASE_MS = 5 * 60_000;
const BATCH = 20;

interface SmtpServer {
  host: string;
  port: number;
  secure: boolean;
  user?: string;
  pass?: string;
}

/** Host, port and login from SMTP_URL. */
export function parseSmtpUrl(smtpUrl: string): SmtpServer {
  const u = new URL(smtpUrl);
  const secure = u.protocol === 'smtps:';
  return {
    host: u.hostname,
    port: u.port ? Number(u.port) : secure ? 465 : 587,
    secure,
    user: u.username ? decodeURIComponent(u.username) : undefined,
    pass: u.password ? decodeURIComponent(u.password) : undefined,
  };
}

/** `host:port`, never the login. */
export function smtpServerLabel(smtpUrl: string): string {
  const s = parseSmtpUrl(smtpUrl);
  return `${s.host}:${s.port}`;
}

/** An error's message without anything of the login in it (SMTP_URL holds the password). */
export function scrubError(err: unknown, smtpUrl: string): string {
  let message = err instanceof Error ? err.message : String(err);
  const s = parseSmtpUrl(smtpUrl);
  const secrets = [smtpUrl, s.pass, s.pass && encodeURIComponent(s.pass)].filter(
    (x): x is string => typeof x === 'string' && x.length > 0,
  );
  for (const secret of secrets) message = message.split(secret).join('***');
  return message.slice(0, 1000);
}

/** One pooled transport per process and server. */
const transports = new Map<string, Transporter<SMTPPool.SentMessageInfo>>();
function transportFor(smtpUrl: string): Transporter<SMTPPool.SentMessageInfo> {
  let t = transports.get(smtpUrl);
  if (!t) {
    const s = parseSmtpUrl(smtpUrl);
    t = nodemailer.createTransport({
      pool: true,
      host: s.host,
      port: s.port,
      secure: s.secure,
      auth: s.user !== undefined ? { user: s.user, pass: s.pass ?? '' } : undefined,
      maxConnections: 2,
      connectionTimeout: 15_000,
      greetingTimeout: 15_000,
      socketTimeout: 30_000,
      logger: false,
      debug: false,
    });
    transports.set(smtpUrl, t);
  }
  return t;
}

/** Closes the pooled connections (the app's shutdown; tests before they stop their server). */
export function closeMailTransports(): void {
  for (const t of transports.values()) t.close();
  transports.clear();
}

/**
 * Takes up to `limit` due messages for this worker: one statement that row-locks them with
 * `skip locked` and moves their next attempt past a lease, committed at once, so that no
 * transaction stays open while SMTP is spoken and another server never takes the same rows.
 */
export async function claimDueMail(db: Db, now: Date, limit = BATCH) {
  const due = db
    .select({ id: mailQueue.id })
    .from(mailQueue)
    .where(and(eq(mailQueue.status, 'pending'), lte(mailQueue.nextAttemptAt, now)))
    .orderBy(mailQueue.nextAttemptAt)
    .limit(limit)
    .for('update', { skipLocked: true });
  return db
    .update(mailQueue)
    .set({ attempts: sql`${mailQueue.attempts} + 1`, nextAttemptAt: new Date(now.getTime() + LEASE_MS) })
    .where(inArray(mailQueue.id, due))
    .returning();
}

/** Sends what is due; returns how many were sent and how many failed this round. */
export async function sendDueMail(ctx: Pick<JobContext, 'db' | 'clock' | 'config'>) {
  const { db, clock, config } = ctx;
  const smtpUrl = config.smtpUrl;
  const result = { sent: 0, failed: 0 };
  if (!smtpUrl) return result;
  const rows = await claimDueMail(db, clock.now());
  if (rows.length === 0) return result;
  const transport = transportFor(smtpUrl);
  const unsubscribe = settingsUrl(config.publicUrl);
  for (const row of rows) {
    try {
      const info = await transport.sendMail({
        from: config.mailFrom,
        to: row.toName ? { name: row.toName, address: row.toEmail } : row.toEmail,
        subject: row.subject,
        text: row.text,
        html: row.html,
        // The settings page, not a one-click endpoint: no List-Unsubscribe-Post (RFC 8058).
        list: { unsubscribe },
      });
      await db
        .update(mailQueue)
        .set({ status: 'sent', sentAt: clock.now(), messageId: info.messageId ?? null, lastError: null })
        .where(and(eq(mailQueue.id, row.id), eq(mailQueue.status, 'pending')));
      result.sent += 1;
    } catch (err) {
      const error = scrubError(err, smtpUrl);
      const final = row.attempts >= MAX_ATTEMPTS;
      const delay = RETRY_DELAYS_MS[Math.min(row.attempts, RETRY_DELAYS_MS.length) - 1] ?? 0;
      await db
        .update(mailQueue)
        .set(
          final
            ? { status: 'failed', lastError: error }
            : { lastError: error, nextAttemptAt: new Date(clock.now().getTime() + delay) },
        )
        .where(and(eq(mailQueue.id, row.id), eq(mailQueue.status, 'pending')));
      result.failed += 1;
    }
  }
  return result;
}

// --- Admin -------------------------------------------------------------------------------------

export async function mailStatus(db: Db, config: Config, now: Date) {
  const since = new Date(now.getTime() - 24 * 3_600_000);
  const [pending] = await db.select({ n: count() }).from(mailQueue).where(eq(mailQueue.status, 'pending'));
  const [sent] = await db
    .select({ n: count() })
    .from(mailQueue)
    .where(and(eq(mailQueue.status, 'sent'), gte(mailQueue.sentAt, since)));
  const [failed] = await db
    .select({ n: count() })
    .from(mailQueue)
    .where(and(eq(mailQueue.status, 'failed'), gte(mailQueue.createdAt, since)));
  return {
    configured: mailEnabled(config),
    from: config.mailFrom,
    server: config.smtpUrl ? smtpServerLabel(config.smtpUrl) : null,
    queue: { pending: pending?.n ?? 0, sent24h: sent?.n ?? 0, failed24h: failed?.n ?? 0 },
  };
}

/** The newest messages first (ids are time-ordered), a page at a time. */
export async function listMail(db: Db, q: { limit: number; cursor?: string }) {
  const ks = keyset({ column: mailQueue.id, id: mailQueue.id, descending: true, cursor: q.cursor });
  const rows = await db
    .select()
    .from(mailQueue)
    .where(ks.where)
    .orderBy(...ks.orderBy)
    .limit(q.limit + 1);
  const page = await ks.page(db, rows, q.limit, (r) => r.id);
  return {
    data: page.data.map((r) => ({
      id: r.id,
      kind: r.kind,
      to: r.toEmail,
      toName: r.toName,
      subject: r.subject,
      status: r.status,
      attempts: r.attempts,
      lastError: r.lastError,
      createdAt: r.createdAt.toISOString(),
      sentAt: r.sentAt?.toISOString() ?? null,
      nextAttemptAt: r.status === 'pending' ? r.nextAttemptAt.toISOString() : null,
    })),
    nextCursor: page.nextCursor,
  };
}
