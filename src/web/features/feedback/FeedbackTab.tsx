import { Grid, Group, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { Account } from '../../api.ts';
import { ExportCsvButton } from '../../ui/ExportCsvButton.tsx';
import { personName } from '../../ui/format.ts';
import { QueryContent } from '../../ui/lists.tsx';
import { EmptyState } from '../../ui/states.tsx';
import { contactsQuery } from '../contacts/index.ts';
import { canWorkAccounts, useMe } from '../session/index.ts';
import { FeedbackForm } from './FeedbackForm.tsx';
import { FeedbackItem } from './FeedbackItem.tsx';
import { feedbackListQuery } from './feedback.api.ts';

/** The account's product feedback, newest first, and the form that logs more. */
export function FeedbackTab({ account }: { account: Account }) {
  const me = useMe();
  const canWork = canWorkAccounts(me) && !account.archivedAt;
  const list = useQuery(feedbackListQuery({ accountId: account.id }));
  const contacts = useQuery(contactsQuery(account.id));
  const from = (id: string | null | undefined) => {
    const c = id ? contacts.data?.find((x) => x.id === id) : undefined;
    return c ? ` · from ${personName(c.firstName, c.lastName)}` : '';
  };
  const items = [...(list.data ?? [])].sort((a, b) => b.createdAt.localeCompare(a.createdAt));

  return (
    <Grid gap="md">
      {canWork && (
        <Grid.Col span={{ base: 12, md: 5 }}>
          <FeedbackForm account={account} />
        </Grid.Col>
      )}
      <Grid.Col span={{ base: 12, md: canWork ? 7 : 12 }}>
        <Stack gap="xs">
          <Group justify="space-between" align="center" gap="sm">
            <Title order={2} size="h5">
              Feedback from {account.name}
            </Title>
            <ExportCsvButton entity="feedback" filters={{ accountId: account.id }} />
          </Group>
          <QueryContent
            query={list}
            what="feedback"
            empty={
              items.length === 0 && (
                <EmptyState title="No feedback yet">
                  {canWork
                    ? 'Log what the client asks of the product: it is weighed by their ARR on the Feedback page.'
                    : null}
                </EmptyState>
              )
            }
          >
            <Stack gap="xs" role="list" aria-label="Feedback">
              {items.map((f) => (
                <FeedbackItem key={f.id} item={f} canChange={canWork} extra={from(f.contactId)} />
              ))}
            </Stack>
            <Text size="xs" c="dimmed">
              {items.length} item{items.length === 1 ? '' : 's'}
            </Text>
          </QueryContent>
        </Stack>
      </Grid.Col>
    </Grid>
  );
}
