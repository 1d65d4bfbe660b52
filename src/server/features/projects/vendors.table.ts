import { sql } from 'drizzle-orm';
import { boolean, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from '../../auth/auth.table.ts';
import { createdAt, pk, updatedAt, version } from '../../db/columns.ts';

/** The agency's vendors: studios, freelancers, printers, media sellers. */
export const vendors = pgTable(
  'vendors',
  {
    id: pk(),
    name: text('name').notNull(),
    category: text('category'),
    email: text('email'),
    phone: text('phone'),
    website: text('website'),
    notes: text('notes'),
    active: boolean('active').notNull().default(true),
    createdById: uuid('created_by_id').references(() => users.id),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('vendors_name_unique').on(sql`lower(${t.name})`)],
);
