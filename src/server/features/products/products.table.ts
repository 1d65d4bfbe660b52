import { boolean, numeric, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, pk, updatedAt, version } from '../../db/columns.ts';

/** The catalogue contracts and opportunities are sold from. */
export const products = pgTable(
  'products',
  {
    id: pk(),
    name: text('name').notNull(),
    sku: text('sku').notNull(),
    category: text('category'),
    listPrice: numeric('list_price', { precision: 14, scale: 2, mode: 'number' }).notNull().default(0),
    active: boolean('active').notNull().default(true),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('products_sku_key').on(t.sku)],
);
