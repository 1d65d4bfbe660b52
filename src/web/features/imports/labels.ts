import type { ImportEntity, ImportMode, ImportStatus } from './imports.api.ts';

export const entityLabels: Record<ImportEntity, string> = {
  accounts: 'Accounts',
  contacts: 'Contacts',
  opportunities: 'Opportunities',
  contracts: 'Contracts',
  activities: 'Activities',
  signals: 'Health signals',
};
export const entityOptions = Object.entries(entityLabels).map(([value, label]) => ({ value, label }));

export const modeLabels: Record<ImportMode, string> = {
  create_only: 'Create new records only',
  update_only: 'Update existing records only',
  upsert: 'Create new and update existing',
};
export const modeOptions = Object.entries(modeLabels).map(([value, label]) => ({ value, label }));

export const statusLabels: Record<ImportStatus, string> = {
  analysed: 'Not run',
  running: 'Running',
  completed: 'Completed',
  cancelled: 'Cancelled',
  failed: 'Failed',
};
export const statusColors: Record<ImportStatus, string> = {
  analysed: 'gray',
  running: 'blue',
  completed: 'green',
  cancelled: 'yellow',
  failed: 'red',
};

export const sourceLabels: Record<string, string> = {
  steward: 'Steward export',
  salesforce: 'Salesforce export',
  hubspot: 'HubSpot export',
  generic: 'Spreadsheet',
};

/** How a delimiter reads in a sentence. */
export const delimiterLabel = (d: string) =>
  d === ',' ? 'comma' : d === ';' ? 'semicolon' : d === '\t' ? 'tab' : `“${d}”`;

/** A value of a closed list as people read it: `mid_market` → "Mid market". */
export const humanize = (v: string) => {
  const s = v.replaceAll('_', ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
};

/** A custom field's key proposed from a column's header: `Country/Region` → `countryRegion`. */
export function customFieldKey(header: string): string {
  const words = header
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  const key = words
    .map((w, i) => (i === 0 ? w.toLowerCase() : w.charAt(0).toUpperCase() + w.slice(1).toLowerCase()))
    .join('');
  return key.slice(0, 100) || 'field';
}
