import { lazyRouteComponent } from '@tanstack/react-router';
import type { WebFeature } from '../feature.ts';

// The contacts feature's public surface: its account-page tab, and the contact list, picker and
// labels other features use.
const ContactsTab = lazyRouteComponent(() => import('./ContactsTab.tsx'), 'ContactsTab');

export const feature = {
  accountTab: { key: 'contacts', label: 'Contacts', order: 20, component: ContactsTab },
} satisfies WebFeature;

export { ContactsPicker } from './ContactsPicker.tsx';
export { contactKeys, contactsQuery } from './contacts.api.ts';
export { contactRoleLabels } from './labels.ts';
