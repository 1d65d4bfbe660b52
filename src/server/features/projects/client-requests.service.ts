import { and, eq, getTableColumns, not, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { AppError } from '../../../core/errors.ts';
import type { NewEvent } from '../../../core/events.ts';
import { dayOf } from '../../../core/rules/dates.ts';
import { requestLateness } from '../../../core/rules/vendor-record.ts';
import type {
  ClientRequest,
  clientRequestPatch,
  clientRequestsQuery,
  clientRequestWrite,
} from '../../../core/schemas/delivery.ts';
import type { AuditAction } from '../../../core/schemas/people.ts';
import { diff, recordChange } from '../../audit/record.ts';
import type { Actor } from '../../auth/actor.ts';
import type { WriteContext } from '../../auth/context.ts';
import { type Db, lockRow } from '../../db/index.ts';
import { keyset } from '../../http/pagination.ts';
import {
  accountInScope,
  accountScope,
  accounts,
  assertCanWorkAccounts,
  assertMayWrite,
} from '../accounts/index.ts';
import { contacts } from '../contacts/index.ts';
import { clientRequests } from './client-requests.table.ts';
import { deliverables } from './deliverables.table.ts';
import { projects } from './projects.table.ts';

type Row = typeof clientRequests.$inferSelect & { accountName: string };

const columns = { ...getTableColumns(clientRequests), accountName: accounts.name };

function toRequest(r: Row, asOf: string): ClientRequest {
  return {
    id: r.id,
    accountId: r.accountId,
    accountName: r.accountName,
    projectId: r.projectId,
    deliverableId: r.deliverableId,
    title: r.title,
    kind: r.kind,
    details: r.details,
    requestedFromContactId: r.requestedFromContactId,
    dueDate: r.dueDate,
    status: r.status,
    receivedAt: r.receivedAt?.toISOString() ?? null,
    ...requestLateness(r, asOf),
    createdById: r.createdById,
    version: r.version,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** The stored fields only: what the audit trail compares (not the name or the lateness of the day). */
function stored(r: ClientRequest) {
  const { accountName: _name, overdue: _overdue, daysOverdue: _days, ...rest } = r;
  return rest;
}

/** Still `requested` after its due date (as of `asOf`). */
const overdueAt = (asOf: string): SQL =>
  sql`(${clientRequests.status} = 'requested' and ${clientRequests.dueDate} < ${asOf})`;

/** Soonest due first; visible with their account. `asOf` is the day overdue is judged on. */
export async function listClientRequests(
  db: Db,
  actor: Actor,
  q: z.infer<typeof clientRequestsQuery>,
  asOf: string,
) {
  const ks = keyset({
    column: clientRequests.dueDate,
    id: clientRequests.id,
    descending: false,
    cursor: q.cursor,
  });
  const where: (SQL | undefined)[] = [ks.where, accountScope(actor)];
  if (q.accountId) where.push(eq(clientRequests.accountId, q.accountId));
  if (q.projectId) where.push(eq(clientRequests.projectId, q.projectId));
  if (q.status) where.push(eq(clientRequests.status, q.status));
  if (q.overdue === 'true') where.push(overdueAt(asOf));
  if (q.overdue === 'false') where.push(not(overdueAt(asOf)));
  const rows = await db
    .select(columns)
    .from(clientRequests)
    .innerJoin(accounts, eq(accounts.id, clientRequests.accountId))
    .where(and(...where))
    .orderBy(...ks.orderBy)
    .limit(q.limit + 1);
  const page = await ks.page(db, rows, q.limit, (r) => r.dueDate);
  return { data: page.data.map((r) => toRequest(r, asOf)), nextCursor: page.nextCursor };
}

export async function getClientRequest(
  db: Db,
  actor: Actor,
  id: string,
  asOf: string,
): Promise<ClientRequest> {
  const [row] = await db
    .select(columns)
    .from(clientRequests)
    .innerJoin(accounts, eq(accounts.id, clientRequests.accountId))
    .where(and(eq(clientRequests.id, id), accountScope(actor)));
  if (!row) throw new AppError('not_found', `There is no client request ${id}.`);
  return toRequest(row, asOf);
}

export async function createClientRequest(
  db: Db,
  ctx: WriteContext,
  input: z.infer<typeof clientRequestWrite>,
): Promise<ClientRequest> {
  assertCanWorkAccounts(ctx.actor);
  const asOf = dayOf(ctx.now);
  return db.transaction(async (tx) => {
    await accountInScope(tx, ctx.actor, input.accountId, { field: 'accountId' });
    const refs = {
      projectId: input.projectId ?? null,
      deliverableId: input.deliverableId ?? null,
      requestedFromContactId: input.requestedFromContactId ?? null,
    };
    await assertReferences(tx, input.accountId, refs);
    const status = input.status ?? 'requested';
    const [row] = await tx
      .insert(clientRequests)
      .values({
        accountId: input.accountId,
        ...refs,
        title: input.title,
        kind: input.kind,
        details: input.details ?? null,
        dueDate: input.dueDate,
        status,
        receivedAt: status === 'received' ? ctx.now : null,
        createdById: ctx.actor.userId,
      })
      .returning({ id: clientRequests.id });
    const created = await getClientRequest(tx, ctx.actor, row!.id, asOf);
    const events: NewEvent[] = [
      {
        type: 'client_request.created',
        accountId: created.accountId,
        data: {
          requestId: created.id,
          projectId: created.projectId,
          kind: created.kind,
          dueDate: created.dueDate,
        },
      },
    ];
    if (status === 'received') events.push(received(created));
    await audit(tx, ctx, 'client_request.created', null, created, events);
    return created;
  });
}

export async function updateClientRequest(
  db: Db,
  ctx: WriteContext,
  id: string,
  patch: z.infer<typeof clientRequestPatch>,
  expected?: number,
): Promise<ClientRequest> {
  const asOf = dayOf(ctx.now);
  return db.transaction(async (tx) => {
    await lockRow(tx, clientRequests, id);
    const before = await getClientRequest(tx, ctx.actor, id, asOf);
    assertMayWrite(ctx.actor, before, expected);
    const refs = {
      projectId: patch.projectId !== undefined ? patch.projectId : before.projectId,
      deliverableId: patch.deliverableId !== undefined ? patch.deliverableId : before.deliverableId,
      requestedFromContactId:
        patch.requestedFromContactId !== undefined
          ? patch.requestedFromContactId
          : before.requestedFromContactId,
    };
    const touched = (['projectId', 'deliverableId', 'requestedFromContactId'] as const).some(
      (f) => patch[f] !== undefined && patch[f] !== before[f],
    );
    if (touched) await assertReferences(tx, before.accountId, refs);
    const status = patch.status ?? before.status;
    const becomesReceived = status === 'received' && before.status !== 'received';
    const [row] = await tx
      .update(clientRequests)
      .set({
        ...patch,
        ...refs,
        receivedAt: becomesReceived ? ctx.now : status === 'received' ? undefined : null,
        version: sql`${clientRequests.version} + 1`,
        updatedAt: sql`now()`,
      })
      .where(and(eq(clientRequests.id, id), eq(clientRequests.version, before.version)))
      .returning({ id: clientRequests.id });
    if (!row)
      throw new AppError(
        'precondition_failed',
        'The client request changed while you saved it. Reload and try again.',
      );
    const after = await getClientRequest(tx, ctx.actor, id, asOf);
    const fields = Object.keys(diff(stored(before), stored(after))).filter((f) => f !== 'receivedAt');
    const events: NewEvent[] = [
      { type: 'client_request.updated', accountId: after.accountId, data: { requestId: id, fields } },
    ];
    if (becomesReceived) events.push(received(after));
    await audit(tx, ctx, 'client_request.updated', before, after, events);
    return after;
  });
}

export async function deleteClientRequest(
  db: Db,
  ctx: WriteContext,
  id: string,
  expected?: number,
): Promise<void> {
  await db.transaction(async (tx) => {
    await lockRow(tx, clientRequests, id);
    const before = await getClientRequest(tx, ctx.actor, id, dayOf(ctx.now));
    assertMayWrite(ctx.actor, before, expected);
    await tx.delete(clientRequests).where(eq(clientRequests.id, id));
    await audit(tx, ctx, 'client_request.deleted', before, null, [
      { type: 'client_request.deleted', accountId: before.accountId, data: { requestId: id } },
    ]);
  });
}

const received = (r: ClientRequest): NewEvent => ({
  type: 'client_request.received',
  accountId: r.accountId,
  data: { requestId: r.id },
});

const invalid = (path: string, message: string, detail: string) =>
  new AppError('validation', detail, { errors: [{ path, message }] });

/**
 * The project must be the account's, the deliverable the project's (so it needs a project), and
 * the contact asked one of the account's contacts; each refusal names its field.
 */
async function assertReferences(
  tx: Db,
  accountId: string,
  refs: { projectId: string | null; deliverableId: string | null; requestedFromContactId: string | null },
): Promise<void> {
  if (refs.projectId) {
    const [p] = await tx
      .select({ id: projects.id })
      .from(projects)
      .where(and(eq(projects.id, refs.projectId), eq(projects.accountId, accountId)));
    if (!p)
      throw invalid(
        'projectId',
        'is not a project of this account',
        `There is no project ${refs.projectId} on this account.`,
      );
  }
  if (refs.deliverableId) {
    if (!refs.projectId)
      throw invalid(
        'deliverableId',
        'needs a projectId',
        'A request that blocks a deliverable names its project too.',
      );
    const [d] = await tx
      .select({ id: deliverables.id })
      .from(deliverables)
      .where(and(eq(deliverables.id, refs.deliverableId), eq(deliverables.projectId, refs.projectId)));
    if (!d)
      throw invalid(
        'deliverableId',
        'is not a deliverable of this project',
        `There is no deliverable ${refs.deliverableId} on this project.`,
      );
  }
  if (refs.requestedFromContactId) {
    const [c] = await tx
      .select({ id: contacts.id })
      .from(contacts)
      .where(and(eq(contacts.id, refs.requestedFromContactId), eq(contacts.accountId, accountId)));
    if (!c)
      throw invalid(
        'requestedFromContactId',
        'is not a contact of this account',
        `The contact ${refs.requestedFromContactId} is not a contact of this account.`,
      );
  }
}

async function audit(
  tx: Db,
  ctx: WriteContext,
  action: AuditAction,
  before: ClientRequest | null,
  after: ClientRequest | null,
  events: NewEvent[],
): Promise<void> {
  await recordChange(
    tx,
    ctx,
    'client_request',
    action,
    before && stored(before),
    after && stored(after),
    events,
  );
}
