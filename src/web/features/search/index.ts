import type { WebFeature } from '../feature.ts';

// The command palette (Ctrl/Cmd+K) the app layout shows: it contributes no page of its own.
export const feature = {} satisfies WebFeature;

export { GlobalSearch, globalSearch } from './GlobalSearch.tsx';
