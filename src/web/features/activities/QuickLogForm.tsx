import {
  Button,
  Group,
  Kbd,
  MultiSelect,
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
import { useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { type KeyboardEvent, useRef, useState } from 'react';
import { type Account, fieldErrorsOf, otherFieldErrors } from '../../api.ts';
import { personName } from '../../ui/format.ts';
import { FormError } from '../../ui/states.tsx';
import { contactsQuery } from '../contacts/contacts.api.ts';
import { useLogActivity } from './activities.api.ts';
import {
  type ActivityType,
  activityTypeLabel,
  activityTypes,
  type Sentiment,
  sentimentLabels,
} from './labels.ts';

const fields = ['type', 'subject', 'body', 'occurredAt', 'contactIds', 'sentiment'] as const;
type SentimentChoice = Sentiment | 'none';
const typeOptions = activityTypes.map((t) => ({ value: t.value, label: t.label }));
const blank = { subject: '', body: '', contactIds: [] as string[], sentiment: 'none' as SentimentChoice };

/**
 * Logs a call, e-mail, check-in… in a few keystrokes: the subject has the focus, Ctrl+Enter logs.
 * The time is "now" at the moment of logging unless the user picks another.
 */
export function QuickLogForm({ account, autoFocus }: { account: Account; autoFocus?: boolean }) {
  const log = useLogActivity(account.id);
  const contacts = useQuery(contactsQuery(account.id));
  const [type, setType] = useState<ActivityType>('check_in');
  const [values, setValues] = useState(blank);
  const [when, setWhen] = useState<string | null>(null);
  const [subjectError, setSubjectError] = useState<string>();
  const subjectRef = useRef<HTMLInputElement>(null);
  const narrow = useMediaQuery('(max-width: 36em)', false, { getInitialValueInEffect: false });

  const submit = () => {
    const subject = values.subject.trim();
    setSubjectError(subject ? undefined : 'Enter a subject.');
    if (!subject) {
      subjectRef.current?.focus();
      return;
    }
    // An untouched time means the moment of logging, in the browser's clock.
    const occurredAt = (when ? dayjs(when).toDate() : new Date()).toISOString();
    log.mutate(
      {
        type,
        subject,
        body: values.body.trim() || null,
        occurredAt,
        contactIds: values.contactIds,
        sentiment: values.sentiment === 'none' ? null : values.sentiment,
      },
      {
        onSuccess: (a) => {
          notifications.show({
            color: 'green',
            message: `${activityTypeLabel(a.type)} logged: ${a.subject}`,
          });
          setValues(blank);
          setWhen(null);
          subjectRef.current?.focus();
        },
      },
    );
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      submit();
    }
  };

  const server = fieldErrorsOf(log.error);
  const contactData = (contacts.data ?? []).map((c) => ({
    value: c.id,
    label: personName(c.firstName, c.lastName),
  }));

  return (
    <Paper withBorder p="md">
      <form
        noValidate
        aria-label="Log an activity"
        onKeyDown={onKeyDown}
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <Stack gap="sm">
          {narrow ? (
            <Select
              label="Type"
              data={typeOptions}
              value={type}
              allowDeselect={false}
              onChange={(v) => v && setType(v as ActivityType)}
              comboboxProps={{ withinPortal: true }}
            />
          ) : (
            <SegmentedControl
              aria-label="Activity type"
              value={type}
              onChange={(v) => setType(v as ActivityType)}
              data={typeOptions}
              style={{ alignSelf: 'flex-start' }}
            />
          )}
          <FormError error={log.error} extra={otherFieldErrors(log.error, fields)} />
          <TextInput
            ref={subjectRef}
            label="Subject"
            placeholder={`What was the ${activityTypeLabel(type).toLowerCase()} about?`}
            autoComplete="off"
            required
            // On a phone the keyboard would cover the page as soon as the tab opens.
            autoFocus={autoFocus && !narrow}
            value={values.subject}
            onChange={(e) => {
              const subject = e.currentTarget.value;
              setValues((v) => ({ ...v, subject }));
            }}
            error={subjectError ?? server.subject}
          />
          <Textarea
            label="Notes"
            placeholder="Optional"
            autosize
            minRows={2}
            maxRows={10}
            value={values.body}
            onChange={(e) => {
              const body = e.currentTarget.value;
              setValues((v) => ({ ...v, body }));
            }}
            error={server.body}
          />
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
            <DateTimePicker
              label="When"
              placeholder="Now"
              value={when}
              onChange={setWhen}
              valueFormat="MMM D, YYYY HH:mm"
              clearable
              maxDate={dayjs().add(1, 'year').toDate()}
              popoverProps={{ withinPortal: true }}
              error={server.occurredAt}
            />
            <MultiSelect
              label="Contacts"
              placeholder={contactData.length ? 'Who took part' : 'No contacts yet'}
              data={contactData}
              value={values.contactIds}
              onChange={(contactIds) => setValues((v) => ({ ...v, contactIds }))}
              searchable
              clearable
              disabled={contactData.length === 0}
              nothingFoundMessage="Nobody matches."
              error={server.contactIds}
              comboboxProps={{ withinPortal: true }}
            />
            <Stack gap={4}>
              <Text size="sm" fw={500} id="sentiment-label">
                Sentiment
              </Text>
              <SegmentedControl
                aria-labelledby="sentiment-label"
                value={values.sentiment}
                onChange={(v) => setValues((s) => ({ ...s, sentiment: v as SentimentChoice }))}
                data={[
                  { value: 'none', label: '—' },
                  ...(Object.keys(sentimentLabels) as Sentiment[]).map((s) => ({
                    value: s,
                    label: sentimentLabels[s],
                  })),
                ]}
                fullWidth
              />
            </Stack>
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
