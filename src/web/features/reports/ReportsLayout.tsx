import { Stack, Tabs, Text, Title } from '@mantine/core';
import { IconArrowsUpDown } from '@tabler/icons-react';
import { Outlet, useNavigate, useRouterState } from '@tanstack/react-router';

/** The reports, one tab per route so that each has its own address. */
const reports = [
  {
    value: 'arr-movement',
    label: 'ARR movement',
    icon: IconArrowsUpDown,
    about:
      'How ARR moved over a period: new business, expansion, contraction and churn, with gross and net retention.',
  },
] as const;
type ReportValue = (typeof reports)[number]['value'];

export function ReportsLayout() {
  const navigate = useNavigate();
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  const current = reports.find((r) => pathname.startsWith(`/reports/${r.value}`)) ?? reports[0];

  return (
    <Stack gap="md">
      <div>
        <Title order={1} size="h2">
          Reports
        </Title>
        <Text c="dimmed">{current.about}</Text>
      </div>
      <Tabs
        value={current.value}
        onChange={(v) => {
          if (v) void navigate({ to: `/reports/${v as ReportValue}` });
        }}
        keepMounted={false}
      >
        <Tabs.List>
          {reports.map((r) => (
            <Tabs.Tab key={r.value} value={r.value} leftSection={<r.icon size={16} />}>
              {r.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value={current.value} pt="md">
          <Outlet />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
