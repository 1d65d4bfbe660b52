import { Badge, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { sumMoney } from '../../../core/rules/money.ts';
import type { Account } from '../../api.ts';
import { useFormModal } from '../../ui/dialogs.ts';
import { ExportCsvButton } from '../../ui/ExportCsvButton.tsx';
import { formatDay, formatMoney } from '../../ui/format.ts';
import {
  AddButton,
  NameCell,
  QueryContent,
  RecordTable,
  type RowAction,
  RowActions,
} from '../../ui/lists.tsx';
import { EmptyState, Toolbar } from '../../ui/states.tsx';
import type { Opportunity } from '../contracts/index.ts';
import { canWorkAccounts, useMe } from '../session/index.ts';
import { userDirectoryQuery } from '../users/index.ts';
import { CloseOpportunityModal, type Outcome } from './CloseOpportunityModal.tsx';
import { isClosedStage, stageColors, stageLabels, typeLabels } from './labels.ts';
import { OpportunityFormDrawer } from './OpportunityFormDrawer.tsx';
import { accountOpportunitiesQuery } from './opportunities.api.ts';

export function OpportunitiesTab({ account }: { account: Account }) {
  const me = useMe();
  const canWork = canWorkAccounts(me) && !account.archivedAt;
  const opportunities = useQuery(accountOpportunitiesQuery(account.id));
  const users = useQuery(userDirectoryQuery);
  const editor = useFormModal<Opportunity>();
  const [closing, setClosing] = useState<Opportunity | null>(null);
  const [outcome, setOutcome] = useState<Outcome>('won');

  // Open deals first, soonest close first; closed ones after, latest first.
  const all = opportunities.data ?? [];
  const open = all
    .filter((o) => !isClosedStage(o.stage))
    .sort((a, b) => a.closeDate.localeCompare(b.closeDate));
  const closed = all
    .filter((o) => isClosedStage(o.stage))
    .sort((a, b) => b.closeDate.localeCompare(a.closeDate));
  const openTotal = sumMoney(open.map((o) => o.amount));
  const ownerName = (id: string) => users.data?.find((u) => u.id === id)?.name ?? '…';

  const actionsOf = (o: Opportunity): RowAction[] => {
    const out: RowAction[] = [{ label: 'Edit', onClick: () => editor.open(o) }];
    if (!isClosedStage(o.stage)) {
      const closeAs = (as: Outcome) => () => {
        setOutcome(as);
        setClosing(o);
      };
      out.push({ label: 'Won', color: 'green', onClick: closeAs('won') });
      out.push({ label: 'Lost', color: 'red', onClick: closeAs('lost') });
    }
    return out;
  };

  return (
    <Stack gap="md">
      <Toolbar
        actions={
          <>
            <ExportCsvButton entity="opportunities" filters={{ accountId: account.id }} />
            {canWork && <AddButton onClick={() => editor.open(null)}>Add opportunity</AddButton>}
          </>
        }
      >
        <Text size="sm" c="dimmed">
          {open.length
            ? `${open.length} open, worth ${formatMoney(openTotal)}.`
            : `Upsell, cross-sell and renewal deals with ${account.name}.`}
        </Text>
      </Toolbar>
      <QueryContent
        query={opportunities}
        what="opportunities"
        empty={
          all.length === 0 && (
            <EmptyState title="No opportunities yet">
              {canWork ? 'Add an upsell or cross-sell; renewals appear as contracts near their end.' : null}
            </EmptyState>
          )
        }
      >
        <RecordTable
          label="Opportunities"
          minWidth={canWork ? 940 : 760}
          columns={['Opportunity', 'Type', 'Stage', 'Amount', 'Close date', 'Owner']}
          withActions={canWork}
        >
          {[...open, ...closed].map((o) => (
            <Table.Tr key={o.id}>
              <NameCell id={`opportunity-${o.id}`}>{o.name}</NameCell>
              <Table.Td>{typeLabels[o.type]}</Table.Td>
              <Table.Td>
                <Badge variant="light" color={stageColors[o.stage]}>
                  {stageLabels[o.stage]}
                </Badge>
                {o.stage === 'closed_lost' && o.lostReason && (
                  <Text size="xs" c="dimmed" lineClamp={2} title={o.lostReason}>
                    {o.lostReason}
                  </Text>
                )}
              </Table.Td>
              <Table.Td style={{ fontVariantNumeric: 'tabular-nums' }}>
                {formatMoney(o.amount)}
                {!isClosedStage(o.stage) && (
                  <Text size="xs" c="dimmed">
                    {o.probability}%
                  </Text>
                )}
              </Table.Td>
              <Table.Td>{formatDay(o.closeDate)}</Table.Td>
              <Table.Td>{ownerName(o.ownerId)}</Table.Td>
              {canWork && <RowActions describedBy={`opportunity-${o.id}`} actions={actionsOf(o)} />}
            </Table.Tr>
          ))}
        </RecordTable>
      </QueryContent>
      {canWork && (
        <OpportunityFormDrawer
          opened={editor.opened}
          opportunity={editor.record}
          accountId={account.id}
          onClose={editor.close}
        />
      )}
      <CloseOpportunityModal opportunity={closing} outcome={outcome} onClose={() => setClosing(null)} />
    </Stack>
  );
}
