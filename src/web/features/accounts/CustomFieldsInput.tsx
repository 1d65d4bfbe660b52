import { ActionIcon, Button, Group, Stack, Text, TextInput, Tooltip } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useId } from 'react';
import { type CustomFieldRow, newCustomFieldRow } from './customFields.ts';

/** The custom fields of an account in its form: rows of a name and a text value, added and removed. */
export function CustomFieldsInput<V extends { customFields: CustomFieldRow[] }>({
  form,
}: {
  form: UseFormReturnType<V>;
}) {
  const labelId = useId();
  const rows = form.values.customFields;
  // The form's list path, typed loosely: Mantine's path types do not follow a generic V.
  const list = form as unknown as UseFormReturnType<{ customFields: CustomFieldRow[] }>;
  const error = list.errors.customFields;
  return (
    <Stack gap={6} role="group" aria-labelledby={labelId}>
      <div>
        <Text size="sm" fw={500} id={labelId}>
          Custom fields
        </Text>
        <Text size="xs" c="dimmed">
          Anything else worth keeping about the account, such as a contract number.
        </Text>
      </div>
      {rows.map((row, i) => (
        <Group key={row.id} gap="xs" align="flex-start" wrap="nowrap">
          <TextInput
            aria-label={`Custom field ${i + 1} name`}
            placeholder="Name"
            autoComplete="off"
            style={{ flex: 2 }}
            {...list.getInputProps(`customFields.${i}.key`)}
          />
          <TextInput
            aria-label={`Custom field ${i + 1} value`}
            placeholder="Value"
            autoComplete="off"
            style={{ flex: 3 }}
            {...list.getInputProps(`customFields.${i}.value`)}
          />
          <Tooltip label="Remove">
            <ActionIcon
              variant="subtle"
              color="gray"
              size="lg"
              aria-label={`Remove custom field ${i + 1}${row.key.trim() ? ` ${row.key.trim()}` : ''}`}
              onClick={() => list.removeListItem('customFields', i)}
            >
              <IconTrash size={16} />
            </ActionIcon>
          </Tooltip>
        </Group>
      ))}
      {error && (
        <Text size="xs" c="red">
          {error}
        </Text>
      )}
      <Button
        variant="subtle"
        size="compact-sm"
        leftSection={<IconPlus size={14} />}
        style={{ alignSelf: 'flex-start' }}
        onClick={() => list.insertListItem('customFields', newCustomFieldRow())}
      >
        Add custom field
      </Button>
    </Stack>
  );
}
