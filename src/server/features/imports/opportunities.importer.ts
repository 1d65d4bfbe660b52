/**
 * Opportunities from a file (a Salesforce report, a HubSpot deals export): the API's schema and
 * stage rules (probability and forecast category by stage, a lost reason for closed_lost, the
 * close date), matched by Steward id, external id, then name within the account. History comes in
 * as it was: a deal already closed_won creates no contract and renews nothing, and its closedAt is
 * its close date.
 */
import { sql } from 'drizzle-orm';
import { opportunityPatch, opportunityWrite } from '../../../core/schemas/revenue.ts';
import { rawRows } from '../../db/index.ts';
import { accounts } from '../accounts/index.ts';
import { opportunities, stageFields } from '../opportunities/index.ts';
import { validateRow } from './importer.ts';
import { pick, recordImporter, ruleErrors } from './records.ts';
import { resolveUser } from './references.ts';

const fields = [
  'name',
  'type',
  'stage',
  'amount',
  'probability',
  'forecastCategory',
  'closeDate',
  'source',
  'nextStep',
  'nextStepDue',
  'lostReason',
] as const;
const schemas = {
  write: opportunityWrite.omit({ contract: true, productIds: true, contractId: true }),
  patch: opportunityPatch.omit({ contract: true, productIds: true, contractId: true }),
};
const fieldOfPath = { ownerId: 'owner', accountId: 'account' };

export const opportunitiesImporter = recordImporter({
  table: opportunities,
  entityType: 'opportunity',
  audit: { created: 'opportunity.created', updated: 'opportunity.updated' },
  externalIds: true,
  fields: [...fields, 'ownerId'],
  naturalKey: (v) => (typeof v.name === 'string' ? v.name.trim().toLowerCase() : null),
  naturalSql: sql`lower(name)`,
  async build(p, ctx, accountId, match) {
    const [account] = await rawRows<{ ownerId: string; band: 'green' | 'yellow' | 'red' | null }>(
      ctx.tx,
      sql`select owner_id as "ownerId", health_band as band from ${accounts} where id = ${accountId}`,
    );
    const input: Record<string, unknown> = pick(p.values, fields);
    if (!match || p.refs.owner !== undefined) {
      const owner = resolveUser(
        ctx.users,
        p.refs.owner,
        ctx.plan.valueMaps.owner,
        ctx.plan.defaults.ownerId as string | undefined,
        account!.ownerId,
      );
      if ('message' in owner) {
        const column = ctx.columns.owner ?? 'owner';
        return { errors: [{ column: ctx.columns.owner ?? null, message: `${column}: ${owner.message}` }] };
      }
      input.ownerId = owner.id;
    }
    const checked = validateRow(schemas, input, ctx, { match, accountId }, fieldOfPath);
    if (!checked.ok) return { errors: checked.errors };
    const o = checked.value;
    const type = (o.type ?? match?.type) as string;
    let stage: ReturnType<typeof stageFields>;
    try {
      stage = stageFields(match as never, o, ctx.now, { type, band: account!.band });
    } catch (err) {
      return { errors: ruleErrors(err, ctx, fieldOfPath) };
    }
    const { closedAt, stageChangedAt, ...rest } = stage;
    // Closed history keeps its own close date as the moment it closed.
    const closed = closedAt
      ? { closedAt: new Date(`${rest.closeDate}T00:00:00.000Z`) }
      : closedAt === null
        ? { closedAt }
        : {};
    const moved = stageChangedAt ? { stageChangedAt } : {};
    if (match) {
      const changed = { ...o, ...rest };
      const stageMoved = changed.stage !== match.stage;
      return { values: { ...changed, ...(stageMoved ? { ...closed, ...moved } : {}) } };
    }
    return {
      values: {
        name: o.name,
        type,
        amount: o.amount ?? 0,
        ...rest,
        ...closed,
        ...moved,
        ownerId: o.ownerId,
        source: o.source ?? null,
        nextStep: o.nextStep ?? null,
        nextStepDue: o.nextStepDue ?? null,
        createdById: ctx.actor.userId,
      },
    };
  },
});
