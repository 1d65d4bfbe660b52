import { Badge, Box, Group, Paper, Stack, Table, Text } from '@mantine/core';
import { type MouseEvent, memo } from 'react';
import type { Account } from '../../api.ts';
import { formatDate, formatDateTime, formatDay, formatMoney } from '../../ui/format.ts';
import { AccountLink } from './AccountLink.tsx';
import { ChurnRiskBadge } from './ChurnRiskBadge.tsx';
import { healthColors, healthLabels, segmentLabels, stageColors, stageLabels } from './labels.ts';
import { NextCheckIn } from './NextCheckIn.tsx';

export const ROW_HEIGHT = 53;
export const CARD_HEIGHT = 92;

interface RowProps {
  account: Account;
  index: number;
  owner: string;
  /** The virtualizer's measuring ref (stable). */
  measure: (el: Element | null) => void;
  onOpen: (id: string) => void;
}

/** A click anywhere on the row opens the account; the name is the row's real link. */
function rowClick(e: MouseEvent, id: string, onOpen: (id: string) => void) {
  if ((e.target as HTMLElement).closest('a, button')) return;
  if (window.getSelection()?.toString()) return;
  onOpen(id);
}

/** One table row; memoised, so scrolling renders only the rows that come into view. */
export const AccountRow = memo(function AccountRow({ account: a, index, owner, measure, onOpen }: RowProps) {
  return (
    <Table.Tr
      data-index={index}
      ref={measure}
      aria-rowindex={index + 2}
      onClick={(e) => rowClick(e, a.id, onOpen)}
      style={{ cursor: 'pointer', height: ROW_HEIGHT }}
    >
      <Table.Td>
        <AccountLink accountId={a.id} fw={600} size="sm" display="block" truncate="end" title={a.name}>
          {a.name}
        </AccountLink>
        {a.domain && (
          <Text size="xs" c="dimmed" truncate="end">
            {a.domain}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Text size="sm" truncate="end">
          {owner}
        </Text>
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>{segmentLabels[a.segment]}</Table.Td>
      <Table.Td>
        <Badge variant="light" size="sm" color={stageColors[a.lifecycleStage]}>
          {stageLabels[a.lifecycleStage]}
        </Badge>
      </Table.Td>
      <Table.Td ta="right" style={{ fontVariantNumeric: 'tabular-nums' }}>
        {formatMoney(a.arr)}
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDay(a.renewalDate)}</Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        <NextCheckIn date={a.nextCheckInDue} size="sm" />
      </Table.Td>
      <Table.Td>
        <Group gap={6} wrap="nowrap">
          {a.healthBand ? (
            <Badge variant="dot" color={healthColors[a.healthBand]} title={`Health score ${a.healthScore}`}>
              {a.healthScore ?? healthLabels[a.healthBand]}
            </Badge>
          ) : (
            '—'
          )}
          <RiskBadge account={a} />
        </Group>
      </Table.Td>
      <Table.Td>
        <Text size="sm" title={formatDateTime(a.updatedAt)} truncate="end">
          {formatDate(a.updatedAt)}
        </Text>
      </Table.Td>
    </Table.Tr>
  );
});

/** The account's churn risk when it is medium or high, with its reasons on hover (none when low). */
function RiskBadge({ account: a }: { account: Account }) {
  if (a.churnRisk !== 'high' && a.churnRisk !== 'medium') return null;
  return (
    <ChurnRiskBadge
      risk={a.churnRisk}
      reasons={a.churnRiskReasons}
      label={a.churnRisk === 'high' ? 'High risk' : 'Medium risk'}
      size="sm"
    />
  );
}

/** One account as a card, for narrow screens. */
export const AccountCard = memo(function AccountCard({
  account: a,
  index,
  top,
  owner,
  measure,
  onOpen,
}: RowProps & { top: number }) {
  return (
    <Box
      component="li"
      pos="absolute"
      top={0}
      left={0}
      w="100%"
      pb={8}
      style={{ transform: `translateY(${top}px)` }}
      data-index={index}
      ref={measure}
    >
      <Paper withBorder p="sm" onClick={(e) => rowClick(e, a.id, onOpen)} style={{ cursor: 'pointer' }}>
        <Stack gap={4}>
          <Group justify="space-between" wrap="nowrap" gap="xs">
            <AccountLink accountId={a.id} fw={600} truncate="end">
              {a.name}
            </AccountLink>
            <Group gap={4} wrap="nowrap" style={{ flexShrink: 0 }}>
              <RiskBadge account={a} />
              <Badge variant="light" size="sm" color={stageColors[a.lifecycleStage]}>
                {stageLabels[a.lifecycleStage]}
              </Badge>
            </Group>
          </Group>
          <Text size="xs" c="dimmed" truncate="end">
            {[a.domain, segmentLabels[a.segment], owner].filter(Boolean).join(' · ')}
          </Text>
          <Text size="sm">
            Next check-in <NextCheckIn date={a.nextCheckInDue} />
          </Text>
        </Stack>
      </Paper>
    </Box>
  );
});
