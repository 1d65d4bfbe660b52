import type { Faker } from '@faker-js/faker';
import { sql } from 'drizzle-orm';
import { finishedStatuses } from '../../core/rules/revisions.ts';
import type { DeliverableStatus } from '../../core/schemas/delivery.ts';
import { newId } from '../db/columns.ts';
import type { Db } from '../db/index.ts';
import { accountTeamMembers } from '../features/accounts/index.ts';
import {
  clientRequests,
  deliverableReviews,
  deliverables,
  projects,
  vendorEngagements,
  vendors,
} from '../features/projects/index.ts';
import { tasks } from '../features/tasks/index.ts';
import { insertChunked } from './factories.ts';

/**
 * The demo's agency book: projects, campaigns and retainers on a third of the accounts, their
 * deliverables (every status, review rounds, a few past the included rounds with their change-order
 * task), client requests (some overdue), a dozen vendors and their engagements (some delivered late),
 * and a crunch: a few people over their weekly capacity this week and next.
 */

const DAY = 86_400_000;

type ProjectRow = typeof projects.$inferInsert;
type DeliverableRow = typeof deliverables.$inferInsert;
type ReviewRow = typeof deliverableReviews.$inferInsert;
type RequestRow = typeof clientRequests.$inferInsert;
type EngagementRow = typeof vendorEngagements.$inferInsert;
type TaskRow = typeof tasks.$inferInsert;

const vendorList: { name: string; category: string }[] = [
  { name: 'Northlight Photography', category: 'Photography' },
  { name: 'Studio Halden', category: 'Photography' },
  { name: 'Inkwell Print Works', category: 'Print' },
  { name: 'Copperplate Press', category: 'Print' },
  { name: 'Reelhouse Films', category: 'Video production' },
  { name: 'Frame & Fable', category: 'Video production' },
  { name: 'Blueline Media', category: 'Media buying' },
  { name: 'Signal Buying Partners', category: 'Media buying' },
  { name: 'Polyglot Translations', category: 'Translation' },
  { name: 'Lingua Bridge', category: 'Translation' },
  { name: 'Stackform Development', category: 'Development' },
  { name: 'Pixel Foundry', category: 'Development' },
];

const deliverableNames: Record<string, string[]> = {
  project: [
    'Brand guidelines',
    'Logo refresh',
    'Website wireframes',
    'Homepage design',
    'Product page copy',
    'Launch video storyboard',
    'Sales deck',
    'Photo shoot selects',
    'Brochure layout',
    'Trade show booth graphics',
  ],
  campaign: [
    'Campaign brief',
    'Key visual',
    'Social ad set',
    'Display banners',
    'Landing page',
    'Email sequence',
    'Video cut-downs',
    'Media plan',
    'Influencer shortlist',
    'Results report',
  ],
  retainer: [
    'Monthly content calendar',
    'Blog articles',
    'Newsletter',
    'Social posts',
    'SEO audit',
    'Performance report',
    'Paid search optimisation',
    'Quarterly review deck',
  ],
};

const requestTitles: Record<(typeof clientRequests.$inferInsert)['kind'], string[]> = {
  asset: ['Logo files in vector format', 'Product photography', 'Brand fonts', 'Approved copy deck'],
  access: ['Google Ads account access', 'CMS login', 'Analytics view access', 'Social accounts access'],
  approval: [
    'Sign-off on the creative route',
    'Budget approval',
    'Legal review of claims',
    'Approval of the media plan',
  ],
  information: [
    'Target audience details',
    'Product launch dates',
    'Competitor list',
    'Last year\u2019s results',
  ],
};

export interface DeliveryInput {
  accounts: { id: string; ownerId: string; lifecycleStage: string }[];
  /** Each account's contacts (the client's people who review and answer requests). */
  contactsOf: Map<string, string[]>;
  /** account:user pairs already on account teams. */
  teamPairs: Set<string>;
  /** Who does the work: the members and account managers. */
  workers: string[];
  /** People given a lower weekly capacity, whose work is bunched this week and next. */
  crunch: { userId: string; capacity: number }[];
  now: Date;
}

export async function seedDelivery(tx: Db, h: Faker, input: DeliveryInput) {
  const { now } = input;
  const startOfToday = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const dayOf = (offset: number) => iso(startOfToday + offset * DAY);
  const daysFrom = (d: string) => Math.round((Date.parse(d) - startOfToday) / DAY);
  const monday = -((new Date(startOfToday).getUTCDay() + 6) % 7); // offset of this ISO week's Monday
  const at = (d: string, hour: number) => new Date(Date.parse(d) + hour * 3_600_000);
  const before = (a: Date) => (a.getTime() > now.getTime() ? new Date(now.getTime() - 3_600_000) : a);
  // One name per project on an account: a second "Rebrand 2026" there is its phase 2.
  const namesOnAccount = new Map<string, Set<string>>();
  const nameOnAccount = (accountId: string, base: string) => {
    const taken = namesOnAccount.get(accountId) ?? new Set<string>();
    namesOnAccount.set(accountId, taken);
    let name = base;
    for (let phase = 2; taken.has(name); phase++) name = `${base}, phase ${phase}`;
    taken.add(name);
    return name;
  };

  const vendorRows = vendorList.map((v) => ({
    id: newId(),
    name: v.name,
    category: v.category,
    email: `hello@${v.name.toLowerCase().replace(/[^a-z]+/g, '')}.example.com`,
    phone: `+1 555 01${String(h.number.int({ min: 10, max: 99 }))}`,
    website: `https://${v.name.toLowerCase().replace(/[^a-z]+/g, '')}.example.com`,
    notes: null as string | null,
    active: true,
  }));
  vendorRows[vendorRows.length - 1]!.active = false;
  vendorRows[vendorRows.length - 1]!.notes = 'Stopped taking new work in the spring.';

  const projectRows: ProjectRow[] = [];
  const deliverableRows: DeliverableRow[] = [];
  const reviewRows: ReviewRow[] = [];
  const requestRows: RequestRow[] = [];
  const engagementRows: EngagementRow[] = [];
  const taskRows: TaskRow[] = [];
  const newPairs: { accountId: string; userId: string }[] = [];
  const pair = (accountId: string, userId: string) => {
    const key = `${accountId}:${userId}`;
    if (input.teamPairs.has(key)) return;
    input.teamPairs.add(key);
    newPairs.push({ accountId, userId });
  };
  const crunchIds = input.crunch.map((c) => c.userId);
  // Owners whose first active project gets a deliverable well past due (off track on My day).
  const offTrackFor = new Set<string>();

  const booked = input.accounts.filter((_, i) => i % 3 === 0);
  for (const a of booked) {
    const n = h.number.int({ min: 1, max: 3 });
    for (let p = 0; p < n; p++) {
      const kind = h.helpers.weightedArrayElement([
        { value: 'project' as const, weight: 3 },
        { value: 'campaign' as const, weight: 2 },
        { value: 'retainer' as const, weight: 1 },
      ]);
      const status =
        a.lifecycleStage === 'churned'
          ? h.helpers.arrayElement(['completed', 'cancelled'] as const)
          : h.helpers.weightedArrayElement([
              { value: 'active' as const, weight: 12 },
              { value: 'planning' as const, weight: 2 },
              { value: 'on_hold' as const, weight: 1 },
              { value: 'completed' as const, weight: 3 },
            ]);
      let start: number;
      let end: number;
      if (status === 'planning') {
        start = h.number.int({ min: 5, max: 40 });
        end = start + h.number.int({ min: 30, max: 120 });
      } else if (status === 'completed' || status === 'cancelled') {
        end = -h.number.int({ min: 10, max: 120 });
        start = end - h.number.int({ min: 45, max: 200 });
      } else {
        start = -h.number.int({ min: 14, max: 150 });
        end = h.number.int({ min: 14, max: 150 });
      }
      if (kind === 'retainer' && status !== 'planning') end = Math.max(end, start + 364);
      if (kind === 'retainer' && (status === 'completed' || status === 'cancelled')) {
        end = -h.number.int({ min: 10, max: 60 });
        start = end - 364;
      }
      const team = [
        ...new Set(
          Array.from({ length: h.number.int({ min: 1, max: 3 }) }, () =>
            h.helpers.arrayElement(input.workers.filter((w) => w !== a.ownerId)),
          ),
        ),
      ];
      for (const c of crunchIds)
        if (!team.includes(c) && status === 'active' && h.number.float() < 0.3) team.push(c);
      for (const u of team) pair(a.id, u);
      const monthlyFee = kind === 'retainer' ? h.number.int({ min: 4, max: 24 }) * 500 : null;
      const names = deliverableNames[kind]!;
      const label =
        kind === 'retainer'
          ? h.helpers.arrayElement([
              'Content retainer',
              'Social retainer',
              'Always-on marketing',
              'SEO retainer',
            ])
          : kind === 'campaign'
            ? `${h.helpers.arrayElement(['Spring', 'Summer', 'Autumn', 'Holiday', 'Launch', 'Brand awareness'])} campaign`
            : h.helpers.arrayElement([
                'Website redesign',
                'Rebrand',
                'Product launch',
                'Annual report',
                'Sales toolkit',
              ]);
      const project: ProjectRow = {
        id: newId(),
        accountId: a.id,
        name: nameOnAccount(a.id, `${label} ${dayOf(start).slice(0, 4)}`),
        kind,
        status,
        startDate: dayOf(start),
        endDate: dayOf(end),
        budget: null,
        monthlyFee,
        scope:
          kind === 'retainer'
            ? 'Ongoing monthly work as agreed in the statement of work. Excludes media spend and printing.'
            : 'Concept, design and production of the deliverables listed. Two rounds of changes per deliverable; further rounds by change order.',
        goals: h.helpers.arrayElement([
          'Grow qualified leads by a quarter before year end.',
          'A consistent brand across every channel.',
          'Launch on time for the trade show.',
          'Lower the cost per acquisition below last year.',
        ]),
        ownerId: a.ownerId,
        teamMemberIds: team,
        createdById: a.ownerId,
        createdAt: new Date(Math.min(now.getTime(), startOfToday + (start - 14) * DAY)),
      };
      projectRows.push(project);
      const contactsOfAccount = input.contactsOf.get(a.id) ?? [];
      // (the owner too, when an account manager rather than a manager)
      const assignees = input.workers.includes(a.ownerId) ? [...team, a.ownerId] : team;

      // Deliverables spread over the project's dates; their status follows their due date.
      const count =
        status === 'planning' ? h.number.int({ min: 2, max: 4 }) : h.number.int({ min: 3, max: 8 });
      const mine: DeliverableRow[] = [];
      for (let d = 0; d < count; d++) {
        const due = Math.round(start + ((end - start) * (d + 1)) / (count + 1));
        const dueDate = dayOf(due);
        const includedRevisions = h.helpers.weightedArrayElement([
          { value: 2, weight: 6 },
          { value: 1, weight: 2 },
          { value: 3, weight: 1 },
        ]);
        let st: DeliverableStatus;
        if (status === 'planning') st = 'not_started';
        else if (status === 'completed') st = h.number.float() < 0.1 ? 'cancelled' : 'delivered';
        else if (status === 'cancelled') st = due < 0 ? 'delivered' : 'cancelled';
        else if (due < -7)
          st = h.helpers.weightedArrayElement([
            { value: 'delivered' as const, weight: 24 },
            { value: 'approved' as const, weight: 6 },
            { value: 'cancelled' as const, weight: 2 },
            { value: 'client_review' as const, weight: 1 },
          ]);
        else if (due < 0)
          st = h.helpers.weightedArrayElement([
            { value: 'delivered' as const, weight: 2 },
            { value: 'approved' as const, weight: 3 },
            { value: 'client_review' as const, weight: 2 },
            { value: 'changes_requested' as const, weight: 2 },
            { value: 'in_progress' as const, weight: 1 },
          ]);
        else if (due < 14)
          st = h.helpers.weightedArrayElement([
            { value: 'in_progress' as const, weight: 3 },
            { value: 'internal_review' as const, weight: 2 },
            { value: 'client_review' as const, weight: 2 },
            { value: 'changes_requested' as const, weight: 1 },
            { value: 'not_started' as const, weight: 1 },
          ]);
        else
          st = h.helpers.weightedArrayElement([
            { value: 'not_started' as const, weight: 4 },
            { value: 'in_progress' as const, weight: 2 },
            { value: 'internal_review' as const, weight: 1 },
          ]);
        const row: DeliverableRow = {
          id: newId(),
          projectId: project.id!,
          accountId: a.id,
          name: names[d % names.length]!,
          description: null,
          dueDate,
          assigneeId: h.helpers.arrayElement(assignees),
          effortPoints: h.helpers.arrayElement([1, 2, 2, 3, 3, 5, 8]),
          includedRevisions,
          status: st,
          revisionRounds: 0,
          changeOrderTaskId: null,
          approvedAt: null,
          deliveredAt: null,
          createdById: a.ownerId,
          createdAt: project.createdAt!,
        };
        mine.push(row);
      }
      // The owner's first active project has one deliverable well past due: off track.
      if (status === 'active' && !offTrackFor.has(a.ownerId) && start < -30) {
        const late = mine.find((d) => daysFrom(d.dueDate) < -8 && d.status !== 'cancelled') ?? mine[0]!;
        if (daysFrom(late.dueDate) >= -8)
          late.dueDate = dayOf(Math.max(start + 1, -h.number.int({ min: 9, max: 20 })));
        late.status = 'in_progress';
        offTrackFor.add(a.ownerId);
      }
      for (const row of mine) {
        deliverableRows.push(row);
        addReviews(row, includedOf(row), project, contactsOfAccount);
      }

      // Client requests: what the team waits for, some of them past due.
      if (status === 'active' || status === 'on_hold' || status === 'planning') {
        const k = h.number.int({ min: 0, max: 3 });
        for (let r = 0; r < k; r++) {
          const kind = h.helpers.arrayElement(['asset', 'access', 'approval', 'information'] as const);
          const dueOffset = h.number.int({ min: -21, max: 21 });
          const open = mine.filter((d) => !finishedStatuses.includes(d.status!));
          const st =
            dueOffset < 0
              ? h.helpers.weightedArrayElement([
                  { value: 'received' as const, weight: 5 },
                  { value: 'requested' as const, weight: 4 },
                  { value: 'cancelled' as const, weight: 1 },
                ])
              : h.number.float() < 0.2
                ? ('received' as const)
                : ('requested' as const);
          const created = Math.min(dueOffset - h.number.int({ min: 5, max: 14 }), -1);
          requestRows.push({
            id: newId(),
            accountId: a.id,
            projectId: project.id!,
            deliverableId: open.length && h.number.float() < 0.5 ? h.helpers.arrayElement(open).id! : null,
            title: h.helpers.arrayElement(requestTitles[kind]),
            kind,
            details: null,
            requestedFromContactId: contactsOfAccount.length
              ? h.helpers.arrayElement(contactsOfAccount)
              : null,
            dueDate: dayOf(dueOffset),
            status: st,
            receivedAt:
              st === 'received'
                ? before(at(dayOf(Math.min(dueOffset + h.number.int({ min: -3, max: 4 }), 0)), 11))
                : null,
            createdById: a.ownerId,
            createdAt: at(dayOf(created), 10),
          });
        }
      }

      // Vendor engagements: the work bought in, most delivered on time, some late.
      if (status !== 'planning') {
        const k = h.number.int({ min: 0, max: 3 });
        for (let e = 0; e < k; e++) {
          const vendor = h.helpers.arrayElement(vendorRows.slice(0, -1));
          const due = h.number.int({ min: start + 7, max: Math.max(start + 7, end) });
          let st: EngagementRow['status'];
          if (status === 'completed' || status === 'cancelled')
            st = h.number.float() < 0.1 ? 'cancelled' : 'delivered';
          else if (due < -3)
            st = h.helpers.weightedArrayElement([
              { value: 'delivered' as const, weight: 8 },
              { value: 'in_progress' as const, weight: 1 },
              { value: 'cancelled' as const, weight: 1 },
            ]);
          else
            st = h.helpers.weightedArrayElement([
              { value: 'proposed' as const, weight: 1 },
              { value: 'contracted' as const, weight: 2 },
              { value: 'in_progress' as const, weight: 2 },
            ]);
          const deliveredOn =
            st === 'delivered'
              ? dayOf(
                  Math.min(
                    -1,
                    due +
                      h.helpers.weightedArrayElement([
                        { value: h.number.int({ min: -5, max: 0 }), weight: 3 },
                        { value: h.number.int({ min: 1, max: 12 }), weight: 1 },
                      ]),
                  ),
                )
              : null;
          engagementRows.push({
            id: newId(),
            vendorId: vendor.id,
            projectId: project.id!,
            accountId: a.id,
            scope: `${vendor.category} for ${project.name}`,
            cost: h.number.int({ min: 6, max: 300 }) * 50,
            dueDate: dayOf(due),
            status: st,
            deliveredOn,
            rating: st === 'delivered' && h.number.float() < 0.85 ? h.number.int({ min: 2, max: 5 }) : null,
            notes: null,
            createdById: a.ownerId,
            createdAt: new Date(Math.min(now.getTime() - DAY, startOfToday + (due - 30) * DAY)),
          });
        }
      }
      // A budget over the engagements (and the media, for campaigns); a few run over.
      const mineCost = engagementRows
        .filter((e) => e.projectId === project.id && e.status !== 'cancelled')
        .reduce((s, e) => s + (e.cost ?? 0), 0);
      const over = mineCost > 0 && h.number.float() < 0.08;
      project.budget =
        kind === 'retainer'
          ? monthlyFee! * 12
          : over
            ? Math.round(mineCost * 0.8)
            : Math.round(
                (mineCost * h.number.float({ min: 1.3, max: 3 }) + (kind === 'campaign' ? 25_000 : 8_000)) /
                  500,
              ) * 500;
    }
  }

  // The crunch: a few people with a lower weekly capacity get more due this week and next than
  // they can do.
  const users: { id: string; capacity: number }[] = [];
  for (const c of input.crunch) {
    users.push({ id: c.userId, capacity: c.capacity });
    const theirs = projectRows.filter((p) => p.status === 'active' && p.teamMemberIds!.includes(c.userId));
    if (!theirs.length) continue;
    for (const week of [0, 7]) {
      let load = 0;
      let i = 0;
      while (load <= c.capacity) {
        const project = theirs[i++ % theirs.length]!;
        const offset =
          week === 0
            ? h.number.int({ min: Math.max(monday, -2), max: monday + 6 })
            : h.number.int({ min: monday + 7, max: monday + 11 });
        const effortPoints = h.helpers.arrayElement([3, 5, 5, 8]);
        load += effortPoints;
        deliverableRows.push({
          id: newId(),
          projectId: project.id!,
          accountId: project.accountId,
          name: h.helpers.arrayElement(deliverableNames[project.kind!]!),
          description: null,
          dueDate: dayOf(offset),
          assigneeId: c.userId,
          effortPoints,
          includedRevisions: 2,
          status:
            offset < 0 ? 'in_progress' : h.helpers.arrayElement(['not_started', 'in_progress'] as const),
          revisionRounds: 0,
          changeOrderTaskId: null,
          approvedAt: null,
          deliveredAt: null,
          createdById: project.ownerId,
          createdAt: new Date(now.getTime() - 20 * DAY),
        });
      }
    }
  }

  await insertChunked(tx, vendors, vendorRows);
  await insertChunked(tx, accountTeamMembers, newPairs);
  await insertChunked(tx, projects, projectRows);
  await insertChunked(tx, tasks, taskRows);
  await insertChunked(tx, deliverables, deliverableRows);
  await insertChunked(tx, deliverableReviews, reviewRows);
  await insertChunked(tx, clientRequests, requestRows);
  await insertChunked(tx, vendorEngagements, engagementRows);
  // Account managers and their managers carry many small follow-ups besides the deliverables:
  // their week holds 40 points; designers and engineers keep the default 20, the crunch less.
  await tx.execute(
    sql`update users set weekly_capacity_points = 40 where role in ('manager', 'account_manager')`,
  );
  for (const u of users)
    await tx.execute(sql`update users set weekly_capacity_points = ${u.capacity} where id = ${u.id}`);

  return {
    projects: projectRows.length,
    deliverables: deliverableRows.length,
    deliverableReviews: reviewRows.length,
    changeOrders: taskRows.length,
    clientRequests: requestRows.length,
    vendors: vendorRows.length,
    vendorEngagements: engagementRows.length,
  };

  function includedOf(d: DeliverableRow) {
    return d.includedRevisions ?? 2;
  }

  /**
   * The reviews a deliverable's status implies: an internal approval before the client sees it,
   * the client's rounds of changes (sometimes past the included ones, with the owner's change-order
   * task), the client's approval; approvedAt and deliveredAt after them.
   */
  function addReviews(d: DeliverableRow, included: number, project: ProjectRow, contactIds: string[]) {
    const st = d.status!;
    if (!['client_review', 'changes_requested', 'approved', 'delivered'].includes(st)) return;
    let rounds =
      st === 'changes_requested'
        ? h.number.int({ min: 1, max: included + 1 })
        : h.helpers.weightedArrayElement([
            { value: 0, weight: 4 },
            { value: 1, weight: 3 },
            { value: Math.max(1, included), weight: 1 },
          ]);
    // One reviewed deliverable in twenty went past its included rounds.
    if (h.number.float() < 0.05) rounds = included + 1;
    const due = Date.parse(d.dueDate);
    // The review history ends before today and before the deliverable's own milestones.
    const end = Math.min(due + 3 * DAY, now.getTime() - 2 * DAY);
    const steps = 1 + rounds * 2 + (st === 'approved' || st === 'delivered' ? 1 : 0);
    const stepMs = Math.max(
      3_600_000,
      Math.min(3 * DAY, (end - (Date.parse(project.startDate) + DAY)) / (steps + 1)),
    );
    let t = end - steps * stepMs;
    const next = () => {
      t += stepMs;
      return new Date(t);
    };
    const contactId = contactIds.length ? h.helpers.arrayElement(contactIds) : null;
    const ownerId = project.ownerId;
    const review = (
      outcome: ReviewRow['outcome'],
      by: ReviewRow['by'],
      round: number | null,
      notes: string,
    ) =>
      reviewRows.push({
        id: newId(),
        deliverableId: d.id!,
        outcome,
        by,
        contactId: by === 'client' ? contactId : null,
        notes,
        round,
        reviewerId: by === 'internal' ? ownerId : ownerId,
        createdAt: next(),
      });
    review('approved', 'internal', null, 'Ready for the client.');
    for (let r = 1; r <= rounds; r++) {
      review(
        'changes_requested',
        'client',
        r,
        h.helpers.arrayElement([
          'Tone down the headline and use the new product shot.',
          'Logo larger, more white space.',
          'Legal asked to change the claim in the second paragraph.',
          'Try the darker colour route.',
        ]),
      );
      if (r < rounds || st !== 'changes_requested') review('approved', 'internal', null, 'Changes made.');
    }
    d.revisionRounds = rounds;
    if (rounds > included) {
      const taskId = newId();
      taskRows.push({
        id: taskId,
        title: `Change order: ${d.name}`,
        accountId: d.accountId,
        assigneeId: ownerId,
        dueDate: iso(Math.max(t, startOfToday) + 3 * DAY),
        priority: 'high',
        effortPoints: 1,
        createdById: ownerId,
      });
      d.changeOrderTaskId = taskId;
    }
    if (st === 'approved' || st === 'delivered') {
      review('approved', 'client', null, 'Approved, thank you.');
      d.approvedAt = new Date(t);
      if (st === 'delivered') d.deliveredAt = before(new Date(t + h.number.int({ min: 1, max: 5 }) * DAY));
    }
  }
}
