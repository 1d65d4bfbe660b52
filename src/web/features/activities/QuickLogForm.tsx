import {
  Button,
  Group,
  Kbd,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { DateTimePicker } from '@mantine/dates';
import { isNotEmpty, type UseFormReturnType, useForm } from '@mantine/form';
import { useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import dayjs from 'dayjs';
import { useRef } from 'react';
import type { Account } from '../../api.ts';
import { fieldsOf, onCtrlEnter, showFieldErrors } from '../../ui/form.ts';
import { FormError } from '../../ui/states.tsx';
import { ContactsPicker } from '../contacts/index.ts';
import { useLogActivity } from './activities.api.ts';
import { type ActivityType, activityTypeLabel, activityTypes, type SentimentChoice } from './labels.ts';
import { SentimentPicker } from './SentimentPicker.tsx';

const typeOptions = activityTypes.map((t) => ({ value: t.value, label: t.label }));
/** What a logged activity leaves behind: the type stays, for the next of the same kind. */
const blank = {
  subject: '',
  body: '',
  occurredAt: null as string | null,
  contactIds: [] as string[],
  sentiment: 'none' as SentimentChoice,
};
type QuickLogValues = typeof blank & { type: ActivityType };

/**
 * Logs a call, e-mail, check-in… in a few keystrokes: the subject has the focus, Ctrl+Enter logs.
 * The time is "now" at the moment of logging unless the user picks another.
 */
export function QuickLogForm({ account, autoFocus }: { account: Account; autoFocus?: boolean }) {
  const log = useLogActivity(account.id);
  const form = useForm<QuickLogValues>({
    initialValues: { type: 'check_in', ...blank },
    validate: { subject: isNotEmpty('Enter a subject.') },
  });
  const subjectRef = useRef<HTMLInputElement>(null);
  const narrow = useMediaQuery('(max-width: 36em)', false, { getInitialValueInEffect: false });
  const { type } = form.values;

  const submit = form.onSubmit(
    (values) =>
      log.mutate(
        {
          ...values,
          subject: values.subject.trim(),
          body: values.body.trim() || null,
          // An untouched time means the moment of logging, in the browser's clock.
          occurredAt: (values.occurredAt ? dayjs(values.occurredAt).toDate() : new Date()).toISOString(),
          sentiment: values.sentiment === 'none' ? null : values.sentiment,
        },
        {
          onSuccess: (a) => {
            notifications.show({
              color: 'green',
              message: `${activityTypeLabel(a.type)} logged: ${a.subject}`,
            });
            form.setValues(blank);
            subjectRef.current?.focus();
          },
          onError: showFieldErrors(form),
        },
      ),
    () => subjectRef.current?.focus(),
  );

  return (
    <Paper withBorder p="md">
      <form noValidate aria-label="Log an activity" onKeyDown={onCtrlEnter(() => submit())} onSubmit={submit}>
        <Stack gap="sm">
          <TypePicker form={form} narrow={narrow} />
          <FormError error={log.error} fields={fieldsOf(form)} />
          <TextInput
            ref={subjectRef}
            label="Subject"
            placeholder={`What was the ${activityTypeLabel(type).toLowerCase()} about?`}
            autoComplete="off"
            required
            // On a phone the keyboard would cover the page as soon as the tab opens.
            autoFocus={autoFocus && !narrow}
            {...form.getInputProps('subject')}
          />
          <Textarea
            label="Notes"
            placeholder="Optional"
            autosize
            minRows={2}
            maxRows={10}
            {...form.getInputProps('body')}
          />
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
            <DateTimePicker
              label="When"
              placeholder="Now"
              valueFormat="MMM D, YYYY HH:mm"
              clearable
              maxDate={dayjs().add(1, 'year').toDate()}
              popoverProps={{ withinPortal: true }}
              {...form.getInputProps('occurredAt')}
            />
            <ContactsPicker
              accountId={account.id}
              placeholder="Who took part"
              {...form.getInputProps('contactIds')}
            />
            <SentimentPicker
              value={form.values.sentiment}
              onChange={(v) => form.setFieldValue('sentiment', v)}
              fullWidth
            />
          </SimpleGrid>
          <Group justify="flex-end" gap="xs">
            <Text size="xs" c="dimmed" visibleFrom="sm" mr="auto">
              <Kbd size="xs">Ctrl</Kbd> + <Kbd size="xs">Enter</Kbd> logs it
            </Text>
            <Button type="submit" loading={log.isPending}>
              Log {activityTypeLabel(type).toLowerCase()}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

/** The type of activity: a row of choices, or a select where the row does not fit. */
function TypePicker({ form, narrow }: { form: UseFormReturnType<QuickLogValues>; narrow: boolean }) {
  return narrow ? (
    <Select
      label="Type"
      data={typeOptions}
      allowDeselect={false}
      comboboxProps={{ withinPortal: true }}
      {...form.getInputProps('type')}
    />
  ) : (
    <SegmentedControl
      aria-label="Activity type"
      value={form.values.type}
      onChange={(v) => form.setFieldValue('type', v as ActivityType)}
      data={typeOptions}
      style={{ alignSelf: 'flex-start' }}
    />
  );
}
