import type { Feature } from '../../feature.ts';

export const timelineFeature: Feature = { name: 'timeline' };
export { accountTimeline } from './timeline.service.ts';
