import { Box, Center, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { ColorSchemeToggle } from './ColorSchemeToggle.tsx';
import { Logo } from './Logo.tsx';

/** The centred card of the pages shown before anyone is signed in. */
export function AuthCard({
  title,
  subtitle,
  children,
}: {
  title: string;
  subtitle?: ReactNode;
  children: ReactNode;
}) {
  return (
    <Box mih="100dvh" bg="var(--mantine-color-body)" pos="relative">
      <Box pos="absolute" top={12} right={12}>
        <ColorSchemeToggle />
      </Box>
      <Center mih="100dvh" px="md" py="xl">
        <Stack w="100%" maw={420} gap="lg" component="main">
          <Group gap={10} justify="center">
            <Logo size={34} />
            <Text fw={700} size="xl">
              Steward
            </Text>
          </Group>
          <Paper withBorder shadow="sm" p={{ base: 'md', xs: 'xl' }}>
            <Stack gap="md">
              <div>
                <Title order={1} size="h3">
                  {title}
                </Title>
                {subtitle && (
                  <Text size="sm" c="dimmed" mt={4}>
                    {subtitle}
                  </Text>
                )}
              </div>
              {children}
            </Stack>
          </Paper>
        </Stack>
      </Center>
    </Box>
  );
}
