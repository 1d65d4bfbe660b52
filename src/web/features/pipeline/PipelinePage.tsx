import { Alert, Group, Loader, SegmentedControl, Stack, Text, Title, VisuallyHidden } from '@mantine/core';
import { IconLayoutKanban, IconTable } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { sumMoney } from '../../../core/rules/money.ts';
import { useFormModal } from '../../ui/dialogs.ts';
import { ExportCsvButton } from '../../ui/ExportCsvButton.tsx';
import { formatMoney } from '../../ui/format.ts';
import { AddButton, QueryContent } from '../../ui/lists.tsx';
import { notifyFailure } from '../../ui/notify.ts';
import { EmptyState } from '../../ui/states.tsx';
import type { Opportunity } from '../contracts/index.ts';
import {
  CloseOpportunityModal,
  OpportunityFormDrawer,
  type Outcome,
  PIPELINE_MAX,
  pipelineQuery,
  stageLabels,
  useUpdateOpportunity,
} from '../opportunities/index.ts';
import { canWorkAccounts, useMe } from '../session/index.ts';
import { userDirectoryQuery } from '../users/index.ts';
import type { CardActions, CardLabels } from './OpportunityCard.tsx';
import { PipelineBoard } from './PipelineBoard.tsx';
import { PipelineFilters } from './PipelineFilters.tsx';
import { PipelineTable } from './PipelineTable.tsx';
import { type PipelineSearch, pipelineFilters } from './search.ts';

export function PipelinePage({
  search,
  onSearchChange,
}: {
  search: PipelineSearch;
  onSearchChange: (patch: Partial<PipelineSearch>) => void;
}) {
  const me = useMe();
  const canWork = canWorkAccounts(me);
  const list = useQuery(pipelineQuery(pipelineFilters(search)));
  const users = useQuery(userDirectoryQuery);
  const editor = useFormModal<Opportunity>();
  const [closing, setClosing] = useState<Opportunity | null>(null);
  // Kept after the dialog closes, so its title does not change while it fades out.
  const [outcome, setOutcome] = useState<Outcome>('won');
  const update = useUpdateOpportunity();

  const deals = list.data ?? [];
  const labels: CardLabels = {
    ownerName: (o) =>
      users.data?.find((u) => u.id === o.ownerId)?.name ?? (users.isPending ? '…' : 'Unknown'),
  };
  const actions: CardActions = {
    onEdit: (o) => editor.open(o),
    onMove: (o, stage) =>
      update.mutate(
        { opportunity: o, body: { stage } },
        { onError: notifyFailure(`Could not move ${o.name} to ${stageLabels[stage]}`) },
      ),
    onCloseAs: (o, as) => {
      setOutcome(as);
      setClosing(o);
    },
  };

  const total = sumMoney(deals.map((o) => o.amount));
  const weighted = sumMoney(deals.map((o) => (o.amount * o.probability) / 100));
  const filtered = Object.values(pipelineFilters(search)).some(Boolean);
  const view = search.view ?? 'board';

  return (
    <Stack gap="md">
      <Group justify="space-between" align="center" gap="sm">
        <Title order={1} size="h2">
          Pipeline
        </Title>
        <Group gap="sm">
          <SegmentedControl
            aria-label="View"
            value={view}
            onChange={(v) => onSearchChange({ view: v === 'table' ? 'table' : undefined })}
            data={[
              {
                value: 'board',
                label: (
                  <Group gap={6} wrap="nowrap">
                    <IconLayoutKanban size={16} aria-hidden />
                    <span>Board</span>
                  </Group>
                ),
              },
              {
                value: 'table',
                label: (
                  <Group gap={6} wrap="nowrap">
                    <IconTable size={16} aria-hidden />
                    <span>Table</span>
                  </Group>
                ),
              },
            ]}
          />
          <ExportCsvButton entity="opportunities" filters={{ ...pipelineFilters(search), open: 'true' }} />
          {canWork && <AddButton onClick={() => editor.open(null)}>New opportunity</AddButton>}
        </Group>
      </Group>
      <PipelineFilters search={search} onChange={onSearchChange} />
      <Group gap="xs" mih={20}>
        {list.isSuccess && deals.length > 0 && (
          <Text size="sm" c="dimmed" aria-live="polite" data-testid="pipeline-summary">
            {deals.length.toLocaleString()} open deal{deals.length === 1 ? '' : 's'} · {formatMoney(total)} ·
            weighted {formatMoney(weighted)}
          </Text>
        )}
        {list.isFetching && !list.isPending && <Loader size="xs" aria-label="Refreshing" />}
      </Group>
      {deals.length >= PIPELINE_MAX && (
        <Alert color="yellow" variant="light">
          Only the first {PIPELINE_MAX.toLocaleString()} deals are shown. Narrow the pipeline with the
          filters.
        </Alert>
      )}
      <QueryContent
        query={list}
        what="the pipeline"
        empty={
          deals.length === 0 && (
            <EmptyState title={filtered ? 'No open deals match' : 'No open deals'}>
              {filtered
                ? 'Try another owner, team, type or close date.'
                : canWork
                  ? 'Add one with New opportunity, or from an account’s Opportunities tab.'
                  : 'Open opportunities you can see will be shown here.'}
            </EmptyState>
          )
        }
      >
        {view === 'board' ? (
          <PipelineBoard opportunities={deals} labels={labels} actions={actions} canWork={canWork} />
        ) : (
          <PipelineTable
            opportunities={deals}
            labels={labels}
            actions={canWork ? actions : undefined}
            sort={search.sort ?? 'closeDate'}
            onSort={(sort) => onSearchChange({ sort: sort === 'closeDate' ? undefined : sort })}
          />
        )}
      </QueryContent>
      <VisuallyHidden aria-live="polite">
        {update.isPending && update.variables?.body.stage
          ? `Moving ${update.variables.opportunity.name} to ${stageLabels[update.variables.body.stage]}…`
          : ''}
      </VisuallyHidden>
      {canWork && (
        <OpportunityFormDrawer opened={editor.opened} opportunity={editor.record} onClose={editor.close} />
      )}
      <CloseOpportunityModal opportunity={closing} outcome={outcome} onClose={() => setClosing(null)} />
    </Stack>
  );
}
