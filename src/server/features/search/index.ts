import type { Feature } from '../../feature.ts';

export const searchFeature: Feature = { name: 'search' };
export { search } from './search.service.ts';
