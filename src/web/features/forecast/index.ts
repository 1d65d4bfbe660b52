import { IconChartLine } from '@tabler/icons-react';
import type { WebFeature } from '../feature.ts';
import { forecastRoutes } from './routes.tsx';

// The forecast against quota, and the quarters and "whose numbers" choice the pipeline, opportunities
// and reports share with it.
export const feature = {
  routes: forecastRoutes,
  nav: {
    path: '/forecast',
    label: 'Forecast',
    icon: IconChartLine,
    order: 50,
    purpose: 'The revenue forecast against quota.',
  },
} satisfies WebFeature;

export {
  isIsoDate,
  parseQuarter,
  type Quarter,
  quarterKey,
  quarterLabel,
  quarterOf,
  quarterRange,
  shiftQuarter,
  thisQuarter,
} from './periods.ts';
export { QuarterPicker } from './QuarterPicker.tsx';
export { quarterOfSearch, quarterParam } from './search.ts';
export { isWho, scopeOf, useWhoOptions } from './who.ts';
