import type { Reactions } from '../../feature.ts';
import { assertContactsOfAccount } from './contacts.service.ts';

/** What contacts check, in the writer's transaction, when other features name them. */
export const contactReactions: Reactions = {
  // An activity may name only contacts of its own account (400 naming contactIds.N).
  'activity.logged': async (tx, event) => {
    await assertContactsOfAccount(tx, event.accountId!, event.data.contactIds);
  },
  'activity.updated': async (tx, event) => {
    if (event.data.contactIds) await assertContactsOfAccount(tx, event.accountId!, event.data.contactIds);
  },
};
