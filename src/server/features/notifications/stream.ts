import { and, asc, gt, inArray, sql } from 'drizzle-orm';
import type { Notification } from '../../../core/schemas/notifications.ts';
import { uuidv7Before } from '../../db/columns.ts';
import { type Db, rawRows } from '../../db/index.ts';
import { toNotification } from './notifications.service.ts';
import { notifications } from './notifications.table.ts';

/**
 * Live notifications for the connected users of this process, read from the table (never from
 * process memory, so a notification made by any server reaches a client of any other): one poll
 * a second for all the connections, while there are any. Notifications are UUID v7, time-ordered;
 * the poll looks back LOOKBACK_MS (by the database's clock) so one whose transaction committed a
 * little late is still sent, once per connection.
 */
const LOOKBACK_MS = 60_000;

interface Connection {
  userId: string;
  /** Nothing at or below it is sent: the client reads what came before with the list. */
  fromId: string;
  sent: Set<string>;
  send(n: Notification): void;
  heartbeat(): void;
  end(): void;
}

export class NotificationStreams {
  private readonly connections = new Set<Connection>();
  private poller: NodeJS.Timeout | null = null;
  private beater: NodeJS.Timeout | null = null;
  private polling = false;

  constructor(
    private readonly db: Db,
    private readonly options: { pollMs: number; heartbeatMs: number } = {
      pollMs: 1_000,
      heartbeatMs: 15_000,
    },
  ) {}

  get size(): number {
    return this.connections.size;
  }

  async open(userId: string, io: Pick<Connection, 'send' | 'heartbeat' | 'end'>): Promise<() => void> {
    const [row] = await rawRows<{ id: string }>(this.db, sql`select ${uuidv7Before(0)} as id`);
    const connection: Connection = { userId, fromId: row!.id, sent: new Set(), ...io };
    this.connections.add(connection);
    this.start();
    return () => {
      this.connections.delete(connection);
      if (!this.connections.size) this.stop();
    };
  }

  /** Ends every stream (the server is closing). */
  closeAll(): void {
    for (const c of this.connections) c.end();
    this.connections.clear();
    this.stop();
  }

  private start(): void {
    if (this.poller) return;
    this.poller = setInterval(() => void this.poll(), this.options.pollMs);
    this.beater = setInterval(() => {
      for (const c of this.connections) c.heartbeat();
    }, this.options.heartbeatMs);
    this.poller.unref();
    this.beater.unref();
  }

  private stop(): void {
    if (this.poller) clearInterval(this.poller);
    if (this.beater) clearInterval(this.beater);
    this.poller = null;
    this.beater = null;
  }

  /** One read for every connected user; each connection gets what it has not been sent yet. */
  async poll(): Promise<void> {
    if (this.polling || !this.connections.size) return;
    this.polling = true;
    try {
      const open = [...this.connections];
      const userIds = [...new Set(open.map((c) => c.userId))];
      const oldest = open.map((c) => c.fromId).sort()[0]!;
      const [bound] = await rawRows<{ id: string }>(this.db, sql`select ${uuidv7Before(LOOKBACK_MS)} as id`);
      const floor = [bound!.id, oldest].sort().at(-1)!;
      const rows = await this.db
        .select()
        .from(notifications)
        .where(and(inArray(notifications.userId, userIds), gt(notifications.id, floor)))
        .orderBy(asc(notifications.id));
      for (const c of open) {
        if (!this.connections.has(c)) continue;
        for (const id of c.sent) if (id <= bound!.id) c.sent.delete(id);
        for (const r of rows) {
          if (r.userId !== c.userId || r.id <= c.fromId || c.sent.has(r.id)) continue;
          c.sent.add(r.id);
          c.send(toNotification(r));
        }
      }
    } catch {
      // The database was unreachable for a moment: the next poll tries again.
    } finally {
      this.polling = false;
    }
  }
}
