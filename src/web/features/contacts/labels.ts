import type { Contact } from '../../api.ts';

export type ContactRole = NonNullable<Contact['role']>;

export const contactRoleLabels: Record<ContactRole, string> = {
  decision_maker: 'Decision maker',
  champion: 'Champion',
  influencer: 'Influencer',
  user: 'User',
  billing: 'Billing',
  other: 'Other',
};
export const contactRoleOptions = (Object.keys(contactRoleLabels) as ContactRole[]).map((value) => ({
  value,
  label: contactRoleLabels[value],
}));
