import { infiniteQueryOptions, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api, type Body, fetchAll, type Team, type User, type UserQuery, unwrap } from '../../api.ts';
import { meQuery } from '../session/index.ts';

export type UserFilters = Pick<UserQuery, 'q' | 'active'>;
export type UserCreateBody = Body<'/api/v1/users', 'post'>;
export type UserPatchBody = Body<'/api/v1/users/{id}', 'patch'>;

const PAGE = 50;

/** The users table: one page at a time, filtered on the server. */
export function usersListQuery(filters: UserFilters) {
  return infiniteQueryOptions({
    queryKey: ['users', 'list', filters],
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/users', {
          params: { query: { limit: PAGE, sort: 'name', cursor: pageParam, ...filters } },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** Every user, for pickers and for showing names instead of ids. */
export const userDirectoryQuery = queryOptions({
  queryKey: ['users', 'all'],
  queryFn: () =>
    fetchAll<User>((cursor) =>
      unwrap(api.GET('/api/v1/users', { params: { query: { limit: 200, sort: 'name', cursor } } })),
    ),
});

/** The active users, for pickers of people who can be given work (inactive ones cannot sign in). */
export const activeUsersQuery = queryOptions({
  queryKey: ['users', 'active'],
  queryFn: () =>
    fetchAll<User>((cursor) =>
      unwrap(
        api.GET('/api/v1/users', { params: { query: { active: 'true', limit: 200, sort: 'name', cursor } } }),
      ),
    ),
});

/**
 * Every team, for the teams list, pickers and for showing names instead of ids. Kept with the users
 * because the users' own forms need it too, and the teams feature depends on this one.
 */
export const teamsQuery = queryOptions({
  queryKey: ['teams', 'all'],
  queryFn: () =>
    fetchAll<Team>((cursor) =>
      unwrap(api.GET('/api/v1/teams', { params: { query: { limit: 200, cursor } } })),
    ),
});

/** Users, teams and the signed-in user all change together when people change. */
export function useRefreshPeople() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ['users'] }),
      // A user's teams live on the team too; the signed-in user may have changed themselves.
      queryClient.invalidateQueries({ queryKey: ['teams'] }),
      queryClient.invalidateQueries({ queryKey: meQuery.queryKey }),
    ]);
}

export function useCreateUser() {
  const refresh = useRefreshPeople();
  return useMutation({
    mutationFn: (body: UserCreateBody) => unwrap(api.POST('/api/v1/users', { body })),
    onSuccess: refresh,
  });
}

/** PATCH with If-Match, so a change made meanwhile by someone else is refused (412), not overwritten. */
export function useUpdateUser() {
  const refresh = useRefreshPeople();
  return useMutation({
    mutationFn: ({ user, body }: { user: User; body: UserPatchBody }) =>
      unwrap(
        api.PATCH('/api/v1/users/{id}', {
          params: { path: { id: user.id } },
          headers: { 'If-Match': `"${user.version}"` },
          body,
        }),
      ),
    onSettled: refresh,
  });
}

/** An admin sets a user's password; all of that user's sessions end, their API keys keep working. */
export function useResetPassword() {
  return useMutation({
    mutationFn: ({ user, newPassword }: { user: User; newPassword: string }) =>
      unwrap(
        api.POST('/api/v1/users/{id}/password', { params: { path: { id: user.id } }, body: { newPassword } }),
      ),
  });
}
