import type { Role } from '../../api.ts';

export const roles: readonly Role[] = ['admin', 'manager', 'account_manager', 'member', 'viewer'];

const labels: Record<Role, string> = {
  admin: 'Admin',
  manager: 'Manager',
  account_manager: 'Account manager',
  member: 'Member',
  viewer: 'Viewer',
};

const descriptions: Record<Role, string> = {
  admin: 'Sees everything; manages settings, users and teams.',
  manager: 'Their own book plus the accounts of the teams they manage.',
  account_manager: 'Accounts they own or are on the account team of.',
  member: 'Accounts whose account team they are on.',
  viewer: 'Every account, read-only.',
};

export function roleLabel(role: Role): string {
  return labels[role];
}

export function roleDescription(role: Role): string {
  return descriptions[role];
}

export const roleOptions = roles.map((r) => ({ value: r, label: labels[r] }));
