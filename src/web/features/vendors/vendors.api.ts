import { infiniteQueryOptions, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api, type Body, fetchAll, type Json, unwrap } from '../../api.ts';
import type { paths } from '../../api-types.ts';

export type Vendor = Json<paths['/api/v1/vendors/{id}']['get']['responses'][200]>;
export type Engagement = Json<paths['/api/v1/vendor-engagements/{id}']['get']['responses'][200]>;
export type VendorFilters = { q?: string; active?: 'true' | 'false' };
export type VendorBody = Body<'/api/v1/vendors', 'post'>;
export type VendorPatch = Body<'/api/v1/vendors/{id}', 'patch'>;

export const vendorKeys = {
  all: ['vendors'] as const,
  list: (filters: VendorFilters) => ['vendors', 'list', filters] as const,
  detail: (id: string) => ['vendors', 'detail', id] as const,
  engagements: (vendorId: string) => ['vendor-engagements', 'vendor', vendorId] as const,
};

const PAGE = 50;

/** The vendors directory, a page at a time, filtered and sorted by name on the server. */
export function vendorsListQuery(filters: VendorFilters) {
  return infiniteQueryOptions({
    queryKey: vendorKeys.list(filters),
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        api.GET('/api/v1/vendors', {
          params: { query: { limit: PAGE, sort: 'name', cursor: pageParam, ...filters } },
          signal,
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function vendorQuery(id: string) {
  return queryOptions({
    queryKey: vendorKeys.detail(id),
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/vendors/{id}', { params: { path: { id } }, signal })),
  });
}

/** A vendor's engagements on the projects the reader can see. */
export function vendorEngagementsQuery(vendorId: string) {
  return queryOptions({
    queryKey: vendorKeys.engagements(vendorId),
    queryFn: () =>
      fetchAll<Engagement>(
        (cursor) =>
          unwrap(
            api.GET('/api/v1/vendor-engagements', {
              params: { query: { vendorId, limit: 200, cursor } },
            }),
          ),
        2000,
      ),
  });
}

export function useCreateVendor() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: VendorBody) => unwrap(api.POST('/api/v1/vendors', { body })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: vendorKeys.all }),
  });
}

/** PATCH with If-Match: a change made meanwhile by someone else is refused (412), not overwritten. */
export function useUpdateVendor() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ vendor, body }: { vendor: Vendor; body: VendorPatch }) =>
      unwrap(
        api.PATCH('/api/v1/vendors/{id}', {
          params: { path: { id: vendor.id } },
          headers: { 'If-Match': `"${vendor.version}"` },
          body,
        }),
      ),
    onSuccess: (v) => queryClient.setQueryData(vendorKeys.detail(v.id), v),
    onSettled: () => queryClient.invalidateQueries({ queryKey: vendorKeys.all }),
  });
}

/**
 * Deletes a vendor no project has engaged (the server refuses one with engagements: 409, whose detail
 * says to set it inactive instead). `leave` goes elsewhere first, so the record page does not fetch
 * the vendor again and find it gone on the way out.
 */
export function useDeleteVendor(leave: (vendor: Vendor) => Promise<unknown>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (vendor: Vendor) =>
      unwrap(
        api.DELETE('/api/v1/vendors/{id}', {
          params: { path: { id: vendor.id } },
          headers: { 'If-Match': `"${vendor.version}"` },
        }),
      ),
    onSuccess: async (_r, vendor) => {
      await leave(vendor);
      queryClient.removeQueries({ queryKey: vendorKeys.detail(vendor.id) });
      await queryClient.invalidateQueries({ queryKey: vendorKeys.all });
    },
  });
}
