import { task, taskPatch, tasksQuery, taskWrite } from '../../../core/schemas/relationship.ts';
import type { App, Deps } from '../../deps.ts';
import { resourceRoutes } from '../../http/resource.ts';
import { createTask, deleteTask, getTask, listTasks, updateTask } from './tasks.service.ts';

export function tasksRoutes(app: App, deps: Deps): void {
  const { db } = deps.database;
  resourceRoutes(app, deps, {
    path: '/api/v1/tasks',
    noun: 'task',
    tag: 'relationship',
    item: task,
    write: taskWrite,
    patch: taskPatch,
    query: tasksQuery,
    describe: {
      list: 'Soonest due first; tasks without a due date last. Visible with their account, to their assignee, and (without an account) to their creator.',
      create:
        'assigneeId defaults to the caller; effortPoints 1–40, default 1. completedAt is set when status becomes done.',
      patch:
        'Members may change only tasks assigned to them (status, title, description, due date, priority, effort).',
    },
    list: (actor, q) => listTasks(db, actor, q),
    get: (actor, id) => getTask(db, actor, id),
    create: (ctx, input) => createTask(db, ctx, input),
    update: (ctx, id, patch, expected) => updateTask(db, ctx, id, patch, expected),
    remove: (ctx, id, expected) => deleteTask(db, ctx, id, expected),
  });
}
