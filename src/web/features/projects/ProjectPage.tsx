import {
  Anchor,
  Badge,
  Breadcrumbs,
  Button,
  Group,
  Paper,
  Progress,
  Select,
  SimpleGrid,
  Stack,
  Tabs,
  Text,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPencil, IconTrash } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { type ReactNode, useState } from 'react';
import { ApiError } from '../../api.ts';
import { ConfirmModal } from '../../ui/ConfirmModal.tsx';
import { formatDay, formatMoney } from '../../ui/format.ts';
import { notifyFailure } from '../../ui/notify.ts';
import { ErrorState, PageLoader } from '../../ui/states.tsx';
import { AccountLink } from '../accounts/index.ts';
import { canWorkAccounts, useMe } from '../session/index.ts';
import { userDirectoryQuery } from '../users/index.ts';
import { ClientRequestsTab } from './ClientRequestsTab.tsx';
import { DeliverablesTab } from './DeliverablesTab.tsx';
import {
  deliveryColors,
  deliveryLabels,
  kindLabels,
  type ProjectStatus,
  percent,
  projectStatusColors,
  projectStatusLabels,
  projectStatusOptions,
} from './labels.ts';
import { BudgetBar } from './ProjectBadges.tsx';
import { ProjectFormModal } from './ProjectFormModal.tsx';
import { type Project, projectQuery, useDeleteProject, useUpdateProject } from './projects.api.ts';
import { ScopeTab } from './ScopeTab.tsx';
import { VendorsTab } from './VendorsTab.tsx';

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="sm" fw={500} component="div">
        {children}
      </Text>
    </div>
  );
}

function BackToProjects() {
  return (
    <Breadcrumbs>
      <Anchor component={Link} to="/projects" size="sm">
        Projects
      </Anchor>
    </Breadcrumbs>
  );
}

export function ProjectPage({
  projectId,
  tab,
  onTabChange,
}: {
  projectId: string;
  tab: string;
  onTabChange: (tab: string) => void;
}) {
  const query = useQuery(projectQuery(projectId));
  if (query.isPending) return <PageLoader label="Loading the project…" />;
  if (query.isError) {
    const missing = query.error instanceof ApiError && query.error.status === 404;
    return (
      <Stack gap="md" align="flex-start">
        <BackToProjects />
        <ErrorState
          error={query.error}
          title={missing ? 'No such project' : 'Could not load the project'}
          onRetry={missing ? undefined : () => void query.refetch()}
        />
      </Stack>
    );
  }
  return <ProjectDetails project={query.data} tab={tab} onTabChange={onTabChange} />;
}

/** Budget used against time elapsed: two bars on one scale, so overspending early stands out. */
function BudgetVsElapsed({ project }: { project: Project }) {
  const elapsed = Math.round(project.elapsed * 100);
  return (
    <Stack gap={6}>
      <Group justify="space-between" gap="xs">
        <Text size="xs" c="dimmed">
          Budget used
        </Text>
        <Text size="xs" fw={500}>
          {project.budget === null
            ? 'No budget'
            : `${percent(project.budgetUsed)} · ${formatMoney(project.spent)} of ${formatMoney(project.budget)}${project.committed ? ` (+${formatMoney(project.committed)} committed)` : ''}`}
        </Text>
      </Group>
      <BudgetBar project={project} withText={false} />
      <Group justify="space-between" gap="xs">
        <Text size="xs" c="dimmed">
          Time elapsed
        </Text>
        <Text size="xs" fw={500}>
          {elapsed}%
        </Text>
      </Group>
      <Progress value={elapsed} color="gray" size="md" aria-label={`Time elapsed ${elapsed}%`} />
    </Stack>
  );
}

function ProjectDetails({
  project,
  tab,
  onTabChange,
}: {
  project: Project;
  tab: string;
  onTabChange: (tab: string) => void;
}) {
  const me = useMe();
  const users = useQuery(userDirectoryQuery);
  const update = useUpdateProject();
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const navigate = useNavigate();
  const remove = useDeleteProject((p) => {
    notifications.show({ message: `${p.name} deleted.` });
    return navigate({ to: '/projects' });
  });
  const canEdit = canWorkAccounts(me);
  const userName = (id: string) => users.data?.find((u) => u.id === id)?.name ?? '…';
  const progress = project.progress === null ? null : Math.round(project.progress * 100);

  return (
    <Stack gap="md">
      <BackToProjects />
      <Group justify="space-between" align="flex-start" gap="sm">
        <Stack gap={4} style={{ minWidth: 0, flex: '1 1 320px' }}>
          <Title order={1} size="h2" style={{ overflowWrap: 'anywhere' }}>
            {project.name}
          </Title>
          <Group gap={6}>
            <AccountLink accountId={project.accountId} size="sm">
              {project.accountName}
            </AccountLink>
            <Text size="sm" c="dimmed">
              · {kindLabels[project.kind]}
              {project.kind === 'retainer' && project.monthlyFee !== null
                ? ` · ${formatMoney(project.monthlyFee)} a month`
                : ''}
            </Text>
            <Badge variant="outline" color={projectStatusColors[project.status]}>
              {projectStatusLabels[project.status]}
            </Badge>
          </Group>
        </Stack>
        {canEdit && (
          <Group gap="xs">
            <Select
              aria-label="Project status"
              data={projectStatusOptions}
              value={project.status}
              allowDeselect={false}
              w={150}
              disabled={update.isPending}
              onChange={(v) =>
                v &&
                v !== project.status &&
                update.mutate(
                  { project, body: { status: v as ProjectStatus } },
                  { onError: notifyFailure('Could not change the status') },
                )
              }
            />
            <Button variant="default" leftSection={<IconPencil size={16} />} onClick={() => setEditing(true)}>
              Edit
            </Button>
            <Button
              variant="subtle"
              color="red"
              leftSection={<IconTrash size={16} />}
              onClick={() => {
                remove.reset();
                setDeleting(true);
              }}
            >
              Delete project
            </Button>
          </Group>
        )}
      </Group>

      <Paper withBorder p="md">
        <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }} spacing="lg">
          <Fact label="Delivery">
            {project.deliveryStatus ? (
              <Stack gap={2}>
                <Badge
                  variant="light"
                  color={deliveryColors[project.deliveryStatus]}
                  data-testid="delivery-status"
                >
                  {deliveryLabels[project.deliveryStatus]}
                </Badge>
                {project.deliveryReason && (
                  <Text size="xs" c="dimmed" fw={400}>
                    {project.deliveryReason}
                  </Text>
                )}
              </Stack>
            ) : (
              <Text size="sm" c="dimmed">
                {projectStatusLabels[project.status]}
              </Text>
            )}
          </Fact>
          <Fact label="Dates">
            {formatDay(project.startDate)} – {formatDay(project.endDate)}
          </Fact>
          <Fact label="Owner">{userName(project.ownerId)}</Fact>
          <Fact label="Progress">
            {progress === null ? (
              <Text size="sm" c="dimmed">
                No deliverables yet
              </Text>
            ) : (
              <Stack gap={2}>
                <Text size="sm">{progress}% of effort approved or delivered</Text>
                <Progress value={progress} color="teal" aria-label={`Progress ${progress}%`} />
              </Stack>
            )}
          </Fact>
        </SimpleGrid>
        <Stack mt="md" maw={640}>
          <BudgetVsElapsed project={project} />
        </Stack>
        {project.teamMemberIds.length > 0 && (
          <Text size="sm" c="dimmed" mt="sm">
            Team: {project.teamMemberIds.map(userName).join(', ')}
          </Text>
        )}
      </Paper>

      <Tabs value={tab} onChange={(t) => t && onTabChange(t)} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="deliverables">Deliverables</Tabs.Tab>
          <Tabs.Tab value="requests">Client requests</Tabs.Tab>
          <Tabs.Tab value="vendors">Vendors</Tabs.Tab>
          <Tabs.Tab value="scope">Scope and goals</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="deliverables" pt="md">
          <DeliverablesTab project={project} />
        </Tabs.Panel>
        <Tabs.Panel value="requests" pt="md">
          <ClientRequestsTab project={project} />
        </Tabs.Panel>
        <Tabs.Panel value="vendors" pt="md">
          <VendorsTab project={project} />
        </Tabs.Panel>
        <Tabs.Panel value="scope" pt="md">
          <ScopeTab project={project} />
        </Tabs.Panel>
      </Tabs>
      {canEdit && (
        <ProjectFormModal
          opened={editing}
          accountId={project.accountId}
          project={project}
          onClose={() => setEditing(false)}
        />
      )}
      <ConfirmModal
        opened={deleting}
        title={`Delete ${project.name}?`}
        confirmLabel="Delete project"
        loading={remove.isPending}
        error={remove.error}
        onClose={() => setDeleting(false)}
        onConfirm={() => remove.mutate(project)}
      >
        “{project.name}” is removed for good. Only a project with no deliverables, client requests or vendor
        engagements can be deleted; to close one that has them, cancel it instead.
      </ConfirmModal>
    </Stack>
  );
}
