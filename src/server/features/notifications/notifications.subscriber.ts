import { and, eq } from 'drizzle-orm';
import type { DomainEvent } from '../../../core/events.ts';
import { readableInstant } from '../../../core/rules/dates.ts';
import { mentionedIds } from '../../../core/rules/mentions.ts';
import { users } from '../../auth/auth.table.ts';
import type { Db } from '../../db/index.ts';
import type { Subscriber } from '../../feature.ts';
import { accounts } from '../accounts/index.ts';
import { activities } from '../activities/index.ts';
import { issues, issueUpdates } from '../issues/index.ts';
import { opportunities } from '../opportunities/index.ts';
import { clientRequests, deliverables, projects } from '../projects/index.ts';
import { tasks } from '../tasks/index.ts';
import { type NotifyInput, notify } from './notifications.service.ts';
import { notifications } from './notifications.table.ts';

const bandLabel = (band: string | null) => band ?? 'no band';

async function accountOf(tx: Db, id: string | null) {
  if (!id) return null;
  const [row] = await tx
    .select({ id: accounts.id, name: accounts.name, ownerId: accounts.ownerId })
    .from(accounts)
    .where(eq(accounts.id, id));
  return row ?? null;
}

async function actorName(tx: Db, actorId: string | null): Promise<string> {
  if (!actorId) return 'Steward';
  const [row] = await tx.select({ name: users.name }).from(users).where(eq(users.id, actorId));
  return row?.name ?? 'Someone';
}

/** The active people a text mentions, but not those already told of a mention in `ref`. */
async function mentioned(tx: Db, text: string | null, ref: { type: string; id: string }) {
  if (!text?.includes('@')) return [];
  const people = await tx
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(eq(users.active, true));
  const ids = mentionedIds(text, people);
  if (!ids.length) return [];
  const told = await tx
    .select({ userId: notifications.userId })
    .from(notifications)
    .where(
      and(
        eq(notifications.kind, 'mention'),
        eq(notifications.refType, ref.type),
        eq(notifications.refId, ref.id),
      ),
    );
  return ids.filter((id) => !told.some((t) => t.userId === id));
}

const excerpt = (text: string) => (text.length > 280 ? `${text.slice(0, 279)}…` : text);

/** What to tell whom about one event; null when nobody is to be told. */
async function toldOf(tx: Db, event: DomainEvent): Promise<Omit<NotifyInput, 'now' | 'config'>[]> {
  const base = { actorId: event.actorId, eventId: event.id, accountId: event.accountId };
  switch (event.type) {
    case 'task.assigned': {
      const [task] = await tx.select().from(tasks).where(eq(tasks.id, event.data.taskId));
      if (!task) return [];
      const account = await accountOf(tx, task.accountId);
      const by = await actorName(tx, event.actorId);
      return [
        {
          ...base,
          userIds: [event.data.assigneeId],
          kind: 'task_assigned',
          title: `${by} assigned you a task: ${task.title}`,
          body: account ? `On ${account.name}${task.dueDate ? `, due ${task.dueDate}` : ''}` : null,
          ref: { type: 'task', id: task.id },
        },
      ];
    }
    case 'deliverable.assigned': {
      const [deliverable] = await tx
        .select({
          id: deliverables.id,
          name: deliverables.name,
          dueDate: deliverables.dueDate,
          accountId: deliverables.accountId,
          projectName: projects.name,
        })
        .from(deliverables)
        .innerJoin(projects, eq(projects.id, deliverables.projectId))
        .where(eq(deliverables.id, event.data.deliverableId));
      if (!deliverable) return [];
      const account = await accountOf(tx, deliverable.accountId);
      const by = await actorName(tx, event.actorId);
      return [
        {
          ...base,
          userIds: [event.data.assigneeId],
          kind: 'deliverable_assigned',
          title: `${by} assigned you a deliverable: ${deliverable.name}`,
          body: `${deliverable.projectName}${account ? ` for ${account.name}` : ''}, due ${deliverable.dueDate}`,
          ref: { type: 'deliverable', id: deliverable.id },
        },
      ];
    }
    case 'client_request.created': {
      const [request] = await tx
        .select({
          id: clientRequests.id,
          title: clientRequests.title,
          dueDate: clientRequests.dueDate,
          accountId: clientRequests.accountId,
        })
        .from(clientRequests)
        .where(eq(clientRequests.id, event.data.requestId));
      if (!request) return [];
      const account = await accountOf(tx, request.accountId);
      if (!account) return [];
      const by = await actorName(tx, event.actorId);
      // The account's owner chases it; a request they logged themselves needs no telling (notify
      // leaves out the actor).
      return [
        {
          ...base,
          userIds: [account.ownerId],
          kind: 'client_request_assigned',
          title: `${by} logged a client request on ${account.name}: ${request.title}`,
          body: `Due from the client ${request.dueDate}`,
          ref: { type: 'client_request', id: request.id },
        },
      ];
    }
    case 'issue.created':
    case 'issue.updated': {
      const assigneeId = event.data.assigneeId;
      if (!assigneeId) return [];
      if (event.type === 'issue.updated' && !event.data.fields.includes('assigneeId')) return [];
      const [issue] = await tx.select().from(issues).where(eq(issues.id, event.data.issueId));
      if (!issue) return [];
      const account = await accountOf(tx, issue.accountId);
      const by = await actorName(tx, event.actorId);
      return [
        {
          ...base,
          userIds: [assigneeId],
          kind: 'issue_assigned',
          title: `${by} assigned you an issue: ${issue.title}`,
          body: `${issue.severity.toUpperCase()} on ${account?.name ?? 'an account'}`,
          ref: { type: 'issue', id: issue.id },
        },
      ];
    }
    case 'issue.breached': {
      const [issue] = await tx.select().from(issues).where(eq(issues.id, event.data.issueId));
      if (!issue) return [];
      const account = await accountOf(tx, issue.accountId);
      return [
        {
          ...base,
          userIds: [account?.ownerId, event.data.assigneeId].filter((id): id is string => Boolean(id)),
          kind: 'issue_breached',
          title: `SLA breached: ${issue.title}`,
          body: `${event.data.severity.toUpperCase()} on ${account?.name ?? 'an account'}, SLA passed ${readableInstant(event.data.slaDueAt)}`,
          ref: { type: 'issue', id: issue.id },
        },
      ];
    }
    case 'health.band_changed': {
      const account = await accountOf(tx, event.accountId);
      if (!account) return [];
      const score = event.data.score === null ? '' : ` (score ${event.data.score})`;
      return [
        {
          ...base,
          userIds: [account.ownerId],
          kind: 'health_band_changed',
          title: `${account.name} is now ${bandLabel(event.data.to)}`,
          body: `Health went from ${bandLabel(event.data.from)} to ${bandLabel(event.data.to)}${score}`,
          ref: { type: 'account', id: account.id },
        },
      ];
    }
    case 'opportunity.created': {
      if (event.data.type !== 'renewal') return [];
      const account = await accountOf(tx, event.accountId);
      const [deal] = await tx
        .select({ id: opportunities.id, name: opportunities.name })
        .from(opportunities)
        .where(eq(opportunities.id, event.data.opportunityId));
      if (!account || !deal) return [];
      return [
        {
          ...base,
          userIds: [account.ownerId],
          kind: 'renewal_opened',
          title: `Renewal opened on ${account.name}: ${deal.name}`,
          body: null,
          ref: { type: 'opportunity', id: deal.id },
        },
      ];
    }
    case 'activity.logged':
    case 'activity.updated': {
      const [activity] = await tx.select().from(activities).where(eq(activities.id, event.data.activityId));
      if (!activity) return [];
      const ref = { type: 'activity', id: activity.id };
      const userIds = await mentioned(tx, activity.body, ref);
      if (!userIds.length) return [];
      const by = await actorName(tx, event.actorId);
      return [
        {
          ...base,
          userIds,
          kind: 'mention',
          title: `${by} mentioned you in ${activity.subject}`,
          body: excerpt(activity.body ?? ''),
          ref,
        },
      ];
    }
    case 'issue.update_posted': {
      const [post] = await tx
        .select({ body: issueUpdates.body, title: issues.title, issueId: issues.id })
        .from(issueUpdates)
        .innerJoin(issues, eq(issues.id, issueUpdates.issueId))
        .where(eq(issueUpdates.id, event.data.updateId));
      if (!post) return [];
      const ref = { type: 'issue', id: post.issueId };
      // Each post is its own mention: one per post, not once per issue.
      const people = await tx
        .select({ id: users.id, name: users.name, email: users.email })
        .from(users)
        .where(eq(users.active, true));
      const userIds = mentionedIds(post.body, people);
      if (!userIds.length) return [];
      const by = await actorName(tx, event.actorId);
      return [
        {
          ...base,
          userIds,
          kind: 'mention',
          title: `${by} mentioned you on the issue ${post.title}`,
          body: excerpt(post.body),
          ref,
        },
      ];
    }
    default:
      return [];
  }
}

/** Turns the events people care about into their notifications, after the write commits. */
export const notificationsSubscriber: Subscriber = {
  name: 'notifications',
  types: [
    'task.assigned',
    'deliverable.assigned',
    'client_request.created',
    'issue.created',
    'issue.updated',
    'issue.breached',
    'issue.update_posted',
    'health.band_changed',
    'opportunity.created',
    'activity.logged',
    'activity.updated',
  ],
  async handle(tx, event, { config }) {
    const now = new Date(event.occurredAt);
    for (const input of await toldOf(tx, event)) await notify(tx, { ...input, now, config });
  },
};
