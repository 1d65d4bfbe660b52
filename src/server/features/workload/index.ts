import type { Feature } from '../../feature.ts';

export const workloadFeature: Feature = { name: 'workload', routes: () => {} };
