import type { Feature } from '../../feature.ts';
import { settings } from './settings.table.ts';

export const settingsFeature: Feature = { name: 'settings', tables: { settings } };
export { authSecret, getSetting, putSetting } from './settings.service.ts';
export { settings };
