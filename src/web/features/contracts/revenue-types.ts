import type { Json } from '../../api.ts';
import type { paths } from '../../api-types.ts';

// The revenue records as the server's OpenAPI document describes them (generated into api-types.ts).
type Read<P extends keyof paths> = paths[P] extends { get: { responses: { 200: infer R } } }
  ? Json<R>
  : never;
type Item<P extends keyof paths> = Read<P> extends { data: (infer I)[] } ? I : never;
type Query<P extends keyof paths> = paths[P] extends { get: { parameters: { query?: infer Q } } }
  ? NonNullable<Q>
  : never;

export type Product = Item<'/api/v1/products'>;
export type Contract = Item<'/api/v1/contracts'>;
export type ContractQuery = Query<'/api/v1/contracts'>;
export type ContractLine = Contract['lines'][number];
export type Opportunity = Item<'/api/v1/opportunities'>;
export type OpportunityQuery = Query<'/api/v1/opportunities'>;
export type Quota = Item<'/api/v1/quotas'>;
export type Forecast = Read<'/api/v1/reports/forecast'>;
export type ForecastQuery = Query<'/api/v1/reports/forecast'>;
export type ArrMovement = Read<'/api/v1/reports/arr-movement'>;
export type ArrMovementQuery = Query<'/api/v1/reports/arr-movement'>;
export type RenewalsReport = Read<'/api/v1/reports/renewals'>;
export type RenewalsQuery = Query<'/api/v1/reports/renewals'>;
