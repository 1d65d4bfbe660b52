import type { Feature } from '../../feature.ts';
import { contactReactions } from './contacts.reactions.ts';
import { contactsRoutes } from './contacts.routes.ts';
import { contacts } from './contacts.table.ts';

export const contactsFeature: Feature = {
  name: 'contacts',
  routes: contactsRoutes,
  tables: { contacts },
  reactions: contactReactions,
};
export { assertContactsOfAccount, contactMatches, contactName, listContacts } from './contacts.service.ts';
export { contacts };
