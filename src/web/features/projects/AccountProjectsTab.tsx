import { Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { AddButton, QueryContent } from '../../ui/lists.tsx';
import { EmptyState, Toolbar } from '../../ui/states.tsx';
import type { AccountTabProps } from '../feature.ts';
import { canWorkAccounts, useMe } from '../session/index.ts';
import { userDirectoryQuery } from '../users/index.ts';
import { ProjectFormModal } from './ProjectFormModal.tsx';
import { ProjectsTable } from './ProjectsTable.tsx';
import { accountProjectsQuery } from './projects.api.ts';

/** The account's projects, campaigns and retainers, with their delivery status and budget. */
export function AccountProjectsTab({ account }: AccountTabProps) {
  const me = useMe();
  const canWork = canWorkAccounts(me) && !account.archivedAt;
  const list = useQuery(accountProjectsQuery(account.id));
  const users = useQuery(userDirectoryQuery);
  const [creating, setCreating] = useState(false);
  const ownerName = (id: string) => users.data?.find((u) => u.id === id)?.name ?? '…';
  const projects = list.data ?? [];

  return (
    <Stack gap="md">
      <Toolbar actions={canWork && <AddButton onClick={() => setCreating(true)}>New project</AddButton>}>
        <Text size="sm" c="dimmed">
          The work sold to {account.name}: projects, campaigns and retainers.
        </Text>
      </Toolbar>
      <QueryContent
        query={list}
        what="projects"
        empty={
          projects.length === 0 && (
            <EmptyState title="No projects">
              {canWork ? 'Start one with New project to track its deliverables and budget.' : null}
            </EmptyState>
          )
        }
      >
        <ProjectsTable projects={projects} ownerName={ownerName} withAccount={false} />
      </QueryContent>
      {canWork && (
        <ProjectFormModal
          opened={creating}
          accountId={account.id}
          project={null}
          onClose={() => setCreating(false)}
        />
      )}
    </Stack>
  );
}
