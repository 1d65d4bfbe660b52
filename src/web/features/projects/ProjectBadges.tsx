import { Badge, Box, Group, Progress, Text, Tooltip } from '@mantine/core';
import { formatMoney } from '../../ui/format.ts';
import { deliveryColors, deliveryLabels, percent } from './labels.ts';
import type { Project } from './projects.api.ts';

/** On track, at risk or off track, with the reason on hover; nothing for finished projects. */
export function DeliveryBadge({ project }: { project: Pick<Project, 'deliveryStatus' | 'deliveryReason'> }) {
  if (!project.deliveryStatus)
    return (
      <Text size="sm" c="dimmed">
        —
      </Text>
    );
  const badge = (
    <Badge
      variant="light"
      color={deliveryColors[project.deliveryStatus]}
      data-testid="delivery-status"
      styles={{ root: { flexShrink: 0, overflow: 'visible' }, label: { overflow: 'visible' } }}
    >
      {deliveryLabels[project.deliveryStatus]}
    </Badge>
  );
  return project.deliveryReason ? (
    <Tooltip label={project.deliveryReason} multiline maw={320} withArrow>
      {badge}
    </Tooltip>
  ) : (
    badge
  );
}

/**
 * The budget spent, and the amount committed to vendors as a lighter segment after it; red once the
 * budget is overspent.
 */
export function BudgetBar({
  project,
  withText = true,
}: {
  project: Pick<Project, 'budget' | 'spent' | 'committed' | 'budgetUsed' | 'budgetCommitted'>;
  withText?: boolean;
}) {
  if (project.budget === null)
    return (
      <Text size="sm" c="dimmed">
        No budget
      </Text>
    );
  const used = Math.min(100, (project.budgetUsed ?? 0) * 100);
  const committed = Math.max(
    0,
    Math.min(100 - used, ((project.budgetCommitted ?? 0) - (project.budgetUsed ?? 0)) * 100),
  );
  const over = (project.budgetUsed ?? 0) > 1;
  const overCommitted = (project.budgetCommitted ?? 0) > 1;
  const label = `${formatMoney(project.spent, { compact: true })} spent${project.committed ? `, ${formatMoney(project.committed, { compact: true })} committed` : ''} of ${formatMoney(project.budget, { compact: true })}`;
  return (
    <Box miw={120}>
      <Tooltip label={label} withArrow>
        <Progress.Root size="md" aria-label={`Budget used ${percent(project.budgetUsed)}`}>
          <Progress.Section value={used} color={over ? 'red' : 'blue'} />
          <Progress.Section value={committed} color={overCommitted ? 'orange.3' : 'blue.2'} />
        </Progress.Root>
      </Tooltip>
      {withText && (
        <Group gap={4} mt={2} wrap="nowrap">
          <Text size="xs" c={over ? 'red' : 'dimmed'}>
            {percent(project.budgetUsed)} of {formatMoney(project.budget, { compact: true })}
          </Text>
        </Group>
      )}
    </Box>
  );
}
