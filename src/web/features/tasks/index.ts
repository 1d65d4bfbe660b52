import { lazyRouteComponent } from '@tanstack/react-router';
import type { WebFeature } from '../feature.ts';

// The tasks feature's public surface: its account-page tab, and the task query, labels and update
// the overview and My day use.
const TasksTab = lazyRouteComponent(() => import('./TasksTab.tsx'), 'TasksTab');

export const feature = {
  accountTab: { key: 'tasks', label: 'Tasks', order: 50, component: TasksTab },
} satisfies WebFeature;

export { isOpenTask, priorityColors, priorityLabels } from './labels.ts';
export { accountTasksQuery, useUpdateTask } from './tasks.api.ts';
