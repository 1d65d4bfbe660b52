import {
  Alert,
  Anchor,
  Badge,
  Box,
  Breadcrumbs,
  Button,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Tabs,
  Text,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArchive, IconArrowBackUp, IconPencil } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { type ReactNode, Suspense, useEffect, useRef, useState } from 'react';
import { type Account, ApiError } from '../../api.ts';
import { ConfirmModal } from '../../ui/ConfirmModal.tsx';
import { formatDay, formatMoney } from '../../ui/format.ts';
import { ErrorState, PageLoader } from '../../ui/states.tsx';
import type { AccountTabEntry } from '../feature.ts';
import { canWorkAccounts, useMe } from '../session/index.ts';
import { userDirectoryQuery } from '../users/index.ts';
import { AccountFormDrawer } from './AccountFormDrawer.tsx';
import { accountQuery, useSetArchived } from './accounts.api.ts';
import { healthColors, healthLabels, segmentLabels, stageColors, stageLabels } from './labels.ts';
import { NextCheckIn } from './NextCheckIn.tsx';
import type { AccountTab } from './search.ts';

/** The tabs in one row that scrolls sideways on a phone, with the open tab scrolled into sight. */
function TabStrip({ tabs, tab }: { tabs: readonly AccountTabEntry[]; tab: AccountTab }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const list = ref.current;
    const active = list?.querySelector<HTMLElement>(`[data-tab="${tab}"]`);
    if (!list || !active) return;
    // Only the strip scrolls (scrollIntoView would move the page too), and only if the tab is hidden.
    const l = list.getBoundingClientRect();
    const a = active.getBoundingClientRect();
    if (a.left < l.left) list.scrollLeft += a.left - l.left;
    else if (a.right > l.right) list.scrollLeft += a.right - l.right;
  }, [tab]);
  return (
    <Tabs.List ref={ref} style={{ flexWrap: 'nowrap', overflowX: 'auto', overflowY: 'hidden' }}>
      {tabs.map((t) => (
        <Tabs.Tab key={t.key} value={t.key} data-tab={t.key}>
          {t.label}
        </Tabs.Tab>
      ))}
    </Tabs.List>
  );
}

export function AccountPage({
  tabs,
  accountId,
  tab,
  onTabChange,
}: {
  /** In order; other features contribute them. */
  tabs: readonly AccountTabEntry[];
  accountId: string;
  tab: AccountTab;
  onTabChange: (tab: AccountTab) => void;
}) {
  const query = useQuery(accountQuery(accountId));

  if (query.isPending) return <PageLoader label="Loading the account…" />;
  if (query.isError) {
    const missing = query.error instanceof ApiError && query.error.status === 404;
    return (
      <Stack gap="md" align="flex-start">
        <BackToAccounts />
        <ErrorState
          error={query.error}
          title={missing ? 'No such account' : 'Could not load the account'}
          onRetry={missing ? undefined : () => void query.refetch()}
        />
      </Stack>
    );
  }
  const account = query.data;

  return (
    <Stack gap="md">
      <AccountHeader account={account} />
      <Tabs value={tab} onChange={(v) => v && onTabChange(v)} keepMounted={false}>
        <TabStrip tabs={tabs} tab={tab} />
        <Box pt="md">
          {tabs.map((t) => (
            <Tabs.Panel key={t.key} value={t.key}>
              {/* Each tab's code loads the first time it opens. */}
              <Suspense fallback={<PageLoader />}>
                <t.component account={account} onTabChange={onTabChange} />
              </Suspense>
            </Tabs.Panel>
          ))}
        </Box>
      </Tabs>
    </Stack>
  );
}

function BackToAccounts() {
  return (
    <Breadcrumbs>
      <Anchor component={Link} to="/accounts" size="sm">
        Accounts
      </Anchor>
    </Breadcrumbs>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="sm" fw={500} component="div">
        {children}
      </Text>
    </div>
  );
}

function AccountHeader({ account }: { account: Account }) {
  const me = useMe();
  const users = useQuery(userDirectoryQuery);
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const archive = useSetArchived();
  const archived = Boolean(account.archivedAt);
  const owner =
    users.data?.find((u) => u.id === account.ownerId)?.name ?? (users.isPending ? '…' : 'Unknown user');
  const canWork = canWorkAccounts(me);

  const setArchived = (value: boolean) =>
    archive.mutate(
      { account, archived: value },
      {
        onSuccess: (a) => {
          setConfirming(false);
          notifications.show({
            color: 'green',
            message: value ? `${a.name} is archived.` : `${a.name} is restored.`,
          });
        },
        onError: (err) => {
          if (!value) notifications.show({ color: 'red', title: 'Could not restore', message: err.message });
        },
      },
    );

  return (
    <Stack gap="sm">
      <BackToAccounts />
      <Group justify="space-between" align="flex-start" gap="sm">
        <Stack gap={2} style={{ minWidth: 0, flex: '1 1 320px' }}>
          <Group gap="xs" align="center">
            <Title order={1} size="h2" style={{ overflowWrap: 'anywhere' }}>
              {account.name}
            </Title>
            {archived && (
              <Badge color="gray" variant="filled">
                Archived
              </Badge>
            )}
          </Group>
          {(account.domain || account.industry) && (
            <Text size="sm" c="dimmed">
              {[account.domain, account.industry].filter(Boolean).join(' · ')}
            </Text>
          )}
        </Stack>
        {canWork && (
          <Group gap="xs">
            <Button variant="default" leftSection={<IconPencil size={16} />} onClick={() => setEditing(true)}>
              Edit
            </Button>
            {archived ? (
              <Button
                variant="default"
                leftSection={<IconArrowBackUp size={16} />}
                loading={archive.isPending}
                onClick={() => setArchived(false)}
              >
                Restore
              </Button>
            ) : (
              <Button
                variant="default"
                color="red"
                leftSection={<IconArchive size={16} />}
                onClick={() => {
                  archive.reset();
                  setConfirming(true);
                }}
              >
                Archive
              </Button>
            )}
          </Group>
        )}
      </Group>
      {archived && (
        <Alert color="gray" variant="light" title="This account is archived">
          It is hidden from the accounts list, search and My day.
          {canWork ? ' Restore it to work on it again.' : ''}
        </Alert>
      )}
      <Paper withBorder p="md">
        <SimpleGrid cols={{ base: 2, xs: 3, md: 7 }} spacing="md" verticalSpacing="sm">
          <Fact label="Owner">{owner}</Fact>
          <Fact label="Segment">{segmentLabels[account.segment]}</Fact>
          <Fact label="Stage">
            <Badge variant="light" color={stageColors[account.lifecycleStage]}>
              {stageLabels[account.lifecycleStage]}
            </Badge>
          </Fact>
          <Fact label="ARR">{formatMoney(account.arr)}</Fact>
          <Fact label="Renewal">{formatDay(account.renewalDate)}</Fact>
          <Fact label="Next check-in">
            <span data-testid="next-check-in">
              <NextCheckIn date={account.nextCheckInDue} withHint />
            </span>
          </Fact>
          <Fact label="Health">
            {account.healthBand ? (
              <Badge variant="dot" color={healthColors[account.healthBand]}>
                {healthLabels[account.healthBand]}
                {account.healthScore !== null ? ` · ${account.healthScore}` : ''}
              </Badge>
            ) : (
              '—'
            )}
          </Fact>
        </SimpleGrid>
      </Paper>
      {canWork && <AccountFormDrawer opened={editing} account={account} onClose={() => setEditing(false)} />}
      <ConfirmModal
        opened={confirming}
        title={`Archive ${account.name}?`}
        confirmLabel="Archive"
        loading={archive.isPending}
        error={archive.error}
        onConfirm={() => setArchived(true)}
        onClose={() => setConfirming(false)}
      >
        The account leaves the accounts list, search and My day. Its contacts, activities, meetings and tasks
        are kept, and you can restore it at any time.
      </ConfirmModal>
    </Stack>
  );
}
