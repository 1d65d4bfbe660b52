import { createRoute, lazyRouteComponent, redirect } from '@tanstack/react-router';
import type { RootRoute } from '../../router.tsx';
import { loadsFirst } from '../../ui/lazy.ts';
import { meQuery, safeRedirect, setupQuery } from './session.ts';

const SignInPage = lazyRouteComponent(() => import('./SignInPage.tsx'), 'SignInPage');

export function sessionRoutes(root: RootRoute) {
  const signInRoute = createRoute({
    getParentRoute: () => root,
    path: '/sign-in',
    validateSearch: (search: Record<string, unknown>): { redirect?: string } =>
      typeof search.redirect === 'string' ? { redirect: search.redirect } : {},
    beforeLoad: async ({ context, search }) => {
      // Always ask the server: a cached user may have signed out or been signed out.
      const me = await context.queryClient.fetchQuery({ ...meQuery, staleTime: 0 });
      if (me) throw redirect({ href: safeRedirect(search.redirect) });
      const setup = await context.queryClient.fetchQuery(setupQuery);
      if (setup.needed) throw redirect({ to: '/setup' });
    },
    component: loadsFirst(() => {
      const { redirect } = signInRoute.useSearch();
      return <SignInPage redirect={redirect} />;
    }, SignInPage),
  });
  return [signInRoute] as const;
}
