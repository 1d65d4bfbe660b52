import {
  Alert,
  Badge,
  Button,
  Group,
  Loader,
  Paper,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Suspense, useState } from 'react';
import { addDays, formatDay, formatMoney, isoDay, relativeDay } from '../../ui/format.ts';
import { QueryContent } from '../../ui/lists.tsx';
import { EmptyState } from '../../ui/states.tsx';
import { AccountLink, healthColors, healthLabels } from '../accounts/index.ts';
import { RenewContractModal, type RenewTarget } from '../contracts/index.ts';
import { ChurnRiskBadge } from '../health/index.ts';
import { OpportunityDrawerById, stageColors, stageLabels } from '../opportunities/index.ts';
import { canWorkAccounts, useMe } from '../session/index.ts';
import { type RenewalRow, renewalsQuery } from './renewals.api.ts';
import { type RenewalWindow, renewalWindows } from './windows.ts';

const riskLabels = { low: 'Low risk', medium: 'Medium risk', high: 'High risk' } as const;

export function RenewalsPage({
  window: days,
  onWindowChange,
}: {
  window: RenewalWindow;
  onWindowChange: (w: RenewalWindow) => void;
}) {
  const me = useMe();
  const canWork = canWorkAccounts(me);
  const today = isoDay();
  const to = addDays(today, days);
  const report = useQuery(renewalsQuery(today, to));
  const [renewing, setRenewing] = useState<RenewTarget | null>(null);
  const [opening, setOpening] = useState<string | null>(null);
  /** Whether a deal was opened: the drawer's code loads then, not with the page, and stays. */
  const [dealDrawer, setDealDrawer] = useState(false);
  const rows = report.data?.data ?? [];
  const totals = report.data?.totals;

  return (
    <Stack gap="md" maw={1100}>
      <Group justify="space-between" align="flex-end" gap="sm">
        <div>
          <Title order={1} size="h2">
            Renewals
          </Title>
          <Text c="dimmed">Active contracts ending from today to {formatDay(to)}, soonest first.</Text>
        </div>
        <Group gap="xs" align="center">
          {report.isFetching && !report.isPending && <Loader size="xs" aria-label="Refreshing" />}
          <SegmentedControl
            aria-label="Renewal window"
            value={String(days)}
            onChange={(v) => onWindowChange(Number(v) as RenewalWindow)}
            data={renewalWindows.map((w) => ({ value: String(w), label: `${w} days` }))}
          />
        </Group>
      </Group>
      <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="sm">
        <Total
          label="Up for renewal"
          value={totals ? formatMoney(totals.arrUpForRenewal, { compact: true }) : '…'}
          exact={totals ? formatMoney(totals.arrUpForRenewal) : undefined}
          hint="ARR"
          testId="arr-up"
        />
        <Total
          label="At risk"
          value={totals ? formatMoney(totals.arrAtRisk, { compact: true }) : '…'}
          exact={totals ? formatMoney(totals.arrAtRisk) : undefined}
          hint="ARR of accounts at high churn risk"
          color={totals && totals.arrAtRisk > 0 ? 'red' : undefined}
          testId="arr-at-risk"
        />
        <Total
          label="Contracts"
          value={totals ? String(totals.contracts) : '…'}
          hint={`in the next ${days} days`}
        />
      </SimpleGrid>
      {report.data?.truncated && (
        <Alert color="yellow" variant="light">
          Only the first {rows.length.toLocaleString()} contracts are listed; the totals cover them all.
        </Alert>
      )}
      <QueryContent
        query={report}
        what="renewals"
        empty={
          rows.length === 0 && (
            <EmptyState title={`Nothing renews in the next ${days} days`}>
              {days < 120
                ? 'Look further ahead with a longer window.'
                : 'Contracts near their end will be listed here.'}
            </EmptyState>
          )
        }
      >
        <Stack gap="xs" role="list" aria-label="Renewals">
          {rows.map((r) => (
            <RenewalItem
              key={r.contractId}
              row={r}
              today={today}
              onRenew={
                canWork
                  ? () =>
                      setRenewing({
                        contractId: r.contractId,
                        accountId: r.accountId,
                        accountName: r.accountName,
                      })
                  : undefined
              }
              onOpenDeal={
                canWork && r.renewalOpportunity
                  ? () => {
                      setDealDrawer(true);
                      setOpening(r.renewalOpportunity?.id ?? null);
                    }
                  : undefined
              }
            />
          ))}
        </Stack>
      </QueryContent>
      <RenewContractModal target={renewing} onClose={() => setRenewing(null)} />
      {canWork && dealDrawer && (
        <Suspense fallback={null}>
          <OpportunityDrawerById id={opening} onClose={() => setOpening(null)} />
        </Suspense>
      )}
    </Stack>
  );
}

function Total({
  label,
  value,
  exact,
  hint,
  color,
  testId,
}: {
  label: string;
  value: string;
  /** The exact amount behind a compact value, shown on hover. */
  exact?: string;
  hint: string;
  color?: string;
  testId?: string;
}) {
  return (
    <Paper withBorder p="md">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="xl" fw={700} c={color} title={exact} data-testid={testId}>
        {value}
      </Text>
      <Text size="xs" c="dimmed">
        {hint}
      </Text>
    </Paper>
  );
}

function RenewalItem({
  row: r,
  today,
  onRenew,
  onOpenDeal,
}: {
  row: RenewalRow;
  today: string;
  onRenew?: () => void;
  onOpenDeal?: () => void;
}) {
  const soon = addDays(today, 30) >= r.endDate;
  return (
    <Paper withBorder p="sm" role="listitem" aria-label={r.accountName}>
      <Group justify="space-between" gap="sm" wrap="wrap">
        <Stack gap={2} style={{ minWidth: 200, flex: '1 1 240px' }}>
          <AccountLink accountId={r.accountId} tab="contracts" fw={600}>
            {r.accountName}
          </AccountLink>
          <Text size="xs" c="dimmed">
            {r.contractName}
            {r.autoRenew ? ' · renews automatically' : ''}
          </Text>
          <Text size="sm" c={soon ? 'orange' : undefined} fw={soon ? 600 : undefined}>
            Ends {formatDay(r.endDate)} ({relativeDay(r.endDate, today)})
          </Text>
        </Stack>
        <Group gap={6} style={{ flex: '1 1 260px' }}>
          {r.healthBand ? (
            <Badge variant="dot" color={healthColors[r.healthBand]}>
              {healthLabels[r.healthBand]} health
            </Badge>
          ) : (
            <Badge variant="dot" color="gray">
              No health score
            </Badge>
          )}
          {r.churnRisk && (
            <ChurnRiskBadge risk={r.churnRisk} reasons={r.churnRiskReasons} label={riskLabels[r.churnRisk]} />
          )}
          {r.renewalOpportunity ? (
            <Badge variant="outline" color={stageColors[r.renewalOpportunity.stage]}>
              Deal: {stageLabels[r.renewalOpportunity.stage]}
            </Badge>
          ) : (
            <Badge variant="outline" color="gray">
              No renewal deal yet
            </Badge>
          )}
        </Group>
        <Group gap="sm" wrap="nowrap">
          <Text
            fw={700}
            style={{ fontVariantNumeric: 'tabular-nums' }}
            aria-label={`ARR ${formatMoney(r.arr)}`}
          >
            {formatMoney(r.arr)}
          </Text>
          {onOpenDeal && (
            <Button
              size="xs"
              variant="default"
              onClick={onOpenDeal}
              aria-label={`Open the renewal deal of ${r.accountName}`}
            >
              Open deal
            </Button>
          )}
          {onRenew && (
            <Button size="xs" onClick={onRenew} aria-label={`Renew ${r.accountName}`}>
              Renew
            </Button>
          )}
        </Group>
      </Group>
    </Paper>
  );
}
