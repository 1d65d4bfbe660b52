import { product, productPatch, productsQuery, productWrite } from '../../../core/schemas/revenue.ts';
import type { App, Deps } from '../../deps.ts';
import { resourceRoutes } from '../../http/resource.ts';
import { createProduct, deleteProduct, getProduct, listProducts, updateProduct } from './products.service.ts';

export function productsRoutes(app: App, deps: Deps): void {
  const { db } = deps.database;
  resourceRoutes(app, deps, {
    path: '/api/v1/products',
    noun: 'product',
    tag: 'revenue',
    item: product,
    write: productWrite,
    patch: productPatch,
    query: productsQuery,
    describe: {
      list: 'The catalogue, readable by everyone signed in; sorted by name unless sort says otherwise. q matches name or SKU anywhere; active=true hides retired products. Only admins change it.',
      create:
        'Admins only. sku is unique (409 naming sku); listPrice defaults to 0 and active to true. DELETE removes a product only while no contract line or opportunity uses it; one in use answers 409 and is retired with PATCH { "active": false } instead.',
      patch:
        'Admins only. Retire a product that contracts or opportunities use with { "active": false }: it stays on their records but is no longer offered.',
    },
    list: (_actor, q) => listProducts(db, q),
    get: (_actor, id) => getProduct(db, id),
    create: (ctx, input) => createProduct(db, ctx, input),
    update: (ctx, id, patch, expected) => updateProduct(db, ctx, id, patch, expected),
    remove: (ctx, id, expected) => deleteProduct(db, ctx, id, expected),
  });
}
