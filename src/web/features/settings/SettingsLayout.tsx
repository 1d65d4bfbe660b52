import { Stack, Tabs, Title } from '@mantine/core';
import { IconAlarm, IconHeartbeat, IconKey, IconUsers, IconUsersGroup } from '@tabler/icons-react';
import { Outlet, useNavigate, useRouterState } from '@tanstack/react-router';

const tabs = [
  { value: 'users', label: 'Users', icon: IconUsers },
  { value: 'teams', label: 'Teams', icon: IconUsersGroup },
  { value: 'api-keys', label: 'API keys', icon: IconKey },
  { value: 'health-model', label: 'Health model', icon: IconHeartbeat },
  { value: 'sla', label: 'SLA', icon: IconAlarm },
] as const;
type TabValue = (typeof tabs)[number]['value'];

/** Settings, one tab per route so every tab has its own address. */
export function SettingsLayout() {
  const navigate = useNavigate();
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  const current = tabs.find((t) => pathname.startsWith(`/settings/${t.value}`))?.value ?? 'users';

  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        Settings
      </Title>
      <Tabs
        value={current}
        onChange={(v) => {
          if (v) void navigate({ to: `/settings/${v as TabValue}` });
        }}
        keepMounted={false}
      >
        <Tabs.List>
          {tabs.map((t) => (
            <Tabs.Tab key={t.value} value={t.value} leftSection={<t.icon size={16} />}>
              {t.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value={current} pt="md">
          <Outlet />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
