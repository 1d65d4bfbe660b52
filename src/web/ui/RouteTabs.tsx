import { Stack, Tabs, Text, Title } from '@mantine/core';
import type { Icon } from '@tabler/icons-react';
import { Outlet, useNavigate, useRouterState } from '@tanstack/react-router';

/**
 * A page of tabs, one route each (`<base>/<path>`), so every tab has its own address: Settings and
 * Profile. The open tab's route renders below the tabs.
 */
export function RouteTabsPage({
  title,
  subtitle,
  base,
  tabs,
}: {
  title: string;
  subtitle?: string;
  base: string;
  tabs: readonly { path: string; label: string; icon: Icon }[];
}) {
  const navigate = useNavigate();
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  const current = tabs.find((t) => pathname.startsWith(`${base}/${t.path}`))?.path ?? tabs[0]?.path;

  return (
    <Stack gap="md">
      <div>
        <Title order={1} size="h2">
          {title}
        </Title>
        {subtitle && (
          <Text c="dimmed" size="sm">
            {subtitle}
          </Text>
        )}
      </div>
      <Tabs
        value={current}
        onChange={(v) => {
          if (v) void navigate({ to: `${base}/${v}` });
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
