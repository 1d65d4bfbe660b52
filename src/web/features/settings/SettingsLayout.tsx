import { Stack, Tabs, Title } from '@mantine/core';
import { Outlet, useNavigate, useRouterState } from '@tanstack/react-router';
import type { SettingsTabEntry } from '../feature.ts';
import { useMe } from '../session/index.ts';

/** Settings, one tab per route so every tab has its own address; other features contribute the tabs. */
export function SettingsLayout({ tabs: allTabs }: { tabs: readonly SettingsTabEntry[] }) {
  const me = useMe();
  const tabs = allTabs.filter((t) => t.visibleTo?.(me) ?? true);
  const navigate = useNavigate();
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  const current = tabs.find((t) => pathname.startsWith(`/settings/${t.path}`))?.path ?? tabs[0]?.path;

  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        Settings
      </Title>
      <Tabs
        value={current}
        onChange={(v) => {
          if (v) void navigate({ to: `/settings/${v}` });
        }}
        keepMounted={false}
      >
        <Tabs.List>
          {tabs.map((t) => (
            <Tabs.Tab key={t.path} value={t.path} leftSection={<t.icon size={16} />}>
              {t.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value={current ?? ''} pt="md">
          <Outlet />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
