import { useQuery } from '@tanstack/react-query';
import type { Me } from '../../api.ts';
import { useMe } from '../session/index.ts';
import { teamsQuery } from '../users/index.ts';

/** Whose numbers a report shows: the user's own (`me`), one team's (its id), or all the user can see (`all`). */
export type Who = string;

/** Filter parameters of a choice. */
export function scopeOf(who: Who, me: Me): { ownerId?: string; teamId?: string } {
  if (who === 'me') return { ownerId: me.id };
  if (who === 'all') return {};
  return { teamId: who };
}

/**
 * The choices of whose numbers to show: oneself; the teams one manages or belongs to (every team for
 * admins and viewers); and everything in one's scope.
 */
export function useWhoOptions(): { value: Who; label: string }[] {
  const me = useMe();
  const teams = useQuery(teamsQuery);
  const everyTeam = me.role === 'admin' || me.role === 'viewer';
  const mine = (teams.data ?? []).filter(
    (t) => everyTeam || t.managerIds.includes(me.id) || me.teamIds.includes(t.id),
  );
  return [
    { value: 'me', label: `Me (${me.name})` },
    ...mine.map((t) => ({ value: t.id, label: `Team: ${t.name}` })),
    { value: 'all', label: 'Everyone I can see' },
  ];
}

export const isUuid = (v: string): boolean => /^[0-9a-f-]{36}$/i.test(v);

export const isWho = (v: unknown): v is Who =>
  v === 'me' || v === 'all' || (typeof v === 'string' && isUuid(v));
