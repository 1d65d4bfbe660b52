import {
  type Announcements,
  type CollisionDetection,
  DndContext,
  type DragEndEvent,
  DragOverlay,
  type KeyboardCoordinateGetter,
  KeyboardSensor,
  MouseSensor,
  pointerWithin,
  rectIntersection,
  TouchSensor,
  useDroppable,
  useSensor,
  useSensors,
} from '@dnd-kit/core';
import { Badge, Box, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconCircleCheck, IconCircleX } from '@tabler/icons-react';
import { type ReactNode, useState } from 'react';
import { formatMoney } from '../../ui/format.ts';
import type { Opportunity } from '../contracts/index.ts';
import { type Stage, stageColors, stageLabels } from '../opportunities/index.ts';
import { type Column, columnsOf, moveOf, nextTarget } from './board.ts';
import { type CardActions, CardFace, type CardLabels, OpportunityCard } from './OpportunityCard.tsx';

/** Cards a column shows before "Show all": a long column stays quick to draw. */
const SHOWN = 50;

const targetName = (id: unknown) =>
  id === 'closed_won' ? 'Close as won' : id === 'closed_lost' ? 'Close as lost' : stageLabels[id as Stage];

/** The arrow keys jump from target to target instead of nudging the card a few pixels. */
const jumpToTarget: KeyboardCoordinateGetter = (event, { context }) => {
  const direction =
    event.code === 'ArrowRight' || event.code === 'ArrowDown'
      ? 'right'
      : event.code === 'ArrowLeft' || event.code === 'ArrowUp'
        ? 'left'
        : null;
  if (!direction) return undefined;
  event.preventDefault();
  const from = context.over?.id ?? context.active?.data.current?.stage;
  const rect = context.droppableRects.get(nextTarget(String(from), direction));
  const card = context.collisionRect;
  if (!rect || !card) return undefined;
  return {
    x: rect.left + (rect.width - card.width) / 2,
    y: rect.top + Math.min(48, Math.max(0, (rect.height - card.height) / 2)),
  };
};

/** Where the pointer is, else (keyboard) the target the card overlaps most. */
const collisions: CollisionDetection = (args) => {
  const hits = pointerWithin(args);
  return hits.length ? hits : rectIntersection(args);
};

export function PipelineBoard({
  opportunities,
  labels,
  actions,
  canWork,
}: {
  opportunities: Opportunity[];
  labels: CardLabels;
  actions: CardActions;
  canWork: boolean;
}) {
  const [dragging, setDragging] = useState<Opportunity | null>(null);
  // On a phone one column fills most of the screen and the board scrolls sideways.
  const narrow = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });
  const sensors = useSensors(
    useSensor(MouseSensor, { activationConstraint: { distance: 6 } }),
    // A long press picks a card up, so a swipe still scrolls the board on a phone.
    useSensor(TouchSensor, { activationConstraint: { delay: 250, tolerance: 8 } }),
    useSensor(KeyboardSensor, { coordinateGetter: jumpToTarget }),
  );
  const byId = new Map(opportunities.map((o) => [o.id, o]));
  const nameOf = (id: unknown) => byId.get(String(id))?.name ?? 'The deal';

  const announcements: Announcements = {
    onDragStart: ({ active }) => `Picked up ${nameOf(active.id)}.`,
    onDragOver: ({ active, over }) =>
      over
        ? `${nameOf(active.id)} is over ${targetName(over.id)}.`
        : `${nameOf(active.id)} is over no stage.`,
    onDragEnd: ({ active, over }) =>
      over
        ? `${nameOf(active.id)} dropped on ${targetName(over.id)}.`
        : `${nameOf(active.id)} was not moved.`,
    onDragCancel: ({ active }) => `Moving ${nameOf(active.id)} was cancelled.`,
  };

  const onDragEnd = ({ active, over }: DragEndEvent) => {
    setDragging(null);
    const o = byId.get(String(active.id));
    if (!o) return;
    const move = moveOf(o, over?.id ? String(over.id) : null);
    if (move.kind === 'stage') actions.onMove(o, move.stage);
    else if (move.kind === 'won' || move.kind === 'lost') actions.onCloseAs(o, move.kind);
  };

  return (
    <DndContext
      sensors={sensors}
      collisionDetection={collisions}
      accessibility={{
        announcements,
        screenReaderInstructions: {
          draggable:
            'To move a deal, press Space on its grip, then the left and right arrow keys to pick a stage, and Space again to drop it. Escape cancels.',
        },
      }}
      onDragStart={({ active }) => setDragging(byId.get(String(active.id)) ?? null)}
      onDragCancel={() => setDragging(null)}
      onDragEnd={onDragEnd}
    >
      <Box
        style={{
          display: 'grid',
          // Equal columns however long their cards' words, never so narrow that a name breaks badly
          // (below that the board scrolls sideways); the closing targets take only what they need.
          gridTemplateColumns: `repeat(4, ${narrow ? '78vw' : 'minmax(210px, 1fr)'})${canWork ? ' 88px' : ''}`,
          alignItems: 'start',
          // On a phone a swipe stops at the start of a column.
          scrollSnapType: 'x proximity',
          gap: 'var(--mantine-spacing-sm)',
          overflowX: 'auto',
          paddingBottom: 8,
        }}
        aria-label="Pipeline board"
        role="region"
      >
        {columnsOf(opportunities).map((col) => (
          <StageColumn key={col.stage} column={col}>
            {(cards) =>
              cards.map((o) => (
                <OpportunityCard
                  key={o.id}
                  opportunity={o}
                  labels={labels}
                  actions={canWork ? actions : undefined}
                  draggable={canWork}
                />
              ))
            }
          </StageColumn>
        ))}
        {canWork && (
          <Stack gap="sm">
            <CloseTarget id="closed_won" label="Won" icon={<IconCircleCheck size={20} />} color="green" />
            <CloseTarget id="closed_lost" label="Lost" icon={<IconCircleX size={20} />} color="red" />
          </Stack>
        )}
      </Box>
      <DragOverlay dropAnimation={null}>
        {dragging && (
          <Paper withBorder shadow="md" p="xs" style={{ cursor: 'grabbing', width: 220 }}>
            <CardFace opportunity={dragging} labels={labels} />
          </Paper>
        )}
      </DragOverlay>
    </DndContext>
  );
}

function StageColumn({
  column,
  children,
}: {
  column: Column<Opportunity>;
  children: (cards: Opportunity[]) => ReactNode;
}) {
  const { setNodeRef, isOver } = useDroppable({ id: column.stage });
  const [all, setAll] = useState(false);
  const shown = all ? column.cards : column.cards.slice(0, SHOWN);
  const label = stageLabels[column.stage];
  return (
    <Paper
      ref={setNodeRef}
      withBorder
      p="xs"
      bg={isOver ? 'var(--mantine-primary-color-light)' : 'var(--mantine-color-default-hover)'}
      style={{ minWidth: 0, minHeight: 320, transition: 'background-color 120ms', scrollSnapAlign: 'start' }}
      aria-label={`${label}: ${column.count} deals, ${formatMoney(column.total)}`}
      role="group"
      data-stage={column.stage}
    >
      <Stack gap="xs">
        <Stack gap={2}>
          <Badge
            variant="dot"
            color={stageColors[column.stage]}
            size="md"
            style={{ alignSelf: 'flex-start' }}
          >
            {label}
          </Badge>
          <Group justify="space-between" gap={4} wrap="nowrap" px={4}>
            <Text size="xs" c="dimmed" data-testid="column-count">
              {column.count} deal{column.count === 1 ? '' : 's'}
            </Text>
            <Text size="sm" fw={700} title={formatMoney(column.total)} data-testid="column-total">
              {formatMoney(column.total, { compact: true })}
            </Text>
          </Group>
        </Stack>
        <Stack gap={6} role="list" aria-label={`${label} deals`}>
          {children(shown)}
        </Stack>
        {column.count === 0 && (
          <Text size="xs" c="dimmed" ta="center" py="md">
            No deals in {label.toLowerCase()}.
          </Text>
        )}
        {column.count > shown.length && (
          <Button variant="subtle" size="xs" onClick={() => setAll(true)}>
            Show all {column.count}
          </Button>
        )}
      </Stack>
    </Paper>
  );
}

function CloseTarget({
  id,
  label,
  icon,
  color,
}: {
  id: Stage;
  label: string;
  icon: ReactNode;
  color: string;
}) {
  const { setNodeRef, isOver, active } = useDroppable({ id });
  return (
    <Paper
      ref={setNodeRef}
      p="xs"
      radius="md"
      role="group"
      aria-label={`Drop here to close as ${label.toLowerCase()}`}
      data-stage={id}
      style={{
        height: 150,
        border: `2px dashed var(--mantine-color-${color}-${isOver ? 6 : 4})`,
        background: isOver ? `var(--mantine-color-${color}-light)` : undefined,
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        opacity: active || isOver ? 1 : 0.7,
      }}
    >
      <Stack gap={4} align="center" c={`${color}.6`}>
        {icon}
        <Text size="sm" fw={600}>
          {label}
        </Text>
        <Text size="xs" c="dimmed" ta="center">
          Drop a deal here
        </Text>
      </Stack>
    </Paper>
  );
}
