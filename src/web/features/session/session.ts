import { queryOptions } from '@tanstack/react-query';
import { createContext, useContext } from 'react';
import { ApiError, api, hasSession, type Me, unwrap } from '../../api.ts';

declare global {
  interface Window {
    /** The session check public/session.js starts as the page loads: /api/v1/me's answer, or null. */
    stewardEarlyMe?: Promise<Response | null>;
  }
}

/**
 * The answer of the session check the page started before the app's code arrived (public/session.js),
 * taken once: later checks (after signing in, say) ask the server afresh. Undefined when there is
 * none, or it failed in a way the usual path should meet and report itself.
 */
async function earlyMe(): Promise<Me | null | undefined> {
  const early = window.stewardEarlyMe;
  // Taken, or marked as taken should public/session.js not have run yet: it then does nothing.
  window.stewardEarlyMe = undefined;
  if (!early) return undefined;
  try {
    const res = await early;
    if (res === null || res.status === 401) return null;
    return res.ok ? ((await res.json()) as Me) : undefined;
  } catch {
    return undefined;
  }
}

/** The signed-in user, or null when nobody is signed in (401). */
export const meQuery = queryOptions({
  queryKey: ['me'],
  queryFn: async (): Promise<Me | null> => {
    const early = await earlyMe();
    if (early !== undefined) return early;
    if (!(await hasSession())) return null;
    try {
      return await unwrap(api.GET('/api/v1/me'));
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return null;
      throw err;
    }
  },
  staleTime: 5 * 60_000,
});

/** Whether the first admin is still to be created. */
export const setupQuery = queryOptions({
  queryKey: ['setup'],
  queryFn: () => unwrap(api.GET('/api/v1/setup')),
  staleTime: 0,
});

export const MeContext = createContext<Me | null>(null);

/** The signed-in user; only inside the signed-in part of the app. */
export function useMe(): Me {
  const me = useContext(MeContext);
  if (!me) throw new Error('useMe() is only available inside the signed-in app.');
  return me;
}

/** A path inside this app to return to after signing in; anything else becomes `/`. */
export function safeRedirect(target: string | undefined): string {
  if (!target?.startsWith('/') || target.startsWith('//') || target.startsWith('/\\')) return '/';
  if (target.startsWith('/sign-in') || target.startsWith('/setup')) return '/';
  return target;
}

/** Whether the user's role creates and changes accounts and their records (viewers and members do not). */
export function canWorkAccounts(me: Me): boolean {
  return me.role === 'admin' || me.role === 'manager' || me.role === 'account_manager';
}
