import { AppError } from '../../../core/errors.ts';
import { isClosed, type Stage, stageDefaults } from '../../../core/rules/forecast.ts';
import type { Opportunity, OpportunityPatch } from '../../../core/schemas/revenue.ts';

type StageInput = Pick<
  OpportunityPatch,
  'stage' | 'probability' | 'forecastCategory' | 'closeDate' | 'lostReason'
>;

/**
 * The stage-driven fields of a create (`before` null) or a change. Probability and forecast
 * category come from the stage whenever it is set or changes, unless the same request overrides
 * them while the stage is open; a closed stage forces them. Closing sets closedAt (and closeDate,
 * today unless given); reopening clears closedAt. closed_lost needs a lostReason.
 */
export function stageFields(before: Opportunity | null, input: StageInput, today: string) {
  const stage: Stage = input.stage ?? before?.stage ?? 'prospecting';
  const changed = !before || stage !== before.stage;
  const defaults = stageDefaults[stage];
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
    closedAt: closing ? new Date() : reopening ? null : undefined,
  };
}

/** The audit action of a change, by what it did to the stage. */
export function actionOf(before: Stage, after: Stage): string {
  if (before === after) return 'opportunity.updated';
  if (after === 'closed_won') return 'opportunity.won';
  if (after === 'closed_lost') return 'opportunity.lost';
  if (isClosed(before)) return 'opportunity.reopened';
  return 'opportunity.stage_changed';
}

const invalid = (path: string, message: string) =>
  new AppError('validation', `${path} ${message}.`, { errors: [{ path, message }] });
