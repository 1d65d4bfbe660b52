import { IconWebhook } from '@tabler/icons-react';
import { lazyRouteComponent } from '@tanstack/react-router';
import type { WebFeature } from '../feature.ts';

// Settings → Webhooks (admins): endpoints, their signing secrets, deliveries and retries.
const WebhooksTab = lazyRouteComponent(() => import('./WebhooksTab.tsx'), 'WebhooksTab');

export const feature = {
  settingsTab: {
    path: 'webhooks',
    label: 'Webhooks',
    icon: IconWebhook,
    order: 77,
    component: WebhooksTab,
    commandLabel: 'Webhook settings',
    description:
      'Settings: endpoints that receive events, signed per Standard Webhooks; deliveries and retries',
    visibleTo: (me) => me.role === 'admin',
  },
} satisfies WebFeature;
