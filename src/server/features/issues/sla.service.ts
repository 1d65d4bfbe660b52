import { defaultSlaHours, type SlaHours } from '../../../core/rules/sla.ts';
import { diff, record } from '../../audit/record.ts';
import { requireRole } from '../../auth/actor.ts';
import type { WriteContext } from '../../auth/context.ts';
import type { Db } from '../../db/index.ts';
import { getSetting, putSetting } from '../settings/index.ts';

const SLA_KEY = 'sla_hours';

/** SLA hours per severity: the saved ones, or the default (p1 4, p2 24, p3 72, p4 168; docs/domain-rules.md#issue-sla). */
export async function getSlaHours(db: Db): Promise<SlaHours> {
  return { ...defaultSlaHours, ...(await getSetting<Partial<SlaHours>>(db, SLA_KEY)) };
}

/** Admins only. New hours apply to issues opened or re-graded from now on. */
export async function putSlaHours(db: Db, ctx: WriteContext, hours: SlaHours): Promise<SlaHours> {
  requireRole(ctx.actor, 'admin');
  return db.transaction(async (tx) => {
    const before = await getSlaHours(tx);
    await putSetting(tx, SLA_KEY, hours);
    await record(tx, ctx.actor, {
      action: 'sla_hours.updated',
      entityType: 'settings',
      entityId: SLA_KEY,
      ip: ctx.ip,
      changes: diff({ ...before }, { ...hours }),
    });
    return hours;
  });
}
