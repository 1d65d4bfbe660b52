import {
  Alert,
  Badge,
  Button,
  Code,
  Group,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconInfoCircle, IconSend } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { formatDateTime } from '../../ui/format.ts';
import { QueryContent } from '../../ui/lists.tsx';
import { FormError } from '../../ui/states.tsx';
import { useMe } from '../session/index.ts';
import { type MailMessage, mailMessagesQuery, mailStatusQuery, useSendTestMail } from './mail.api.ts';

const statusColor: Record<MailMessage['status'], string> = {
  pending: 'yellow',
  sent: 'green',
  failed: 'red',
};
const kindLabel: Record<MailMessage['kind'], string> = {
  notification: 'Notification',
  digest: 'Digest',
  playbook: 'Playbook',
  test: 'Test',
};

/** Settings → E-mail (admins): whether SMTP is configured, a test message, and the recent messages. */
export function MailTab() {
  const me = useMe();
  // The tab is hidden from others, but its address still opens.
  if (me.role !== 'admin')
    return (
      <Alert color="gray" title="Admins only">
        Only admins see the mail settings.
      </Alert>
    );
  return <Mail />;
}

function Mail() {
  const status = useQuery({ ...mailStatusQuery, refetchInterval: 5_000 });
  const messages = useQuery({
    ...mailMessagesQuery,
    // While something waits to be sent, follow it.
    refetchInterval: (q) => (q.state.data?.data.some((m) => m.status === 'pending') ? 2_000 : 15_000),
  });
  // The counts follow the list: a message sent or failed there is counted here at once.
  const refetchStatus = status.refetch;
  useEffect(() => {
    if (messages.dataUpdatedAt) void refetchStatus();
  }, [messages.dataUpdatedAt, refetchStatus]);
  const sendTest = useSendTestMail();
  const [to, setTo] = useState('');

  return (
    <Stack gap="md" maw={960}>
      <QueryContent query={status} what="the mail settings">
        {status.data &&
          (status.data.configured ? (
            <Paper withBorder p="md">
              <Stack gap={6}>
                <Group gap="xs">
                  <Badge color="green" variant="light">
                    Configured
                  </Badge>
                  <Text size="sm">
                    Sending through <Code>{status.data.server}</Code> as <Code>{status.data.from}</Code>
                  </Text>
                </Group>
                <Text size="sm" c="dimmed">
                  {status.data.queue.pending} waiting · {status.data.queue.sent24h} sent and{' '}
                  {status.data.queue.failed24h} failed in the last 24 hours
                </Text>
              </Stack>
            </Paper>
          ) : (
            <Alert color="yellow" icon={<IconInfoCircle size={16} />} title="E-mail is not configured">
              <Stack gap={6}>
                <Text size="sm">
                  Steward sends no mail — no digests, no instant notifications, no playbook e-mails — until
                  the server is started with an SMTP server:
                </Text>
                <Code block>
                  {'SMTP_URL=smtp://user:password@smtp.example.com:587   # or smtps://…:465\n'}
                  {'STEWARD_MAIL_FROM="Steward <steward@example.com>"   # optional'}
                </Code>
                <Text size="sm">
                  Without STEWARD_MAIL_FROM mail comes from <Code>{status.data.from}</Code>.
                </Text>
              </Stack>
            </Alert>
          ))}
      </QueryContent>

      {status.data?.configured && (
        <Paper withBorder p="md">
          <form
            onSubmit={(e) => {
              e.preventDefault();
              sendTest.mutate(to.trim() ? { to: to.trim() } : {}, {
                onSuccess: () => void messages.refetch(),
              });
            }}
          >
            <Stack gap="xs">
              <Title order={4}>Send a test message</Title>
              <Group align="flex-end" gap="xs">
                <TextInput
                  label="To"
                  placeholder="You, when empty"
                  type="email"
                  value={to}
                  onChange={(e) => setTo(e.currentTarget.value)}
                  w={320}
                />
                <Button type="submit" leftSection={<IconSend size={16} />} loading={sendTest.isPending}>
                  Send test mail
                </Button>
              </Group>
              <FormError error={sendTest.error} fields={['to']} />
              {sendTest.data && (
                <TestResult
                  id={sendTest.data.id}
                  to={sendTest.data.to}
                  messages={messages.data?.data ?? []}
                />
              )}
            </Stack>
          </form>
        </Paper>
      )}

      <Stack gap="xs">
        <Title order={4}>Recent messages</Title>
        <QueryContent
          query={messages}
          what="the recent messages"
          empty={
            messages.data?.data.length === 0 && (
              <Text size="sm" c="dimmed">
                Nothing sent yet.
              </Text>
            )
          }
        >
          <Table striped highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Queued</Table.Th>
                <Table.Th>To</Table.Th>
                <Table.Th>Subject</Table.Th>
                <Table.Th>Kind</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Attempts</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {messages.data?.data.map((m) => (
                <Table.Tr key={m.id}>
                  <Table.Td>{formatDateTime(m.createdAt)}</Table.Td>
                  <Table.Td>{m.to}</Table.Td>
                  <Table.Td>{m.subject}</Table.Td>
                  <Table.Td>{kindLabel[m.kind]}</Table.Td>
                  <Table.Td>
                    {m.status === 'pending' && m.lastError ? (
                      <Badge color="orange" variant="light">
                        retrying
                      </Badge>
                    ) : (
                      <Badge color={statusColor[m.status]} variant="light">
                        {m.status}
                      </Badge>
                    )}
                    {m.lastError && (
                      <Text size="xs" c={m.status === 'failed' ? 'red' : 'dimmed'}>
                        {m.lastError}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{m.attempts}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </QueryContent>
      </Stack>
    </Stack>
  );
}

/** What became of the test message, as the list shows it. */
function TestResult({ id, to, messages }: { id: string; to: string; messages: MailMessage[] }) {
  const m = messages.find((x) => x.id === id);
  if (m?.status === 'sent') {
    return (
      <Alert color="green" variant="light">
        Sent to {to}. Check that inbox (and its spam folder).
      </Alert>
    );
  }
  if (m?.status === 'failed' || m?.lastError) {
    const failed = m.status === 'failed';
    return (
      <Alert color={failed ? 'red' : 'orange'} variant="light">
        {failed ? 'Could not send it' : 'Not sent yet, retrying'}: {m.lastError}
      </Alert>
    );
  }
  return (
    <Alert color="blue" variant="light">
      Queued for {to}; it is sent within seconds.
    </Alert>
  );
}
