import { Alert, Button, Code, List, Paper, Stack, Text, Title } from '@mantine/core';
import { IconDownload, IconInfoCircle } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api.ts';
import { useMe } from '../session/index.ts';

const serverQuery = { queryKey: ['server-health'], queryFn: () => unwrap(api.GET('/api/health')) };

/** Settings → Backup: what a backup holds, how it is restored, and the download (admins). */
export function BackupTab() {
  const me = useMe();
  const server = useQuery(serverQuery);
  const embedded = server.data?.database === 'pglite';
  return (
    <Stack gap="md" maw={760}>
      <Text size="sm">
        A backup is one file holding everything in Steward’s database, read from one consistent moment.
        Restore it to go back to that moment, or to move Steward to another server — from a laptop to
        PostgreSQL in production, say.
      </Text>

      {me.role === 'admin' ? (
        <div>
          <Button component="a" href="/api/v1/admin/backup" download leftSection={<IconDownload size={16} />}>
            Download backup
          </Button>
        </div>
      ) : (
        <Text size="sm" c="dimmed">
          Only admins can download a backup.
        </Text>
      )}

      <Paper withBorder p="md">
        <Stack gap="xs">
          <Title order={4}>What it holds</Title>
          <List size="sm" spacing={4}>
            <List.Item>
              Every table: people, teams, accounts, contacts, activities, meetings, tasks, products,
              contracts, opportunities, quotas, health, issues, feedback, settings and the audit log.
            </List.Item>
            <List.Item>
              Password hashes, API key hashes and the secret that signs sessions: keep the file as safe as the
              database itself.
            </List.Item>
            <List.Item>Not the queue of background jobs, which the server makes again.</List.Item>
          </List>
          <Text size="sm" c="dimmed">
            The file is a gzip of JSON lines, one section per table, with a manifest of the schema version and
            each table’s row count and checksum. It is the same whichever database made it.
          </Text>
        </Stack>
      </Paper>

      <Paper withBorder p="md">
        <Stack gap="xs">
          <Title order={4}>Restoring it</Title>
          <Text size="sm">
            On the server’s machine, with Steward stopped, into an empty database — the embedded one (a new{' '}
            <Code>STEWARD_DATA_DIR</Code>) or PostgreSQL (<Code>DATABASE_URL</Code>):
          </Text>
          <Code block>npx steward restore --in steward-….backup</Code>
          <Text size="sm" c="dimmed">
            Restore brings the database to the backup’s version, loads it, checks every table against the
            manifest, then upgrades it to this version of Steward. <Code>npx steward backup --out FILE</Code>{' '}
            writes the same file from the command line.
          </Text>
        </Stack>
      </Paper>

      <Alert
        icon={<IconInfoCircle size={18} />}
        color={embedded ? 'yellow' : 'gray'}
        title={embedded ? 'This server runs on the embedded database' : 'On the embedded database'}
      >
        The embedded database (PGlite) has a single connection, and a download holds it until the last byte:
        other people’s requests wait meanwhile. Download when few are working, or run{' '}
        <Code>steward backup</Code> with the server stopped.
      </Alert>
    </Stack>
  );
}
