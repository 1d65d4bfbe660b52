/**
 * Accounts from a file: matched by Steward id, external id, domain, then unique exact name;
 * validated by the API's schema; created and updated in bulk with the API's defaults (segment
 * smb, stage prospect, cadence by segment) and rules (a live domain is unique, the owner exists).
 */
import { sql } from 'drizzle-orm';
import { accountPatch, accountWrite, defaultCadenceDays } from '../../../core/schemas/accounts.ts';
import { jsonParam, newIds } from '../../db/bulk.ts';
import { type Db, rawRows } from '../../db/index.ts';
import { accounts } from '../accounts/index.ts';
import {
  auditRows,
  changedFields,
  failed,
  type Importer,
  idKeys,
  type Outcome,
  skipByMode,
  sourceKey,
  validate,
} from './importer.ts';
import type { Prepared } from './prepare.ts';
import { byExternalId, isUuid, resolveAccounts, resolveUser, uniqueNamesLower } from './references.ts';

interface Existing {
  id: string;
  name: string;
  domain: string | null;
  industry: string | null;
  segment: string;
  lifecycleStage: string;
  ownerId: string;
  parentAccountId: string | null;
  checkInCadenceDays: number;
  tags: string[];
  customFields: Record<string, unknown>;
  externalIds: Record<string, string>;
}

const existingColumns = sql`id, name, domain, industry, segment, lifecycle_stage as "lifecycleStage",
  owner_id as "ownerId", parent_account_id as "parentAccountId",
  check_in_cadence_days as "checkInCadenceDays", tags, custom_fields as "customFields",
  external_ids as "externalIds"`;

const fieldOfPath = { ownerId: 'owner', parentAccountId: 'parentAccount' };

export const accountsImporter: Importer = {
  keys(p) {
    const v = p.values;
    const keys = idKeys(p);
    if (typeof v.domain === 'string' && v.domain) keys.push(`domain:${v.domain}`);
    else if (typeof v.name === 'string' && !keys.length) keys.push(`name:${v.name.toLowerCase()}`);
    return keys;
  },

  async batch(tx, ctx, rows, write) {
    const source = sourceKey(ctx.plan);
    const existing = await findExisting(tx, source, rows);
    const parents = await resolveAccounts(
      tx,
      source,
      rows.map((p) => p.refs.parentAccount).filter((r): r is string => r !== undefined),
    );
    const domainOwners = await liveDomains(
      tx,
      rows.map((p) => p.values.domain).filter((d): d is string => typeof d === 'string'),
    );
    // A parent created by an earlier row of this batch (Salesforce's ParentId of a row above).
    const batchIds = newIds(rows.length);
    const inBatch = new Map<string, string>();
    rows.forEach((p, i) => {
      if (existing.get(p.row)) return;
      for (const k of [p.values.externalId, p.values.domain, p.values.name])
        if (typeof k === 'string' && k && !inBatch.has(k)) inBatch.set(k, batchIds[i]!);
    });
    for (const p of rows) {
      const ref = p.refs.parentAccount;
      if (ref !== undefined && !parents.has(ref) && inBatch.has(ref)) parents.set(ref, inBatch.get(ref)!);
    }
    const newIdOf = new Map(rows.map((p, i) => [p.row, batchIds[i]!]));
    const outcomes: Outcome[] = [];
    const creates: (Existing & { row: number })[] = [];
    const updates: { row: number; before: Existing; after: Existing; quiet: boolean }[] = [];
    for (const p of rows) {
      if (p.errors.length) {
        outcomes.push(failed(p, p.errors));
        continue;
      }
      const match = existing.get(p.row);
      if (match === 'missing') {
        outcomes.push(
          failed(p, [{ column: ctx.columns.id ?? null, message: `there is no account ${p.values.id}` }]),
        );
        continue;
      }
      const skip = skipByMode(ctx, p, Boolean(match));
      if (skip) {
        outcomes.push(skip);
        continue;
      }
      const v = p.values;
      const input: Record<string, unknown> = {};
      for (const k of [
        'name',
        'domain',
        'industry',
        'segment',
        'lifecycleStage',
        'checkInCadenceDays',
        'tags',
      ])
        if (k in v) input[k] = v[k];
      if (v.customFields)
        input.customFields = mergeCustom(match?.customFields ?? {}, v.customFields as Record<string, string>);
      if (!match || p.refs.owner !== undefined) {
        const owner = resolveUser(
          ctx.users,
          p.refs.owner,
          ctx.plan.valueMaps.owner,
          ctx.plan.defaults.ownerId as string | undefined,
          ctx.actor.userId,
        );
        if ('message' in owner) {
          outcomes.push(
            failed(p, [
              {
                column: ctx.columns.owner ?? null,
                message: `${ctx.columns.owner ?? 'owner'}: ${owner.message}`,
              },
            ]),
          );
          continue;
        }
        input.ownerId = owner.id;
      }
      if (p.refs.parentAccount !== undefined) {
        const parent = parents.get(p.refs.parentAccount);
        if (!parent) {
          const column = ctx.columns.parentAccount ?? 'parentAccount';
          outcomes.push(
            failed(p, [{ column, message: `${column}: there is no account "${p.refs.parentAccount}"` }]),
          );
          continue;
        }
        input.parentAccountId = parent;
      }
      const checked = validate(match ? accountPatch : accountWrite, input, ctx, fieldOfPath);
      if (!checked.ok) {
        outcomes.push(failed(p, checked.errors));
        continue;
      }
      const value = checked.value as Record<string, unknown>;
      const domain = value.domain as string | null | undefined;
      const holder = domain ? domainOwners.get(domain) : undefined;
      if (domain && holder && holder !== match?.id) {
        const column = ctx.columns.domain ?? 'domain';
        outcomes.push(
          failed(p, [{ column, message: `${column}: ${domain} is already the domain of another account` }]),
        );
        continue;
      }
      if (value.parentAccountId && value.parentAccountId === match?.id) {
        const column = ctx.columns.parentAccount ?? 'parentAccount';
        outcomes.push(failed(p, [{ column, message: `${column}: an account cannot be its own parent` }]));
        continue;
      }
      const externalIds =
        typeof v.externalId === 'string'
          ? { ...(match?.externalIds ?? {}), [source]: v.externalId }
          : (match?.externalIds ?? {});
      if (match) {
        const changed = changedFields(match as unknown as Record<string, unknown>, value);
        const quiet = !changed.length;
        if (quiet && JSON.stringify(externalIds) === JSON.stringify(match.externalIds)) {
          outcomes.push({ row: p.row, action: 'skip', reason: 'unchanged' });
          continue;
        }
        const after = { ...match, ...value, externalIds } as Existing;
        updates.push({ row: p.row, before: match, after, quiet });
        outcomes.push(
          quiet
            ? { row: p.row, action: 'skip', reason: 'unchanged' }
            : { row: p.row, action: 'update', id: match.id, accountId: match.id },
        );
      } else {
        const segment = (value.segment as string | undefined) ?? 'smb';
        const created: Existing & { row: number } = {
          row: p.row,
          id: '',
          name: value.name as string,
          domain: (value.domain as string | null | undefined) ?? null,
          industry: (value.industry as string | null | undefined) ?? null,
          segment,
          lifecycleStage: (value.lifecycleStage as string | undefined) ?? 'prospect',
          ownerId: value.ownerId as string,
          parentAccountId: (value.parentAccountId as string | null | undefined) ?? null,
          checkInCadenceDays:
            (value.checkInCadenceDays as number | undefined) ??
            defaultCadenceDays[segment as keyof typeof defaultCadenceDays],
          tags: [...new Set((value.tags as string[] | undefined) ?? [])],
          customFields: (value.customFields as Record<string, unknown> | undefined) ?? {},
          externalIds,
        };
        creates.push(created);
        outcomes.push({ row: p.row, action: 'create', id: '', accountId: '' });
      }
      if (domain) domainOwners.set(domain, match?.id ?? `new:${p.row}`);
    }
    if (!write) return outcomes;
    for (const c of creates) c.id = newIdOf.get(c.row)!;
    const createdRows = new Map(creates.map((c) => [c.row, c.id]));
    for (const o of outcomes)
      if (o.action === 'create') {
        o.id = createdRows.get(o.row)!;
        o.accountId = o.id;
      }
    await insertAccounts(tx, creates);
    await updateAccounts(tx, updates);
    await auditRows(tx, ctx, 'account', [
      ...creates.map((c) => ({
        action: 'account.created' as const,
        id: c.id,
        accountId: c.id,
        before: null,
        after: audited(c),
      })),
      ...updates
        .filter((u) => !u.quiet)
        .map((u) => ({
          action: (u.before.ownerId === u.after.ownerId
            ? 'account.updated'
            : 'account.reassigned') as 'account.updated',
          id: u.before.id,
          accountId: u.before.id,
          before: audited(u.before),
          after: audited(u.after),
        })),
    ]);
    return outcomes;
  },
};

const audited = ({ externalIds: _, ...rest }: Existing & { row?: number }) => {
  const { row: __, ...fields } = rest as Existing & { row?: number };
  return fields as Record<string, unknown>;
};

/**
 * A file's custom-field cells over the account's: a cell that reads as the value already there
 * (a number or yes/no written out as text by an export) keeps the value as it is.
 */
function mergeCustom(
  current: Record<string, unknown>,
  cells: Record<string, string>,
): Record<string, unknown> {
  const out = { ...current };
  for (const [key, cell] of Object.entries(cells)) if (String(current[key] ?? '') !== cell) out[key] = cell;
  return out;
}

/** Each row's account: by Steward id (`missing` if none has it), external id, domain, then unique name. */
async function findExisting(
  tx: Db,
  source: string,
  rows: Prepared[],
): Promise<Map<number, Existing | 'missing'>> {
  const out = new Map<number, Existing | 'missing'>();
  const live = rows.filter((p) => !p.errors.length);
  const byId = new Map<string, Existing>();
  const load = async (where: ReturnType<typeof sql>) =>
    rawRows<Existing>(tx, sql`select ${existingColumns} from ${accounts} where ${where}`);
  const ids = live.map((p) => p.values.id).filter((v): v is string => typeof v === 'string');
  const uuids = ids.filter(isUuid).map((s) => s.toLowerCase());
  if (uuids.length) for (const r of await load(sql`id = any(${sql.param(uuids)}::uuid[])`)) byId.set(r.id, r);
  const exts = live.map((p) => p.values.externalId).filter((v): v is string => typeof v === 'string');
  const extIds = new Map((await byExternalId(tx, accounts, source, exts)).map((r) => [r.key, r.id]));
  const domains = live
    .map((p) => p.values.domain)
    .filter((v): v is string => typeof v === 'string' && v !== '');
  const domainIds = new Map(
    (
      await rawRows<{ domain: string; id: string }>(
        tx,
        sql`select domain, id from ${accounts} where archived_at is null and domain = any(${sql.param(domains)}::text[])`,
      )
    ).map((r) => [r.domain, r.id]),
  );
  // A name identifies an account only for a row with no domain (nor id): look up just those.
  const names = live
    .filter((p) => !p.values.domain && p.values.id === undefined)
    .map((p) => p.values.name)
    .filter((v): v is string => typeof v === 'string');
  const nameIds = await uniqueNamesLower(tx, names);
  const wanted = new Map<number, string>();
  for (const p of live) {
    const v = p.values;
    if (typeof v.id === 'string') {
      const id = v.id.toLowerCase();
      if (byId.has(id)) wanted.set(p.row, id);
      else out.set(p.row, 'missing');
      continue;
    }
    const id =
      (typeof v.externalId === 'string' ? extIds.get(v.externalId) : undefined) ??
      (typeof v.domain === 'string' ? domainIds.get(v.domain) : undefined) ??
      (typeof v.name === 'string' && !v.domain ? nameIds.get(v.name.trim().toLowerCase()) : undefined);
    if (id) wanted.set(p.row, id);
  }
  const more = [...new Set(wanted.values())].filter((id) => !byId.has(id));
  if (more.length) for (const r of await load(sql`id = any(${sql.param(more)}::uuid[])`)) byId.set(r.id, r);
  for (const [row, id] of wanted) {
    const r = byId.get(id);
    if (r) out.set(row, r);
  }
  return out;
}

/** Live accounts holding any of `domains`: domain → id. */
async function liveDomains(tx: Db, domains: string[]): Promise<Map<string, string>> {
  if (!domains.length) return new Map();
  const rows = await rawRows<{ domain: string; id: string }>(
    tx,
    sql`select domain, id from ${accounts} where archived_at is null and domain = any(${sql.param(domains)}::text[])`,
  );
  return new Map(rows.map((r) => [r.domain, r.id]));
}

async function insertAccounts(tx: Db, rows: Existing[]): Promise<void> {
  if (!rows.length) return;
  await tx.execute(sql`
    insert into ${accounts} (id, name, domain, industry, segment, lifecycle_stage, owner_id, parent_account_id,
      check_in_cadence_days, tags, custom_fields, external_ids)
    select r.id, r.name, r.domain, r.industry, r.segment, r.lifecycle_stage, r.owner_id, r.parent_account_id,
      r.check_in_cadence_days, r.tags, r.custom_fields, r.external_ids
    from jsonb_to_recordset(${jsonParam(rows.map(snake))}::jsonb) as r(id uuid, name text, domain text, industry text,
      segment text, lifecycle_stage text, owner_id uuid, parent_account_id uuid, check_in_cadence_days int,
      tags text[], custom_fields jsonb, external_ids jsonb)`);
}

async function updateAccounts(
  tx: Db,
  rows: { before: Existing; after: Existing; quiet: boolean }[],
): Promise<void> {
  if (!rows.length) return;
  await tx.execute(sql`
    update ${accounts} a set name = r.name, domain = r.domain, industry = r.industry, segment = r.segment,
      lifecycle_stage = r.lifecycle_stage, owner_id = r.owner_id, parent_account_id = r.parent_account_id,
      check_in_cadence_days = r.check_in_cadence_days, tags = r.tags, custom_fields = r.custom_fields,
      external_ids = r.external_ids,
      version = a.version + case when r.quiet then 0 else 1 end,
      updated_at = case when r.quiet then a.updated_at else now() end
    from jsonb_to_recordset(${jsonParam(rows.map((u) => ({ ...snake(u.after), quiet: u.quiet })))}::jsonb) as r(id uuid,
      name text, domain text, industry text, segment text, lifecycle_stage text, owner_id uuid,
      parent_account_id uuid, check_in_cadence_days int, tags text[], custom_fields jsonb, external_ids jsonb,
      quiet boolean)
    where a.id = r.id`);
}

const snake = (a: Existing) => ({
  id: a.id,
  name: a.name,
  domain: a.domain,
  industry: a.industry,
  segment: a.segment,
  lifecycle_stage: a.lifecycleStage,
  owner_id: a.ownerId,
  parent_account_id: a.parentAccountId,
  check_in_cadence_days: a.checkInCadenceDays,
  tags: a.tags,
  custom_fields: a.customFields,
  external_ids: a.externalIds,
});
