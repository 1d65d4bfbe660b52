// The web features, one line each. The router, the navigation, the command palette, the account
// page and the settings page are built from this list (see feature.ts); the order of the lines does
// not matter, as each entry carries its own order.
export { feature as accounts } from './accounts/index.ts';
export { feature as activities } from './activities/index.ts';
export { feature as apiKeys } from './api-keys/index.ts';
export { feature as backup } from './backup/index.ts';
export { feature as calendar } from './calendar/index.ts';
export { feature as contacts } from './contacts/index.ts';
export { feature as contracts } from './contracts/index.ts';
export { feature as feedback } from './feedback/index.ts';
export { feature as forecast } from './forecast/index.ts';
export { feature as health } from './health/index.ts';
export { feature as imports } from './imports/index.ts';
export { feature as issues } from './issues/index.ts';
export { feature as mail } from './mail/index.ts';
export { feature as meetings } from './meetings/index.ts';
export { feature as myDay } from './my-day/index.ts';
export { feature as notifications } from './notifications/index.ts';
export { feature as opportunities } from './opportunities/index.ts';
export { feature as overview } from './overview/index.ts';
export { feature as pipeline } from './pipeline/index.ts';
export { feature as playbooks } from './playbooks/index.ts';
export { feature as profile } from './profile/index.ts';
export { feature as renewals } from './renewals/index.ts';
export { feature as reports } from './reports/index.ts';
export { feature as search } from './search/index.ts';
export { feature as session } from './session/index.ts';
export { feature as settings } from './settings/index.ts';
export { feature as setup } from './setup/index.ts';
export { feature as tasks } from './tasks/index.ts';
export { feature as team } from './team/index.ts';
export { feature as teams } from './teams/index.ts';
export { feature as timeline } from './timeline/index.ts';
export { feature as users } from './users/index.ts';
export { feature as webhooks } from './webhooks/index.ts';
