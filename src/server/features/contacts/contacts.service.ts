import { and, eq, inArray, ne, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { AppError } from '../../../core/errors.ts';
import type {
  Contact,
  contactPatch,
  contactsQuery,
  contactWrite,
} from '../../../core/schemas/relationship.ts';
import { recordChange } from '../../audit/record.ts';
import type { Actor } from '../../auth/actor.ts';
import type { WriteContext } from '../../auth/context.ts';
import { prefixPattern, ref } from '../../db/columns.ts';
import { type Db, lockRow } from '../../db/index.ts';
import { keyset } from '../../http/pagination.ts';
import { accountInScope, assertCanWorkAccounts, assertMayWrite, inAccountScope } from '../accounts/index.ts';
import { lastContactedAt } from '../activities/index.ts';
import { contacts } from './contacts.table.ts';

const lastContacted = lastContactedAt(ref(contacts.id));

const columns = {
  id: contacts.id,
  accountId: contacts.accountId,
  firstName: contacts.firstName,
  lastName: contacts.lastName,
  email: contacts.email,
  phone: contacts.phone,
  title: contacts.title,
  role: contacts.role,
  isPrimary: contacts.isPrimary,
  notes: contacts.notes,
  lastContactedAt: lastContacted,
  createdAt: contacts.createdAt,
  updatedAt: contacts.updatedAt,
  version: contacts.version,
};

type Row = Omit<typeof contacts.$inferSelect, 'externalIds'> & { lastContactedAt: Date | string | null };

function toContact(r: Row): Contact {
  return {
    ...r,
    // A raw subquery comes back as text on some drivers: normalise through Date.
    lastContactedAt: r.lastContactedAt ? new Date(r.lastContactedAt).toISOString() : null,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** `First Last` exactly as the trigram index `contacts_name_trgm` has it, so matching uses the index. */
export const contactName = sql<string>`(coalesce(${contacts.firstName}, '') || ' ' || coalesce(${contacts.lastName}, ''))`;

/** Any word of the contact's name matches `q`, typos allowed, or their (lower-case) e-mail starts with it. */
export function contactMatches(q: string): SQL {
  return sql`(${q} <% ${contactName} or ${contacts.email} like ${prefixPattern(q.toLowerCase())})`;
}

export async function listContacts(db: Db, actor: Actor, q: z.infer<typeof contactsQuery>) {
  const ks = keyset({ column: contacts.id, id: contacts.id, descending: false, cursor: q.cursor });
  const where: (SQL | undefined)[] = [ks.where, inAccountScope(actor, contacts.accountId)];
  if (q.accountId) where.push(eq(contacts.accountId, q.accountId));
  if (q.q) where.push(contactMatches(q.q));
  const rows = await db
    .select(columns)
    .from(contacts)
    .where(and(...where))
    .orderBy(...ks.orderBy)
    .limit(q.limit + 1);
  const page = await ks.page(db, rows, q.limit, (r) => r.id);
  return { data: page.data.map(toContact), nextCursor: page.nextCursor };
}

export async function getContact(db: Db, actor: Actor, id: string): Promise<Contact> {
  const [row] = await db
    .select(columns)
    .from(contacts)
    .where(and(eq(contacts.id, id), inAccountScope(actor, contacts.accountId)));
  if (!row) throw new AppError('not_found', `There is no contact ${id}.`);
  return toContact(row);
}

export async function createContact(
  db: Db,
  ctx: WriteContext,
  input: z.infer<typeof contactWrite>,
): Promise<Contact> {
  return db.transaction(async (tx) => {
    await accountInScope(tx, ctx.actor, input.accountId, { field: 'accountId', forUpdate: true });
    assertCanWorkAccounts(ctx.actor);
    assertNamed(input.firstName, input.lastName);
    if (input.email) await assertEmailFree(tx, input.accountId, input.email);
    if (input.isPrimary) await clearPrimary(tx, input.accountId);
    const [row] = await tx
      .insert(contacts)
      .values({ ...input, isPrimary: input.isPrimary ?? false })
      .returning({ id: contacts.id });
    const created = await getContact(tx, ctx.actor, row!.id);
    await recordChange(tx, ctx, 'contact', 'contact.created', null, created);
    return created;
  });
}

export async function updateContact(
  db: Db,
  ctx: WriteContext,
  id: string,
  patch: z.infer<typeof contactPatch>,
  expected?: number,
): Promise<Contact> {
  return db.transaction(async (tx) => {
    await lockRow(tx, contacts, id);
    const before = await getContact(tx, ctx.actor, id);
    assertMayWrite(ctx.actor, before, expected);
    assertNamed(
      patch.firstName === undefined ? before.firstName : patch.firstName,
      patch.lastName === undefined ? before.lastName : patch.lastName,
    );
    if (patch.email && patch.email !== before.email)
      await assertEmailFree(tx, before.accountId, patch.email, id);
    if (patch.isPrimary && !before.isPrimary) {
      // Making a contact primary clears the account's other primary: one at a time per account.
      await accountInScope(tx, ctx.actor, before.accountId, { forUpdate: true });
      await clearPrimary(tx, before.accountId);
    }
    const [updated] = await tx
      .update(contacts)
      .set({ ...patch, version: sql`${contacts.version} + 1`, updatedAt: sql`now()` })
      .where(and(eq(contacts.id, id), eq(contacts.version, before.version)))
      .returning({ id: contacts.id });
    if (!updated)
      throw new AppError(
        'precondition_failed',
        'The contact changed while you saved it. Reload and try again.',
      );
    const after = await getContact(tx, ctx.actor, id);
    await recordChange(tx, ctx, 'contact', 'contact.updated', before, after);
    return after;
  });
}

export async function deleteContact(db: Db, ctx: WriteContext, id: string, expected?: number): Promise<void> {
  await db.transaction(async (tx) => {
    await lockRow(tx, contacts, id);
    const before = await getContact(tx, ctx.actor, id);
    assertMayWrite(ctx.actor, before, expected);
    await tx.delete(contacts).where(eq(contacts.id, id));
    await recordChange(tx, ctx, 'contact', 'contact.deleted', before, null);
  });
}

/** Contacts must belong to the account: 400 naming the first that does not. */
export async function assertContactsOfAccount(
  tx: Db,
  accountId: string,
  contactIds: string[],
  field = 'contactIds',
) {
  const wanted = [...new Set(contactIds)];
  if (!wanted.length) return;
  const found = await tx
    .select({ id: contacts.id })
    .from(contacts)
    .where(and(inArray(contacts.id, wanted), eq(contacts.accountId, accountId)));
  const missing = wanted.find((c) => !found.some((f) => f.id === c));
  if (missing) {
    throw new AppError('validation', `The contact ${missing} is not a contact of this account.`, {
      errors: [
        { path: `${field}.${contactIds.indexOf(missing)}`, message: 'is not a contact of this account' },
      ],
    });
  }
}

function assertNamed(first: string | null | undefined, last: string | null | undefined): void {
  if (!first?.trim() && !last?.trim()) {
    throw new AppError('validation', 'A contact needs a first name or a last name.', {
      errors: [
        { path: 'firstName', message: 'first or last name is required' },
        { path: 'lastName', message: 'first or last name is required' },
      ],
    });
  }
}

async function assertEmailFree(tx: Db, accountId: string, email: string, exceptId?: string): Promise<void> {
  const [clash] = await tx
    .select({ id: contacts.id })
    .from(contacts)
    .where(
      and(
        eq(contacts.accountId, accountId),
        eq(contacts.email, email),
        exceptId ? ne(contacts.id, exceptId) : undefined,
      ),
    );
  if (clash) {
    throw new AppError('conflict', `Another contact of this account has the e-mail ${email}.`, {
      errors: [{ path: 'email', message: 'is taken on this account' }],
    });
  }
}

async function clearPrimary(tx: Db, accountId: string): Promise<void> {
  await tx
    .update(contacts)
    .set({ isPrimary: false, version: sql`${contacts.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(contacts.accountId, accountId), eq(contacts.isPrimary, true)));
}
