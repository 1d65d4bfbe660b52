import { useMutation } from '@tanstack/react-query';
import { api, type Body, type Team, unwrap } from '../../api.ts';
import { useRefreshPeople } from '../users/index.ts';

export type TeamBody = Body<'/api/v1/teams', 'post'>;
export type TeamPatch = Body<'/api/v1/teams/{id}', 'patch'>;

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
    mutationFn: ({ team, body }: { team: Team; body: TeamPatch }) =>
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
