import { IconBell } from '@tabler/icons-react';
import { lazyRouteComponent } from '@tanstack/react-router';
import type { WebFeature } from '../feature.ts';
import { notificationsRoutes } from './routes.tsx';

// The inbox (/notifications), the header's bell, and Profile → Notifications.
const NotificationsTab = lazyRouteComponent(() => import('./NotificationsTab.tsx'), 'NotificationsTab');

export const feature = {
  routes: notificationsRoutes,
  profileTab: {
    path: 'notifications',
    label: 'Notifications',
    icon: IconBell,
    order: 20,
    component: NotificationsTab,
    commandLabel: 'Notification settings',
    description: 'Profile: e-mail (off, instant, daily digest), digest hour, what to be told of',
  },
  commands: [
    {
      path: '/notifications',
      label: 'Notifications',
      description: 'Your inbox: what was assigned to you, changes on your accounts, mentions',
    },
  ],
} satisfies WebFeature;
export { NotificationBell } from './NotificationBell.tsx';
