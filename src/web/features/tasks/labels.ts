import type { Task } from '../../api.ts';

export type TaskPriority = Task['priority'];
export type TaskStatus = Task['status'];

export const priorityLabels: Record<TaskPriority, string> = {
  low: 'Low',
  normal: 'Normal',
  high: 'High',
  urgent: 'Urgent',
};
export const priorityColors: Record<TaskPriority, string> = {
  low: 'gray',
  normal: 'blue',
  high: 'orange',
  urgent: 'red',
};
export const priorityOptions = (Object.keys(priorityLabels) as TaskPriority[]).map((value) => ({
  value,
  label: priorityLabels[value],
}));
export const statusLabels: Record<TaskStatus, string> = {
  open: 'Open',
  in_progress: 'In progress',
  done: 'Done',
  cancelled: 'Cancelled',
};
export const isOpenTask = (t: Pick<Task, 'status'>) => t.status === 'open' || t.status === 'in_progress';
