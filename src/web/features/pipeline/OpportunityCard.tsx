import { useDraggable } from '@dnd-kit/core';
import { ActionIcon, Anchor, Avatar, Group, Menu, Paper, Stack, Text, Tooltip } from '@mantine/core';
import { IconGripVertical } from '@tabler/icons-react';
import type { CSSProperties } from 'react';
import { formatDay, formatMoney, initials, isoDay } from '../../ui/format.ts';
import { MoreActions } from '../../ui/lists.tsx';
import { AccountLink } from '../accounts/index.ts';
import type { Opportunity } from '../contracts/index.ts';
import { type Stage, stageLabels, typeLabels } from '../opportunities/index.ts';
import { boardColumns, daysInStage, daysInStageLabel, nextStepOf } from './board.ts';

/** What a card does besides being dragged; the same choices as a drop, for keyboard and touch users. */
export interface CardActions {
  onEdit: (o: Opportunity) => void;
  onMove: (o: Opportunity, stage: Stage) => void;
  onCloseAs: (o: Opportunity, outcome: 'won' | 'lost') => void;
}

export interface CardLabels {
  ownerName: (o: Opportunity) => string;
}

/**
 * A deal's name wraps between words only (never inside one) and stops after three lines; the full
 * name is its tooltip.
 */
const titleStyle: CSSProperties = {
  wordBreak: 'normal',
  overflowWrap: 'normal',
  display: '-webkit-box',
  WebkitLineClamp: 3,
  WebkitBoxOrient: 'vertical',
  overflow: 'hidden',
};

/** The face of a deal: its name, account, amount, close date, owner, type, days in its stage and next step. */
export function CardFace({
  opportunity: o,
  labels,
  actions,
  handle,
}: {
  opportunity: Opportunity;
  labels: CardLabels;
  actions?: CardActions;
  handle?: React.ReactNode;
}) {
  return (
    <Group gap={6} wrap="nowrap" align="flex-start">
      {handle}
      <Stack gap={2} style={{ minWidth: 0, flex: 1 }}>
        {actions ? (
          <Anchor
            component="button"
            type="button"
            size="sm"
            fw={600}
            ta="left"
            title={o.name}
            style={titleStyle}
            onClick={() => actions.onEdit(o)}
          >
            {o.name}
          </Anchor>
        ) : (
          <Text size="sm" fw={600} title={o.name} style={titleStyle}>
            {o.name}
          </Text>
        )}
        <AccountLink
          accountId={o.accountId}
          tab="opportunities"
          size="xs"
          c="dimmed"
          truncate="end"
          title={o.accountName}
        >
          {o.accountName}
        </AccountLink>
        <Group gap={6} wrap="nowrap">
          <Text size="sm" fw={700} style={{ fontVariantNumeric: 'tabular-nums', flex: 1 }}>
            {formatMoney(o.amount, { compact: true })}
          </Text>
          <Tooltip label={`Owner: ${labels.ownerName(o)}`}>
            <Avatar
              size={22}
              radius="xl"
              color="indigo"
              role="img"
              aria-label={`Owner: ${labels.ownerName(o)}`}
            >
              {initials(labels.ownerName(o))}
            </Avatar>
          </Tooltip>
          {actions && <CardMenu opportunity={o} actions={actions} />}
        </Group>
        <Text size="xs" c="dimmed">
          <span style={{ whiteSpace: 'nowrap' }} title="Expected close">
            {formatDay(o.closeDate)}
          </span>{' '}
          · {typeLabels[o.type]} · {o.probability}%
        </Text>
        <InStage opportunity={o} />
        <NextStep opportunity={o} />
      </Stack>
    </Group>
  );
}

/** How long the deal has been in its stage, with the moment it got there as its tooltip. */
function InStage({ opportunity: o }: { opportunity: Opportunity }) {
  const days = daysInStage(o.stageChangedAt);
  const since = `In ${stageLabels[o.stage]} since ${formatDay(isoDay(new Date(o.stageChangedAt)))}`;
  return (
    <Text size="xs" c={days >= 30 ? 'orange.8' : 'dimmed'} title={since} data-testid="days-in-stage">
      In stage: {days === 0 ? 'since today' : daysInStageLabel(days)}
    </Text>
  );
}

/** The deal's next step (up to two lines) and its day, red once the day has passed. */
function NextStep({ opportunity: o }: { opportunity: Opportunity }) {
  const next = nextStepOf(o, isoDay());
  if (!next) return null;
  return (
    <div data-testid="next-step">
      <Text size="xs" lineClamp={2} title={next.step}>
        Next: {next.step}
      </Text>
      {next.due && (
        <Text size="xs" c={next.overdue ? 'red.7' : 'dimmed'}>
          {next.overdue ? 'Overdue since' : 'Due'} {formatDay(next.due)}
        </Text>
      )}
    </div>
  );
}

function CardMenu({ opportunity: o, actions }: { opportunity: Opportunity; actions: CardActions }) {
  return (
    <MoreActions name={o.name}>
      <Menu.Item onClick={() => actions.onEdit(o)}>Edit</Menu.Item>
      <Menu.Label>Move to</Menu.Label>
      {boardColumns
        .filter((s) => s !== o.stage)
        .map((s) => (
          <Menu.Item key={s} onClick={() => actions.onMove(o, s)}>
            {stageLabels[s]}
          </Menu.Item>
        ))}
      <Menu.Divider />
      <Menu.Item color="green" onClick={() => actions.onCloseAs(o, 'won')}>
        Close as won…
      </Menu.Item>
      <Menu.Item color="red" onClick={() => actions.onCloseAs(o, 'lost')}>
        Close as lost…
      </Menu.Item>
    </MoreActions>
  );
}

/**
 * A deal on the board. The whole card drags with a mouse or a long press; from the keyboard, the grip
 * button picks it up (Space), the arrow keys move it between stages and Space drops it.
 */
export function OpportunityCard({
  opportunity: o,
  labels,
  actions,
  draggable,
}: {
  opportunity: Opportunity;
  labels: CardLabels;
  actions?: CardActions;
  draggable: boolean;
}) {
  const { setNodeRef, setActivatorNodeRef, listeners, attributes, isDragging } = useDraggable({
    id: o.id,
    data: { stage: o.stage },
    disabled: !draggable,
  });
  const style: CSSProperties = {
    opacity: isDragging ? 0.4 : 1,
    cursor: draggable ? 'grab' : undefined,
    touchAction: 'manipulation',
  };
  return (
    <Paper
      ref={setNodeRef}
      withBorder
      shadow="xs"
      p="xs"
      style={style}
      role="listitem"
      data-testid="opportunity-card"
      {...(draggable ? listeners : {})}
    >
      <CardFace
        opportunity={o}
        labels={labels}
        actions={actions}
        handle={
          draggable && (
            <ActionIcon
              ref={setActivatorNodeRef}
              variant="subtle"
              color="gray"
              size="sm"
              {...attributes}
              aria-label={`Move ${o.name}`}
              style={{ cursor: 'grab', flexShrink: 0 }}
            >
              <IconGripVertical size={14} />
            </ActionIcon>
          )
        }
      />
    </Paper>
  );
}
