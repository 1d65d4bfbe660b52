import { queryOptions } from '@tanstack/react-query';
import { api, fetchAll, unwrap } from '../../api.ts';
import { revenueKeys } from './revenue-keys.ts';
import type { Product } from './revenue-types.ts';

/** The whole product catalogue (it is small), for contract lines and an opportunity's products. */
export const productsQuery = queryOptions({
  queryKey: revenueKeys.products,
  queryFn: () =>
    fetchAll<Product>((cursor) =>
      unwrap(api.GET('/api/v1/products', { params: { query: { limit: 200, cursor } } })),
    ),
  staleTime: 60_000,
});

/** Picker options: active products, plus any already chosen that have been retired since. */
export function productOptions(products: Product[] | undefined, chosen: readonly string[] = []) {
  return (products ?? [])
    .filter((p) => p.active || chosen.includes(p.id))
    .map((p) => ({ value: p.id, label: p.active ? `${p.name} (${p.sku})` : `${p.name} (retired)` }));
}
