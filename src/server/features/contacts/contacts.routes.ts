import { contact, contactPatch, contactsQuery, contactWrite } from '../../../core/schemas/relationship.ts';
import type { App, Deps } from '../../deps.ts';
import { resourceRoutes } from '../../http/resource.ts';
import { createContact, deleteContact, getContact, listContacts, updateContact } from './contacts.service.ts';

export function contactsRoutes(app: App, deps: Deps): void {
  const { db } = deps.database;
  resourceRoutes(app, deps, {
    path: '/api/v1/contacts',
    noun: 'contact',
    tag: 'relationship',
    item: contact,
    write: contactWrite,
    patch: contactPatch,
    query: contactsQuery,
    describe: {
      create:
        'A first or last name is required; the e-mail is unique per account; isPrimary clears the others.',
    },
    list: (actor, q) => listContacts(db, actor, q),
    get: (actor, id) => getContact(db, actor, id),
    create: (ctx, input) => createContact(db, ctx, input),
    update: (ctx, id, patch, expected) => updateContact(db, ctx, id, patch, expected),
    remove: (ctx, id, expected) => deleteContact(db, ctx, id, expected),
  });
}
