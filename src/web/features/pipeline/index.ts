import { IconLayoutKanban } from '@tabler/icons-react';
import type { WebFeature } from '../feature.ts';
import { pipelineRoutes } from './routes.tsx';

// The pipeline: open opportunities by stage, as a board and as a table.
export const feature = {
  routes: pipelineRoutes,
  nav: {
    path: '/pipeline',
    label: 'Pipeline',
    icon: IconLayoutKanban,
    order: 30,
    purpose: 'Open opportunities by stage, as a board and as a table.',
  },
} satisfies WebFeature;
