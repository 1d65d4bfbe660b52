import type { engagementStatuses } from '../../../core/schemas/delivery.ts';
import type { Me } from '../../api.ts';

export type EngagementStatus = (typeof engagementStatuses)[number];

export const engagementStatusLabels: Record<EngagementStatus, string> = {
  proposed: 'Proposed',
  contracted: 'Contracted',
  in_progress: 'In progress',
  delivered: 'Delivered',
  cancelled: 'Cancelled',
};
export const engagementStatusColors: Record<EngagementStatus, string> = {
  proposed: 'gray',
  contracted: 'blue',
  in_progress: 'violet',
  delivered: 'green',
  cancelled: 'dark',
};

const percent = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 0 });
/** A share (0–1) as a percentage; a dash when there is nothing to measure. */
export const formatRate = (r: number | null | undefined) =>
  r === null || r === undefined ? '—' : percent.format(r);

const stars = new Intl.NumberFormat(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
/** An average rating out of 5, or a dash when no engagement is rated. */
export const formatRating = (r: number | null | undefined) =>
  r === null || r === undefined ? '—' : `${stars.format(r)} / 5`;

/** Admins, managers and account managers keep the vendors directory. */
export const canEditVendors = (me: Me) =>
  me.role === 'admin' || me.role === 'manager' || me.role === 'account_manager';
