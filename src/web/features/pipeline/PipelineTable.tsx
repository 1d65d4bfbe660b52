import { Anchor, Badge, Table, Text } from '@mantine/core';
import { formatDay, formatMoney, isoDay } from '../../ui/format.ts';
import { SortableTh, sortRows } from '../../ui/sorting.tsx';
import { AccountLink } from '../accounts/index.ts';
import type { Opportunity } from '../contracts/index.ts';
import { categoryLabels, stageColors, stageLabels, stages, typeLabels } from '../opportunities/index.ts';
import { daysInStage, daysInStageLabel, nextStepOf } from './board.ts';
import type { CardActions, CardLabels } from './OpportunityCard.tsx';
import type { PipelineSort, PipelineSortField } from './search.ts';

/** Which way a column sorts first: amounts, chances and days in stage largest first, the rest A to Z. */
const first: Partial<Record<PipelineSortField, '-'>> = { amount: '-', probability: '-', daysInStage: '-' };

/** Short values stay on one line, so the deal's name gets the room the table has. */
const nowrap = { whiteSpace: 'nowrap' } as const;
/** A stage badge shows its whole label: the column grows to the longest one instead of cutting it. */
const wholeBadge = { root: { overflow: 'visible' }, label: { overflow: 'visible' } } as const;

/** The open deals as a sortable table; a name opens the deal's form. */
export function PipelineTable({
  opportunities,
  labels,
  actions,
  sort,
  onSort,
}: {
  opportunities: Opportunity[];
  labels: CardLabels;
  actions?: CardActions;
  sort: PipelineSort;
  onSort: (sort: PipelineSort) => void;
}) {
  const now = new Date();
  const today = isoDay(now);
  const rows = sortRows<Opportunity, PipelineSortField>(opportunities, sort, (o, field) => {
    if (field === 'daysInStage') return daysInStage(o.stageChangedAt, now);
    if (field === 'account') return o.accountName;
    if (field === 'owner') return labels.ownerName(o);
    if (field === 'stage') return stages.indexOf(o.stage);
    if (field === 'type') return typeLabels[o.type];
    return o[field];
  });
  const th = (field: PipelineSortField, label: string, align?: 'right') => (
    <SortableTh field={field} label={label} sort={sort} onSort={onSort} first={first[field]} align={align} />
  );

  return (
    <Table.ScrollContainer minWidth={1180}>
      <Table striped highlightOnHover horizontalSpacing="xs" verticalSpacing="xs" aria-label="Pipeline">
        <Table.Thead>
          <Table.Tr>
            {th('name', 'Opportunity')}
            {th('account', 'Account')}
            {th('type', 'Type')}
            {th('stage', 'Stage')}
            {th('daysInStage', 'In stage', 'right')}
            {th('amount', 'Amount', 'right')}
            {th('probability', 'Probability', 'right')}
            <Table.Th>Category</Table.Th>
            {th('closeDate', 'Close date')}
            {th('nextStepDue', 'Next step')}
            {th('owner', 'Owner')}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((o) => (
            <Table.Tr key={o.id}>
              <Table.Td miw={220}>
                {actions ? (
                  <Anchor
                    component="button"
                    type="button"
                    size="sm"
                    fw={500}
                    ta="left"
                    onClick={() => actions.onEdit(o)}
                  >
                    {o.name}
                  </Anchor>
                ) : (
                  <Text size="sm" fw={500}>
                    {o.name}
                  </Text>
                )}
              </Table.Td>
              <Table.Td miw={120}>
                <AccountLink accountId={o.accountId} tab="opportunities" size="sm">
                  {o.accountName}
                </AccountLink>
              </Table.Td>
              <Table.Td style={nowrap}>{typeLabels[o.type]}</Table.Td>
              <Table.Td>
                <Badge variant="light" color={stageColors[o.stage]} styles={wholeBadge}>
                  {stageLabels[o.stage]}
                </Badge>
              </Table.Td>
              <Table.Td
                ta="right"
                style={nowrap}
                title={`Since ${formatDay(isoDay(new Date(o.stageChangedAt)))}`}
              >
                {daysInStageLabel(daysInStage(o.stageChangedAt, now))}
              </Table.Td>
              <Table.Td ta="right" style={{ ...nowrap, fontVariantNumeric: 'tabular-nums' }}>
                {formatMoney(o.amount)}
              </Table.Td>
              <Table.Td ta="right">{o.probability}%</Table.Td>
              <Table.Td>{categoryLabels[o.forecastCategory]}</Table.Td>
              <Table.Td style={nowrap}>{formatDay(o.closeDate)}</Table.Td>
              <NextStepCell opportunity={o} today={today} />
              <Table.Td>{labels.ownerName(o)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** The next step, and its day under it (red once past). */
function NextStepCell({ opportunity, today }: { opportunity: Opportunity; today: string }) {
  const next = nextStepOf(opportunity, today);
  return (
    <Table.Td miw={160}>
      {next ? (
        <>
          <Text size="sm" lineClamp={2}>
            {next.step}
          </Text>
          {next.due && (
            <Text size="xs" c={next.overdue ? 'red.7' : 'dimmed'} style={nowrap}>
              {next.overdue ? 'Overdue since' : 'Due'} {formatDay(next.due)}
            </Text>
          )}
        </>
      ) : (
        <Text size="sm" c="dimmed">
          —
        </Text>
      )}
    </Table.Td>
  );
}
