import { infiniteQueryOptions, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { parseProblem } from '../../../core/errors.ts';
import { ApiError, api, type Body, type Json, unwrap } from '../../api.ts';
import type { paths } from '../../api-types.ts';

export type ImportRecord = Json<paths['/api/v1/imports/{id}']['get']['responses'][200]>;
export type ImportSummary = Json<paths['/api/v1/imports']['get']['responses'][200]>['data'][number];
export type ImportEntity = ImportRecord['entity'];
export type ImportField = ImportRecord['fields'][number];
export type ImportMode = ImportRecord['mode'];
export type ImportStatus = ImportRecord['status'];
export type DryRun = NonNullable<ImportRecord['dryRun']>;
export type ImportPatch = Body<'/api/v1/imports/{id}', 'patch'>;

export const importKeys = {
  all: ['imports'] as const,
  history: ['imports', 'history'] as const,
  detail: (id: string) => ['imports', 'detail', id] as const,
  values: (id: string, column: string) => ['imports', 'values', id, column] as const,
};

/** The import history, newest first, a page at a time. */
export const importHistoryQuery = infiniteQueryOptions({
  queryKey: importKeys.history,
  queryFn: ({ pageParam, signal }) =>
    unwrap(api.GET('/api/v1/imports', { params: { query: { limit: 20, cursor: pageParam } }, signal })),
  initialPageParam: undefined as string | undefined,
  getNextPageParam: (last) => last.nextCursor ?? undefined,
});

/** One import; asked again every second while it runs, for its progress. */
export function importQuery(id: string) {
  return queryOptions({
    queryKey: importKeys.detail(id),
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/imports/{id}', { params: { path: { id } }, signal })),
    refetchInterval: (q) => (q.state.data?.status === 'running' ? 1000 : false),
  });
}

/** A column's distinct values, most frequent first (at most 200), for its value map. */
export function columnValuesQuery(id: string, column: string) {
  return queryOptions({
    queryKey: importKeys.values(id, column),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/v1/imports/{id}/values', { params: { path: { id }, query: { column } }, signal }),
      ).then((r) => r.values),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** Where the rows that failed can be downloaded, as they came, with an `error` column. */
export const errorsCsvUrl = (id: string) => `/api/v1/imports/${id}/errors.csv`;

/**
 * Sends the file as it is (the server detects its encoding and delimiter) in the form field `file`,
 * which carries its name; the server streams it into the import without reading it whole.
 */
async function upload(entity: ImportEntity, file: File): Promise<ImportRecord> {
  const form = new FormData();
  form.append('file', file, file.name);
  let res: Response;
  try {
    res = await fetch(`/api/v1/imports?entity=${encodeURIComponent(entity)}`, {
      method: 'POST',
      credentials: 'same-origin',
      body: form,
    });
  } catch {
    throw new ApiError({
      type: 'about:blank',
      title: 'Network error',
      status: 0,
      detail: 'Could not reach the Steward server. Check your connection and try again.',
    });
  }
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    // not JSON: parseProblem falls back to the status
  }
  if (!res.ok) throw new ApiError(parseProblem(body, res.status));
  return body as ImportRecord;
}

export function useUploadImport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ entity, file }: { entity: ImportEntity; file: File }) => upload(entity, file),
    onSuccess: (created) => {
      queryClient.setQueryData(importKeys.detail(created.id), created);
      return queryClient.invalidateQueries({ queryKey: importKeys.history });
    },
  });
}

/** Changes the mapping, mode, defaults or value maps; the answer carries the sample recomputed. */
export function usePatchImport(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ImportPatch) =>
      unwrap(api.PATCH('/api/v1/imports/{id}', { params: { path: { id } }, body })),
    onSuccess: (updated) => queryClient.setQueryData(importKeys.detail(id), updated),
  });
}

export function useDryRun(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/imports/{id}/dry-run', { params: { path: { id } } })),
    onSuccess: (dryRun) =>
      queryClient.setQueryData<ImportRecord>(importKeys.detail(id), (old) => old && { ...old, dryRun }),
  });
}

/** Starts the import, or cancels it; either way the history shows the new status. */
export function useRunImport(id: string, action: 'run' | 'cancel') {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () =>
      unwrap(
        action === 'run'
          ? api.POST('/api/v1/imports/{id}/run', { params: { path: { id } } })
          : api.POST('/api/v1/imports/{id}/cancel', { params: { path: { id } } }),
      ),
    onSuccess: (updated) => {
      queryClient.setQueryData(importKeys.detail(id), updated);
      return queryClient.invalidateQueries({ queryKey: importKeys.history });
    },
  });
}

/**
 * The records an import wrote may show anywhere (lists, account pages, the agenda, health, the
 * history): everything cached is asked again when next shown.
 */
export function useRefreshAfterImport() {
  const queryClient = useQueryClient();
  return useCallback(() => queryClient.invalidateQueries(), [queryClient]);
}
