import {
  Autocomplete,
  Button,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { isNotEmpty, useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { useRef } from 'react';
import type { Account } from '../../api.ts';
import { fieldsOf, onCtrlEnter, showFieldErrors } from '../../ui/form.ts';
import { personName } from '../../ui/format.ts';
import { FormError } from '../../ui/states.tsx';
import { contactsQuery } from '../contacts/index.ts';
import { feedbackThemesQuery, useLogFeedback } from './feedback.api.ts';

const blank = { title: '', productArea: '', body: '', contactId: null as string | null };

/** Logs what the client asked for or complained about, for the product team. Ctrl+Enter logs. */
export function FeedbackForm({ account }: { account: Account }) {
  const log = useLogFeedback();
  const contacts = useQuery(contactsQuery(account.id));
  const areas = useQuery(feedbackThemesQuery('productArea'));
  const titleRef = useRef<HTMLInputElement>(null);
  const form = useForm({ initialValues: blank, validate: { title: isNotEmpty('Enter a title.') } });

  const submit = form.onSubmit(
    (values) =>
      log.mutate(
        {
          accountId: account.id,
          title: values.title.trim(),
          productArea: values.productArea.trim() || null,
          body: values.body.trim() || null,
          contactId: values.contactId,
        },
        {
          onSuccess: (f) => {
            notifications.show({ color: 'green', message: `Feedback logged: ${f.title}` });
            form.setValues(blank);
            titleRef.current?.focus();
          },
          onError: showFieldErrors(form),
        },
      ),
    () => titleRef.current?.focus(),
  );

  const areaOptions = (areas.data ?? []).map((t) => t.key).filter((k): k is string => Boolean(k));

  return (
    <Paper withBorder p="md">
      <form noValidate aria-label="Log feedback" onSubmit={submit} onKeyDown={onCtrlEnter(() => submit())}>
        <Stack gap="sm">
          <Title order={2} size="h5">
            Log feedback
          </Title>
          <FormError error={log.error} fields={fieldsOf(form)} />
          <TextInput
            ref={titleRef}
            label="Title"
            placeholder="What the client asks for, in a few words"
            required
            autoComplete="off"
            {...form.getInputProps('title')}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <Autocomplete
              label="Product area"
              placeholder="Reporting, Billing, Mobile app…"
              data={[...new Set(areaOptions)]}
              comboboxProps={{ withinPortal: true }}
              {...form.getInputProps('productArea')}
            />
            <Select
              label="From"
              placeholder={contacts.data?.length ? 'A contact of the account' : 'No contacts yet'}
              data={(contacts.data ?? []).map((c) => ({
                value: c.id,
                label: personName(c.firstName, c.lastName),
              }))}
              disabled={!contacts.data?.length}
              searchable
              clearable
              comboboxProps={{ withinPortal: true }}
              {...form.getInputProps('contactId')}
            />
          </SimpleGrid>
          <Textarea
            label="Details"
            placeholder="The need behind it, how they work around it today"
            autosize
            minRows={2}
            maxRows={8}
            {...form.getInputProps('body')}
          />
          <Group justify="flex-end">
            <Button type="submit" loading={log.isPending}>
              Log feedback
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
