import { Badge, type BadgeProps, List, Text, Tooltip } from '@mantine/core';
import { type ChurnRisk, churnRiskColors, churnRiskLabels } from './labels.ts';

/**
 * A churn-risk badge; when the risk is medium or high its reasons (the API's churnRiskReasons)
 * show in a tooltip, and in the badge's accessible name, so the badge is never a bare verdict.
 */
export function ChurnRiskBadge({
  risk,
  reasons,
  label = churnRiskLabels[risk],
  ...badge
}: { risk: ChurnRisk; reasons: readonly string[]; label?: string } & Omit<BadgeProps, 'color' | 'children'>) {
  const b = (
    <Badge
      color={churnRiskColors[risk]}
      variant="light"
      aria-label={reasons.length ? `${label}: ${reasons.join('; ')}` : label}
      data-testid="churn-risk"
      style={reasons.length ? { cursor: 'help' } : undefined}
      {...badge}
    >
      {label}
    </Badge>
  );
  if (!reasons.length) return b;
  return (
    <Tooltip label={reasons.join(' · ')} multiline maw={320} withArrow>
      {b}
    </Tooltip>
  );
}

/** The reasons behind a churn risk as a short list, for where there is room (account pages). */
export function ChurnRiskReasons({ reasons }: { reasons: readonly string[] }) {
  if (!reasons.length) return null;
  return (
    <List size="sm" spacing={2} data-testid="churn-risk-reasons" aria-label="Why the churn risk">
      {reasons.map((r) => (
        <List.Item key={r}>
          <Text size="sm" span>
            {r}
          </Text>
        </List.Item>
      ))}
    </List>
  );
}
