import { AppError } from '../../../core/errors.ts';
import type { NewEvent } from '../../../core/events.ts';
import { dayOf } from '../../../core/rules/dates.ts';
import { dealDefaults, isClosed, type LikelihoodBand, type Stage } from '../../../core/rules/forecast.ts';
import type { AuditAction } from '../../../core/schemas/people.ts';
import type { Opportunity, OpportunityPatch, OpportunityWrite } from '../../../core/schemas/revenue.ts';

type StageInput = Pick<
  OpportunityPatch,
  'stage' | 'probability' | 'forecastCategory' | 'closeDate' | 'lostReason'
>;

/**
 * The stage-driven fields of a create (`before` null) or a change. Probability and forecast
 * category come from the stage whenever it is set or changes — for a renewal in an open stage, from
 * its account's health band (`deal.band`, renewal likelihood) — unless the same request overrides
 * them while the stage is open; a closed stage forces them. Closing sets closedAt (and closeDate,
 * today unless given); reopening clears closedAt. closed_lost needs a lostReason. Setting the stage
 * on create, or changing it, stamps stageChangedAt with the write's moment.
 */
export function stageFields(
  before: Opportunity | null,
  input: StageInput,
  now: Date,
  deal: { type: string; band: LikelihoodBand },
) {
  const today = dayOf(now);
  const stage: Stage = input.stage ?? before?.stage ?? 'prospecting';
  const changed = !before || stage !== before.stage;
  const defaults = dealDefaults(stage, deal.type, deal.band);
  const closed = isClosed(stage);
  const probability = closed
    ? defaults.probability
    : (input.probability ?? (changed ? defaults.probability : before.probability));
  const forecastCategory = closed
    ? defaults.forecastCategory
    : (input.forecastCategory ?? (changed ? defaults.forecastCategory : before.forecastCategory));
  if (!closed && forecastCategory === 'closed') {
    throw invalid('forecastCategory', 'is closed only for a closed_won opportunity');
  }
  const closing = closed && changed;
  const reopening = !closed && before !== null && isClosed(before.stage);
  const closeDate = input.closeDate ?? (closing ? today : before?.closeDate);
  if (!closeDate) throw invalid('closeDate', 'is required for an open opportunity');
  const lostReason = (input.lostReason === undefined ? before?.lostReason : input.lostReason) || null;
  if (stage === 'closed_lost' && !lostReason) throw invalid('lostReason', 'is required for closed_lost');
  return {
    stage,
    probability,
    forecastCategory,
    closeDate,
    lostReason,
    closedAt: closing ? now : reopening ? null : undefined,
    stageChangedAt: changed ? now : undefined,
  };
}

/**
 * A request's `contract` goes only with a write that closes a new_business, upsell or cross_sell
 * deal as won: that is when a contract is created.
 */
export function assertWonContract(
  contract: WonContract,
  before: Stage | null,
  after: { stage: Stage; type: string },
): void {
  if (contract === undefined) return;
  const winning = after.stage === 'closed_won' && before !== 'closed_won';
  if (!winning || after.type === 'renewal') {
    throw invalid(
      'contract',
      'goes only with a write that closes a new_business, upsell or cross_sell deal as closed_won',
    );
  }
  if (contract?.startDate && contract.endDate && contract.endDate < contract.startDate) {
    throw invalid('contract.endDate', 'must be on or after contract.startDate');
  }
}

/** The audit action of a change, by what it did to the stage. */
export function actionOf(before: Stage, after: Stage): AuditAction {
  if (before === after) return 'opportunity.updated';
  if (after === 'closed_won') return 'opportunity.won';
  if (after === 'closed_lost') return 'opportunity.lost';
  if (isClosed(before)) return 'opportunity.reopened';
  return 'opportunity.stage_changed';
}

const invalid = (path: string, message: string) =>
  new AppError('validation', `${path} ${message}.`, { errors: [{ path, message }] });

type Deal = {
  id: string;
  accountId: string;
  name: string;
  type: string;
  stage: Stage;
  amount: number;
  closeDate: string;
  contractId: string | null;
  lostReason: string | null;
};

/** What a request says about the contract a win creates: changes to it, or null for none. */
export type WonContract = OpportunityWrite['contract'];

/**
 * The events of a write that took an opportunity from `before` (null: created) to `after`; a win
 * carries the request's `contract` (on opportunity.won contracts create or renew the contract).
 */
export function stageEvents(before: Deal | null, after: Deal, contract?: WonContract): NewEvent[] {
  const accountId = after.accountId;
  const opportunityId = after.id;
  const events: NewEvent[] = [];
  if (!before) {
    events.push({
      type: 'opportunity.created',
      accountId,
      data: { opportunityId, type: after.type, amount: after.amount },
    });
  } else if (before.stage !== after.stage) {
    const data = { opportunityId, from: before.stage, to: after.stage };
    events.push({ type: 'opportunity.stage_changed', accountId, data });
  }
  if (before?.stage === after.stage) return events;
  if (after.stage === 'closed_won') {
    const data = {
      opportunityId,
      name: after.name,
      type: after.type,
      amount: after.amount,
      closeDate: after.closeDate,
      contractId: after.contractId,
      ...(contract === undefined ? {} : { contract }),
    };
    events.push({ type: 'opportunity.won', accountId, data });
  } else if (after.stage === 'closed_lost') {
    const data = { opportunityId, type: after.type, reason: after.lostReason };
    events.push({ type: 'opportunity.lost', accountId, data });
  }
  return events;
}
