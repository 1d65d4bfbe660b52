import { Stack, Tabs, Text, Title } from '@mantine/core';
import { Outlet, useNavigate, useRouterState } from '@tanstack/react-router';
import type { ProfileTabEntry } from '../feature.ts';
import { useMe } from '../session/index.ts';

/** The signed-in person's own preferences, one tab per route; other features contribute the tabs. */
export function ProfileLayout({ tabs }: { tabs: readonly ProfileTabEntry[] }) {
  const me = useMe();
  const navigate = useNavigate();
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  const current = tabs.find((t) => pathname.startsWith(`/profile/${t.path}`))?.path ?? tabs[0]?.path;

  return (
    <Stack gap="md">
      <div>
        <Title order={1} size="h2">
          Profile
        </Title>
        <Text c="dimmed" size="sm">
          {me.name} · {me.email}
        </Text>
      </div>
      <Tabs
        value={current}
        onChange={(v) => {
          if (v) void navigate({ to: `/profile/${v}` });
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
