import {
  ActionIcon,
  Group,
  Loader,
  Paper,
  SegmentedControl,
  Stack,
  Table,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { IconChevronDown, IconChevronRight } from '@tabler/icons-react';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { ExportCsvButton } from '../../ui/ExportCsvButton.tsx';
import { formatMoney } from '../../ui/format.ts';
import { MorePages, QueryContent } from '../../ui/lists.tsx';
import { EmptyState, ErrorState } from '../../ui/states.tsx';
import { AccountLink } from '../accounts/index.ts';
import { canWorkAccounts, useMe } from '../session/index.ts';
import { FeedbackItem } from './FeedbackItem.tsx';
import {
  type FeedbackTheme,
  feedbackThemesQuery,
  type ThemeGrouping,
  themeItemsQuery,
} from './feedback.api.ts';

const keyLabel = (key: string | null, groupBy: ThemeGrouping) =>
  key ?? (groupBy === 'productArea' ? 'No product area' : 'Untitled');

/** The feedback items of one theme, each with the account it came from, read when the theme opens. */
function ThemeItems({ groupBy, themeKey }: { groupBy: ThemeGrouping; themeKey: string | null }) {
  const me = useMe();
  const list = useInfiniteQuery(themeItemsQuery(groupBy, themeKey));
  if (list.isPending) return <Loader size="sm" aria-label="Loading the feedback" />;
  if (list.isError && !list.data)
    return (
      <ErrorState
        error={list.error}
        title="Could not load the feedback"
        onRetry={() => void list.refetch()}
      />
    );
  const items = list.data.pages.flatMap((p) => p.data);
  return (
    <Stack gap="xs" py="xs">
      <Stack gap="xs" role="list" aria-label="Feedback in this theme">
        {items.map((f) => (
          <FeedbackItem
            key={f.id}
            item={f}
            canChange={canWorkAccounts(me)}
            extra={
              <>
                {' · '}
                <AccountLink accountId={f.accountId} tab="feedback" size="xs">
                  {f.accountName}
                </AccountLink>
              </>
            }
          />
        ))}
      </Stack>
      <MorePages list={list} errorTitle="Could not load more feedback" />
    </Stack>
  );
}

function ThemeRow({ theme, rank, groupBy }: { theme: FeedbackTheme; rank: number; groupBy: ThemeGrouping }) {
  const [open, setOpen] = useState(false);
  const label = keyLabel(theme.key, groupBy);
  const panelId = `theme-${groupBy}-${rank}`;
  return (
    <Fragment>
      <Table.Tr>
        <Table.Td w={44}>
          <ActionIcon
            variant="subtle"
            color="gray"
            onClick={() => setOpen((o) => !o)}
            aria-expanded={open}
            aria-controls={panelId}
            aria-label={`${open ? 'Hide' : 'Show'} the feedback in ${label}`}
          >
            {open ? <IconChevronDown size={16} /> : <IconChevronRight size={16} />}
          </ActionIcon>
        </Table.Td>
        <Table.Td>
          <Text size="sm" fw={600} c={theme.key ? undefined : 'dimmed'}>
            {label}
          </Text>
        </Table.Td>
        <Table.Td ta="right">{theme.count.toLocaleString()}</Table.Td>
        <Table.Td ta="right">{theme.accounts.toLocaleString()}</Table.Td>
        <Table.Td ta="right" fw={600}>
          {formatMoney(theme.arr)}
        </Table.Td>
      </Table.Tr>
      {open && (
        <Table.Tr>
          <Table.Td colSpan={5} id={panelId}>
            <ThemeItems groupBy={groupBy} themeKey={theme.key} />
          </Table.Td>
        </Table.Tr>
      )}
    </Fragment>
  );
}

/** Product feedback grouped into themes, ranked by the ARR of the accounts asking for them. */
export function FeedbackThemesPage({
  groupBy,
  onGroupByChange,
}: {
  groupBy: ThemeGrouping;
  onGroupByChange: (g: ThemeGrouping) => void;
}) {
  const themes = useQuery(feedbackThemesQuery(groupBy));
  const list = themes.data ?? [];

  return (
    <Stack gap="md" maw={1080}>
      <Group justify="space-between" align="flex-end" gap="sm">
        <div>
          <Title order={1} size="h2">
            Feedback
          </Title>
          <Text size="sm" c="dimmed">
            What clients ask of the product, ranked by the ARR of the accounts asking. Log feedback on an
            account's Feedback tab.
          </Text>
        </div>
        <Group gap="sm">
          <ExportCsvButton entity="feedback" />
          <SegmentedControl
            aria-label="Group by"
            value={groupBy}
            onChange={(v) => onGroupByChange(v as ThemeGrouping)}
            data={[
              { value: 'productArea', label: 'By product area' },
              { value: 'title', label: 'By title' },
            ]}
          />
        </Group>
      </Group>
      <QueryContent
        query={themes}
        what="feedback themes"
        empty={
          list.length === 0 && (
            <EmptyState title="No feedback yet">
              Feedback logged on accounts you can see is grouped here.
            </EmptyState>
          )
        }
      >
        <Paper withBorder>
          <Table.ScrollContainer minWidth={560}>
            <Table verticalSpacing="sm" aria-label="Feedback themes">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>
                    <VisuallyHidden>Expand</VisuallyHidden>
                  </Table.Th>
                  <Table.Th>{groupBy === 'productArea' ? 'Product area' : 'Title'}</Table.Th>
                  <Table.Th ta="right">Items</Table.Th>
                  <Table.Th ta="right">Accounts</Table.Th>
                  <Table.Th ta="right">ARR of accounts</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.map((t, i) => (
                  <ThemeRow key={t.key ?? '\u0000none'} theme={t} rank={i} groupBy={groupBy} />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      </QueryContent>
    </Stack>
  );
}
