import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api, type Body, fetchAll, type Json, unwrap } from '../../api.ts';
import type { paths } from '../../api-types.ts';

export type Playbook = Json<paths['/api/v1/playbooks/{id}']['get']['responses'][200]>;
export type PlaybookWrite = Body<'/api/v1/playbooks', 'post'>;
export type PlaybookRun = Json<paths['/api/v1/playbooks/{id}/runs']['get']['responses'][200]>['data'][number];
export type PlaybookExample = Json<
  paths['/api/v1/playbooks/examples']['get']['responses'][200]
>['data'][number];
export type PlaybookPreview = Json<paths['/api/v1/playbooks/{id}/preview']['post']['responses'][200]>;

export const playbookKeys = { all: ['playbooks'] as const };

export const playbooksQuery = queryOptions({
  queryKey: [...playbookKeys.all, 'list'],
  queryFn: () =>
    fetchAll<Playbook>((cursor) =>
      unwrap(api.GET('/api/v1/playbooks', { params: { query: { limit: 200, cursor } } })),
    ),
});

export const examplesQuery = queryOptions({
  queryKey: [...playbookKeys.all, 'examples'],
  queryFn: () => unwrap(api.GET('/api/v1/playbooks/examples')),
});

export const placeholdersQuery = queryOptions({
  queryKey: [...playbookKeys.all, 'placeholders'],
  queryFn: () => unwrap(api.GET('/api/v1/playbooks/placeholders')),
  staleTime: Number.POSITIVE_INFINITY,
});

export const runsQuery = (id: string) =>
  queryOptions({
    queryKey: [...playbookKeys.all, 'runs', id],
    queryFn: () =>
      unwrap(api.GET('/api/v1/playbooks/{id}/runs', { params: { path: { id }, query: { limit: 100 } } })),
  });

export const previewQuery = (id: string) =>
  queryOptions({
    queryKey: [...playbookKeys.all, 'preview', id],
    queryFn: () => unwrap(api.POST('/api/v1/playbooks/{id}/preview', { params: { path: { id } } })),
    staleTime: 0,
  });

function useInvalidate() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: playbookKeys.all });
}

export function useSavePlaybook() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, version, body }: { id?: string; version?: number; body: PlaybookWrite }) =>
      id
        ? unwrap(
            api.PATCH('/api/v1/playbooks/{id}', {
              params: { path: { id }, header: { 'if-match': `"${version}"` } },
              body,
            }),
          )
        : unwrap(api.POST('/api/v1/playbooks', { body })),
    onSuccess: invalidate,
  });
}

export function useSetActive() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ playbook, active }: { playbook: Playbook; active: boolean }) =>
      unwrap(
        api.PATCH('/api/v1/playbooks/{id}', {
          params: { path: { id: playbook.id }, header: { 'if-match': `"${playbook.version}"` } },
          body: { active },
        }),
      ),
    onSettled: invalidate,
  });
}

export function useDeletePlaybook() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (p: Playbook) =>
      unwrap(
        api.DELETE('/api/v1/playbooks/{id}', {
          params: { path: { id: p.id }, header: { 'if-match': `"${p.version}"` } },
        }),
      ),
    onSettled: invalidate,
  });
}

export function useEnableExample() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (key: string) =>
      unwrap(api.POST('/api/v1/playbooks/examples/{key}/enable', { params: { path: { key } } })),
    onSuccess: invalidate,
  });
}
