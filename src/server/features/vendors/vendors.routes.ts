import { vendor, vendorPatch, vendorsQuery, vendorWrite } from '../../../core/schemas/delivery.ts';
import type { App, Deps } from '../../deps.ts';
import { resourceRoutes } from '../../http/resource.ts';
import { createVendor, deleteVendor, getVendor, listVendors, updateVendor } from './vendors.service.ts';

export function vendorsRoutes(app: App, deps: Deps): void {
  const { db } = deps.database;
  resourceRoutes(app, deps, {
    path: '/api/v1/vendors',
    noun: 'vendor',
    tag: 'delivery',
    item: vendor,
    write: vendorWrite,
    patch: vendorPatch,
    query: vendorsQuery,
    describe: {
      list: "The agency's vendors, readable by everyone signed in; sorted by name unless sort says otherwise. q matches the name anywhere; category matches whole (any case). Each carries its record over all its engagements: engagements (count), totalCost (Σ cost delivered), averageRating (of rated engagements, 2 decimals, null if none), onTimeRate (delivered on or before the due date, or without one, over delivered; null if none).",
      create:
        'Admins, managers and account managers. name is unique whatever its case (409 naming name); active defaults to true.',
      patch: 'Retire a vendor with { "active": false }: its record stays.',
      remove: 'Only a vendor without engagements (409 otherwise: set it inactive instead).',
    },
    list: (_actor, q) => listVendors(db, q),
    get: (_actor, id) => getVendor(db, id),
    create: (ctx, input) => createVendor(db, ctx, input),
    update: (ctx, id, patch, expected) => updateVendor(db, ctx, id, patch, expected),
    remove: (ctx, id, expected) => deleteVendor(db, ctx, id, expected),
  });
}
