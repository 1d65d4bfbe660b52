import { IconMail } from '@tabler/icons-react';
import { lazyRouteComponent } from '@tanstack/react-router';
import type { WebFeature } from '../feature.ts';

// Settings → E-mail (admins): whether SMTP is configured, a test message, the recent messages.
const MailTab = lazyRouteComponent(() => import('./MailTab.tsx'), 'MailTab');

export const feature = {
  settingsTab: {
    path: 'email',
    label: 'E-mail',
    icon: IconMail,
    order: 75,
    component: MailTab,
    commandLabel: 'E-mail settings',
    description: 'Settings: whether outgoing mail is configured, send a test message, recent messages',
    visibleTo: (me) => me.role === 'admin',
  },
} satisfies WebFeature;
