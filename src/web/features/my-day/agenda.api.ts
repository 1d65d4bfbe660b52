import { queryOptions } from '@tanstack/react-query';
import { api, unwrap } from '../../api.ts';

export const agendaKeys = { day: (date: string) => ['agenda', date] as const };

/** What the signed-in user should do on a date, already ranked by the server. */
export function agendaQuery(date: string) {
  return queryOptions({
    queryKey: agendaKeys.day(date),
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/me/agenda', { params: { query: { date } }, signal })),
  });
}
