import type { Reactions } from '../../feature.ts';
import { refreshLastTouches } from './activities.service.ts';

/** What activities keep true when other features write: the last touch of imported history. */
export const activityReactions: Reactions = {
  'import.rows_written': async (tx, event) => {
    if (event.data.entity === 'activities') await refreshLastTouches(tx, event.data.accountIds);
  },
};
