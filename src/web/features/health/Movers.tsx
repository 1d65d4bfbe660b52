import { Group, Stack, Table, Text, Title } from '@mantine/core';
import { IconArrowDownRight, IconArrowUpRight } from '@tabler/icons-react';
import { AccountLink } from '../accounts/index.ts';
import { formatChange } from './format.ts';
import type { PortfolioHealth } from './health.api.ts';

/** The accounts whose score moved most in 30 days, either way, each one click from its health tab. */
export function Movers({ movers }: { movers: PortfolioHealth['movers'] }) {
  return (
    <Stack gap="sm">
      <Title order={2} size="h5">
        Biggest movers, last 30 days
      </Title>
      {movers.length === 0 ? (
        <Text size="sm" c="dimmed">
          No score has moved in the last 30 days.
        </Text>
      ) : (
        <Table verticalSpacing={6} aria-label="Biggest movers">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Account</Table.Th>
              <Table.Th ta="right">Score</Table.Th>
              <Table.Th ta="right">Change</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {movers.map((m) => {
              const up = m.change30d > 0;
              const Icon = up ? IconArrowUpRight : IconArrowDownRight;
              return (
                <Table.Tr key={m.accountId}>
                  <Table.Td>
                    <AccountLink accountId={m.accountId} tab="health" size="sm" fw={500}>
                      {m.name}
                    </AccountLink>
                  </Table.Td>
                  <Table.Td ta="right">{m.score ?? '—'}</Table.Td>
                  <Table.Td ta="right">
                    <Group gap={2} justify="flex-end" wrap="nowrap">
                      {m.change30d !== 0 && (
                        <Icon
                          size={14}
                          color={`var(--mantine-color-${up ? 'green' : 'red'}-6)`}
                          aria-hidden
                        />
                      )}
                      <Text span size="sm" fw={600} c={up ? 'green' : m.change30d < 0 ? 'red' : undefined}>
                        {formatChange(m.change30d)}
                      </Text>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
