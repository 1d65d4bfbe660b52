import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { loadsFirst } from '../../ui/lazy.ts';
import type { Shell } from '../feature.ts';

const VendorsPage = lazyRouteComponent(() => import('./VendorsPage.tsx'), 'VendorsPage');
const VendorPage = lazyRouteComponent(() => import('./VendorPage.tsx'), 'VendorPage');

export function vendorRoutes({ app }: Shell) {
  const vendorsRoute = createRoute({
    getParentRoute: () => app,
    path: '/vendors',
    component: VendorsPage,
  });
  const vendorRoute = createRoute({
    getParentRoute: () => app,
    path: '/vendors/$vendorId',
    component: loadsFirst(() => {
      const { vendorId } = vendorRoute.useParams();
      return <VendorPage key={vendorId} vendorId={vendorId} />;
    }, VendorPage),
  });
  return [vendorsRoute, vendorRoute] as const;
}
