import { Alert, Stack, Text, Title } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import type { Section } from '../../ui/sections.ts';

/** The page of a section this version of Steward does not have yet: says so plainly. */
export function SectionUnavailable({ section, children }: { section: Section; children?: ReactNode }) {
  return (
    <Stack gap="md" maw={720}>
      <Title order={1} size="h2">
        {section.label}
      </Title>
      {children}
      <Alert
        variant="light"
        color="gray"
        icon={<IconInfoCircle />}
        title={`${section.label} is not available yet in this version of Steward.`}
      >
        <Text size="sm">{section.purpose}</Text>
      </Alert>
    </Stack>
  );
}
