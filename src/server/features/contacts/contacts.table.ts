import { sql } from 'drizzle-orm';
import { boolean, index, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { contactRoles } from '../../../core/schemas/relationship.ts';
import { createdAt, externalIds, pk, updatedAt, version } from '../../db/columns.ts';
import { accounts } from '../accounts/accounts.table.ts';

export const contacts = pgTable(
  'contacts',
  {
    id: pk(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id),
    firstName: text('first_name'),
    lastName: text('last_name'),
    email: text('email'),
    phone: text('phone'),
    title: text('title'),
    role: text('role', { enum: contactRoles }),
    isPrimary: boolean('is_primary').notNull().default(false),
    notes: text('notes'),
    externalIds: externalIds(),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('contacts_external_ids_idx')
      .using('gin', sql`${t.externalIds} jsonb_path_ops`)
      // Looked up row by row during an import: no pending list to scan on each probe.
      .with({ fastupdate: false }),
    index('contacts_account_idx').on(t.accountId, t.id),
    uniqueIndex('contacts_account_email_key').on(t.accountId, t.email),
    uniqueIndex('contacts_one_primary_key').on(t.accountId).where(sql`is_primary`),
    index('contacts_name_trgm').using(
      'gin',
      sql`(coalesce(first_name, '') || ' ' || coalesce(last_name, '')) gin_trgm_ops`,
    ),
    index('contacts_email_prefix').on(t.email.op('text_pattern_ops')),
  ],
);
