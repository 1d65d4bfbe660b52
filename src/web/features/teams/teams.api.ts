import { queryOptions, useMutation } from '@tanstack/react-query';
import { api, fetchAll, type Team, unwrap } from '../../api.ts';
import { useRefreshPeople } from '../users/users.api.ts';

/** Every team, for the teams list, pickers and for showing names instead of ids. */
export const teamsQuery = queryOptions({
  queryKey: ['teams', 'all'],
  queryFn: () =>
    fetchAll<Team>((cursor) =>
      unwrap(api.GET('/api/v1/teams', { params: { query: { limit: 200, cursor } } })),
    ),
});

export type TeamBody = { name: string; managerIds: string[]; memberIds: string[] };

export function useCreateTeam() {
  const refresh = useRefreshPeople();
  return useMutation({
    mutationFn: (body: TeamBody) => unwrap(api.POST('/api/v1/teams', { body })),
    onSuccess: refresh,
  });
}

export function useUpdateTeam() {
  const refresh = useRefreshPeople();
  return useMutation({
    mutationFn: ({ team, body }: { team: Team; body: Partial<TeamBody> }) =>
      unwrap(
        api.PATCH('/api/v1/teams/{id}', {
          params: { path: { id: team.id } },
          headers: { 'If-Match': `"${team.version}"` },
          body,
        }),
      ),
    onSettled: refresh,
  });
}
