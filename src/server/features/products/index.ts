import type { Feature } from '../../feature.ts';
import { productsRoutes } from './products.routes.ts';
import { products } from './products.table.ts';

export const productsFeature: Feature = { name: 'products', routes: productsRoutes, tables: { products } };
export { assertProductsExist } from './products.service.ts';
export { products };
