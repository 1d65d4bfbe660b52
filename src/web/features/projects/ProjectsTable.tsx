import { Anchor, Badge, Table, Text } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { formatDay } from '../../ui/format.ts';
import { RecordTable } from '../../ui/lists.tsx';
import { AccountLink } from '../accounts/index.ts';
import { kindLabels, projectStatusColors, projectStatusLabels } from './labels.ts';
import { BudgetBar, DeliveryBadge } from './ProjectBadges.tsx';
import type { Project } from './projects.api.ts';

/** Badges in a narrow column keep their whole word rather than an ellipsis. */
export const noTruncate = {
  root: { flexShrink: 0, overflow: 'visible' },
  label: { overflow: 'visible' },
} as const;

export function ProjectLink({ project }: { project: Pick<Project, 'id' | 'name'> }) {
  return (
    <Anchor
      size="sm"
      fw={600}
      style={{ overflowWrap: 'anywhere' }}
      renderRoot={(props) => <Link to="/projects/$projectId" params={{ projectId: project.id }} {...props} />}
    >
      {project.name}
    </Anchor>
  );
}

/** Projects with their account, kind, status, delivery status, dates, budget and owner. */
export function ProjectsTable({
  projects,
  ownerName,
  withAccount = true,
}: {
  projects: Project[];
  ownerName: (id: string) => string;
  withAccount?: boolean;
}) {
  const columns = [
    'Name',
    ...(withAccount ? ['Account'] : []),
    'Kind',
    'Status',
    'Delivery',
    'Dates',
    'Budget',
    'Owner',
  ];
  return (
    <RecordTable label="Projects" minWidth={withAccount ? 1000 : 880} columns={columns}>
      {projects.map((p) => (
        <Table.Tr key={p.id}>
          <Table.Td>
            <ProjectLink project={p} />
          </Table.Td>
          {withAccount && (
            <Table.Td>
              <AccountLink accountId={p.accountId} size="sm">
                {p.accountName}
              </AccountLink>
            </Table.Td>
          )}
          <Table.Td>
            <Text size="sm">{kindLabels[p.kind]}</Text>
          </Table.Td>
          <Table.Td>
            <Badge variant="outline" color={projectStatusColors[p.status]} styles={noTruncate}>
              {projectStatusLabels[p.status]}
            </Badge>
          </Table.Td>
          <Table.Td>
            <DeliveryBadge project={p} />
          </Table.Td>
          <Table.Td>
            <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
              {formatDay(p.startDate)} – {formatDay(p.endDate)}
            </Text>
          </Table.Td>
          <Table.Td>
            <BudgetBar project={p} />
          </Table.Td>
          <Table.Td>
            <Text size="sm">{ownerName(p.ownerId)}</Text>
          </Table.Td>
        </Table.Tr>
      ))}
    </RecordTable>
  );
}
