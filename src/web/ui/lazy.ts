import type { ReactNode } from 'react';

// Pages load on demand: a feature's routes.tsx keeps its route definitions (paths, search
// validation, redirects) in the first screen's code and names its page components with
// `lazyRouteComponent(() => import('./Page.tsx'), 'Page')` from @tanstack/react-router, so each
// page's code, and the libraries only it uses, is a chunk of its own. The router waits for a
// route component's `preload()` before it shows the route (the default pending component, a
// loader, appears in the layout's outlet if that takes long) and calls it on hover too
// (`defaultPreload: 'intent'`).

/**
 * A route's own component that renders lazily loaded components: gives it a `preload` that loads
 * them, so the router fetches their chunks before it shows the route rather than the page
 * suspending once it renders.
 */
export function loadsFirst<P>(component: (props: P) => ReactNode, ...lazy: unknown[]) {
  return Object.assign(component, {
    preload: () => Promise.all(lazy.map(preloadComponent)).then(() => undefined),
  });
}

/** Loads a component made by lazyRouteComponent; any other component is there already. */
export function preloadComponent(component: unknown) {
  return typeof component === 'function' && 'preload' in component && typeof component.preload === 'function'
    ? component.preload()
    : undefined;
}
