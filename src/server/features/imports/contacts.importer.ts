/**
 * Contacts from a file: the account from an account column (id, external id, domain or name);
 * matched by Steward id, external id, then e-mail within the account (else anywhere, when only
 * one contact has it); the API's schema and rules (a first or last name; an e-mail once per
 * account; one primary contact per account).
 */
import { sql } from 'drizzle-orm';
import { contactPatch, contactWrite } from '../../../core/schemas/relationship.ts';
import { jsonParam, newIds } from '../../db/bulk.ts';
import { type Db, rawRows } from '../../db/index.ts';
import { contacts } from '../contacts/index.ts';
import {
  auditRows,
  changedFields,
  failed,
  type Importer,
  idKeys,
  type Outcome,
  skipByMode,
  sourceKey,
  validateRow,
} from './importer.ts';
import type { Prepared } from './prepare.ts';
import { byExternalId, isUuid, resolveAccounts } from './references.ts';

interface Existing {
  id: string;
  accountId: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
  title: string | null;
  role: string | null;
  isPrimary: boolean;
  notes: string | null;
  externalIds: Record<string, string>;
}

const writable = ['firstName', 'lastName', 'email', 'phone', 'title', 'role', 'isPrimary', 'notes'] as const;

export const contactsImporter: Importer = {
  keys(p) {
    const v = p.values;
    const keys = idKeys(p);
    if (typeof v.email === 'string') keys.push(`email:${p.refs.account ?? ''}:${v.email.toLowerCase()}`);
    return keys;
  },

  async batch(tx, ctx, rows, write) {
    const source = sourceKey(ctx.plan);
    const live = rows.filter((p) => !p.errors.length);
    const accountIds = await resolveAccounts(
      tx,
      source,
      live.map((p) => p.refs.account).filter((r): r is string => r !== undefined),
    );
    const existing = await findExisting(tx, source, live, accountIds);
    const outcomes: Outcome[] = [];
    const creates: Existing[] = [];
    const updates: { before: Existing; after: Existing; quiet: boolean }[] = [];
    const accountColumn = ctx.columns.account ?? 'account';
    for (const p of rows) {
      if (p.errors.length) {
        outcomes.push(failed(p, p.errors));
        continue;
      }
      const match = existing.get(p.row);
      if (match === 'missing') {
        outcomes.push(
          failed(p, [{ column: ctx.columns.id ?? null, message: `there is no contact ${p.values.id}` }]),
        );
        continue;
      }
      const accountId = p.refs.account === undefined ? match?.accountId : accountIds.get(p.refs.account);
      if (!accountId) {
        const message =
          p.refs.account === undefined
            ? `${accountColumn}: names no account`
            : `${accountColumn}: there is no account "${p.refs.account}"`;
        outcomes.push(failed(p, [{ column: ctx.columns.account ?? null, message }]));
        continue;
      }
      const skip = skipByMode(ctx, p, Boolean(match));
      if (skip) {
        outcomes.push(skip);
        continue;
      }
      const input: Record<string, unknown> = {};
      for (const k of writable) if (k in p.values) input[k] = p.values[k];
      const checked = validateRow({ write: contactWrite, patch: contactPatch }, input, ctx, {
        match,
        accountId,
      });
      if (!checked.ok) {
        outcomes.push(failed(p, checked.errors));
        continue;
      }
      const value = checked.value as Partial<Existing>;
      const merged = { ...(match ?? blank(accountId)), ...value, accountId: match?.accountId ?? accountId };
      if (!merged.firstName?.trim() && !merged.lastName?.trim()) {
        const column = ctx.columns.firstName ?? ctx.columns.lastName ?? null;
        outcomes.push(failed(p, [{ column, message: 'A contact needs a first name or a last name.' }]));
        continue;
      }
      const externalIds =
        typeof p.values.externalId === 'string'
          ? { ...(match?.externalIds ?? {}), [source]: p.values.externalId }
          : (match?.externalIds ?? {});
      const after: Existing = { ...merged, externalIds, id: match?.id ?? '' };
      if (match) {
        const quiet = !changedFields(
          match as unknown as Record<string, unknown>,
          value as Record<string, unknown>,
        ).length;
        if (quiet && JSON.stringify(externalIds) === JSON.stringify(match.externalIds)) {
          outcomes.push({ row: p.row, action: 'skip', reason: 'unchanged' });
          continue;
        }
        updates.push({ before: match, after, quiet });
        outcomes.push(
          quiet
            ? { row: p.row, action: 'skip', reason: 'unchanged' }
            : { row: p.row, action: 'update', id: match.id, accountId: match.accountId },
        );
      } else {
        creates.push(after);
        outcomes.push({ row: p.row, action: 'create', id: '', accountId });
      }
    }
    if (!write) return outcomes;
    const ids = newIds(creates.length);
    let next = 0;
    for (const o of outcomes)
      if (o.action === 'create') {
        creates[next]!.id = ids[next]!;
        o.id = ids[next++]!;
      }
    // One primary per account: the batch's last primary wins, and clears the account's others.
    const primaries = new Map<string, string>();
    for (const c of [...creates, ...updates.map((u) => u.after)])
      if (c.isPrimary) primaries.set(c.accountId, c.id);
    for (const c of [...creates, ...updates.map((u) => u.after)])
      if (c.isPrimary && primaries.get(c.accountId) !== c.id) c.isPrimary = false;
    if (primaries.size)
      await tx.execute(sql`update ${contacts} set is_primary = false
        where is_primary and account_id = any(${sql.param([...primaries.keys()])}::uuid[])
          and not (id = any(${sql.param([...primaries.values()].filter(Boolean))}::uuid[]))`);
    await writeContacts(tx, creates, updates);
    await auditRows(tx, ctx, 'contact', [
      ...creates.map((c) => ({
        action: 'contact.created' as const,
        id: c.id,
        accountId: c.accountId,
        before: null,
        after: audited(c),
      })),
      ...updates
        .filter((u) => !u.quiet)
        .map((u) => ({
          action: 'contact.updated' as const,
          id: u.before.id,
          accountId: u.before.accountId,
          before: audited(u.before),
          after: audited(u.after),
        })),
    ]);
    return outcomes;
  },
};

const blank = (accountId: string): Existing => ({
  id: '',
  accountId,
  firstName: null,
  lastName: null,
  email: null,
  phone: null,
  title: null,
  role: null,
  isPrimary: false,
  notes: null,
  externalIds: {},
});

const audited = ({ externalIds: _, ...rest }: Existing) => rest as Record<string, unknown>;

const columns = sql`id, account_id as "accountId", first_name as "firstName", last_name as "lastName", email, phone,
  title, role, is_primary as "isPrimary", notes, external_ids as "externalIds"`;

async function findExisting(
  tx: Db,
  source: string,
  rows: Prepared[],
  accountIds: Map<string, string>,
): Promise<Map<number, Existing | 'missing'>> {
  const out = new Map<number, Existing | 'missing'>();
  const uuids = rows.map((p) => p.values.id).filter((v): v is string => typeof v === 'string' && isUuid(v));
  const byId = new Map(
    (uuids.length
      ? await rawRows<Existing>(
          tx,
          sql`select ${columns} from ${contacts} where id = any(${sql.param(uuids.map((u) => u.toLowerCase()))}::uuid[])`,
        )
      : []
    ).map((r) => [r.id, r]),
  );
  const exts = rows.map((p) => p.values.externalId).filter((v): v is string => typeof v === 'string');
  const extIds = new Map((await byExternalId(tx, contacts, source, exts)).map((r) => [r.key, r.id]));
  const emails = rows
    .map((p) => p.values.email)
    .filter((v): v is string => typeof v === 'string')
    .map((e) => e.toLowerCase());
  const byEmail = emails.length
    ? await rawRows<Existing>(
        tx,
        sql`select ${columns} from ${contacts} where email = any(${sql.param(emails)}::text[])`,
      )
    : [];
  const more = [...extIds.values()].filter((id) => !byId.has(id));
  if (more.length)
    for (const r of await rawRows<Existing>(
      tx,
      sql`select ${columns} from ${contacts} where id = any(${sql.param(more)}::uuid[])`,
    ))
      byId.set(r.id, r);
  for (const r of byEmail) byId.set(r.id, r);
  for (const p of rows) {
    const v = p.values;
    if (typeof v.id === 'string') {
      const r = byId.get(v.id.toLowerCase());
      out.set(p.row, r ?? 'missing');
      continue;
    }
    const ext = typeof v.externalId === 'string' ? extIds.get(v.externalId) : undefined;
    if (ext) {
      out.set(p.row, byId.get(ext)!);
      continue;
    }
    if (typeof v.email !== 'string') continue;
    const email = v.email.toLowerCase();
    const account = p.refs.account === undefined ? undefined : accountIds.get(p.refs.account);
    const same = byEmail.filter((r) => r.email === email);
    const inAccount = account ? same.find((r) => r.accountId === account) : undefined;
    const match = inAccount ?? (!account && same.length === 1 ? same[0] : undefined);
    if (match) out.set(p.row, match);
  }
  return out;
}

async function writeContacts(
  tx: Db,
  creates: Existing[],
  updates: { before: Existing; after: Existing; quiet: boolean }[],
): Promise<void> {
  const shape = sql`r(id uuid, account_id uuid, first_name text, last_name text, email text, phone text, title text,
    role text, is_primary boolean, notes text, external_ids jsonb, quiet boolean)`;
  const snake = (c: Existing, quiet = false) => ({
    id: c.id,
    account_id: c.accountId,
    first_name: c.firstName,
    last_name: c.lastName,
    email: c.email,
    phone: c.phone,
    title: c.title,
    role: c.role,
    is_primary: c.isPrimary,
    notes: c.notes,
    external_ids: c.externalIds,
    quiet,
  });
  if (updates.length)
    await tx.execute(sql`
      update ${contacts} c set first_name = r.first_name, last_name = r.last_name, email = r.email, phone = r.phone,
        title = r.title, role = r.role, is_primary = r.is_primary, notes = r.notes, external_ids = r.external_ids,
        version = c.version + case when r.quiet then 0 else 1 end,
        updated_at = case when r.quiet then c.updated_at else now() end
      from jsonb_to_recordset(${jsonParam(updates.map((u) => snake(u.after, u.quiet)))}::jsonb) as ${shape}
      where c.id = r.id`);
  if (creates.length)
    await tx.execute(sql`
      insert into ${contacts} (id, account_id, first_name, last_name, email, phone, title, role, is_primary, notes,
        external_ids)
      select r.id, r.account_id, r.first_name, r.last_name, r.email, r.phone, r.title, r.role, r.is_primary, r.notes,
        r.external_ids
      from jsonb_to_recordset(${jsonParam(creates.map((c) => snake(c)))}::jsonb) as ${shape}`);
}
