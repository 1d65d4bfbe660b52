import type { WorkloadStatus } from '../../../core/schemas/delivery.ts';

export const workloadStatusLabels: Record<WorkloadStatus, string> = {
  under: 'Has room',
  full: 'Nearly full',
  over: 'Over capacity',
};

/** A cell's colours: over red, full yellow, under green; an empty week stays plain. */
export function cellColors(status: WorkloadStatus, load: number): { bg: string; fg?: string } {
  if (status === 'over')
    return { bg: 'var(--mantine-color-red-light)', fg: 'var(--mantine-color-red-light-color)' };
  if (status === 'full')
    return { bg: 'var(--mantine-color-yellow-light)', fg: 'var(--mantine-color-yellow-light-color)' };
  if (load === 0) return { bg: 'transparent' };
  return { bg: 'var(--mantine-color-green-light)', fg: 'var(--mantine-color-green-light-color)' };
}

export const points = (n: number) => `${n} ${n === 1 ? 'point' : 'points'}`;
