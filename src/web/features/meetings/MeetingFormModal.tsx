import {
  Button,
  Group,
  Modal,
  MultiSelect,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Textarea,
  TextInput,
} from '@mantine/core';
import { DateTimePicker } from '@mantine/dates';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useState } from 'react';
import { fieldErrorsOf, type Meeting, otherFieldErrors } from '../../api.ts';
import { formatDateTime, personName } from '../../ui/format.ts';
import { FormError } from '../../ui/states.tsx';
import { contactsQuery } from '../contacts/contacts.api.ts';
import { type MeetingKind, meetingKindLabels, meetingKindOptions } from './labels.ts';
import { type MeetingPatch, useScheduleMeeting, useUpdateMeeting } from './meetings.api.ts';

const fields = ['kind', 'title', 'scheduledAt', 'durationMinutes', 'agenda', 'contactIds'] as const;
type Field = (typeof fields)[number];
const pickerFormat = 'YYYY-MM-DD HH:mm:ss';

/** Schedules a meeting (no `meeting`) or changes one. */
export function MeetingFormModal({
  opened,
  accountId,
  meeting,
  onClose,
}: {
  opened: boolean;
  accountId: string;
  meeting: Meeting | null;
  onClose: () => void;
}) {
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={meeting ? 'Edit meeting' : 'Schedule a meeting'}
      size="lg"
    >
      {opened && <MeetingForm accountId={accountId} meeting={meeting} onDone={onClose} />}
    </Modal>
  );
}

/** The next whole hour, a sensible default for a new meeting. */
const nextHour = () => dayjs().add(1, 'hour').startOf('hour').format(pickerFormat);

function MeetingForm({
  accountId,
  meeting,
  onDone,
}: {
  accountId: string;
  meeting: Meeting | null;
  onDone: () => void;
}) {
  const contacts = useQuery(contactsQuery(accountId));
  const schedule = useScheduleMeeting(accountId);
  const update = useUpdateMeeting(accountId);
  const mutation = meeting ? update : schedule;
  const [values, setValues] = useState({
    kind: meeting?.kind ?? ('check_in' as MeetingKind),
    title: meeting?.title ?? '',
    scheduledAt: meeting ? dayjs(meeting.scheduledAt).format(pickerFormat) : nextHour(),
    durationMinutes: meeting?.durationMinutes ?? (30 as number | string),
    agenda: meeting?.agenda ?? '',
    contactIds: meeting?.contactIds ?? [],
  });
  const [local, setLocal] = useState<Partial<Record<Field, string>>>({});
  const set = <K extends keyof typeof values>(key: K, value: (typeof values)[K]) =>
    setValues((v) => ({ ...v, [key]: value }));

  const submit = () => {
    const errors: Partial<Record<Field, string>> = {};
    const title = values.title.trim() || meetingKindLabels[values.kind];
    if (!values.scheduledAt) errors.scheduledAt = 'Pick a date and time.';
    const duration = Number(values.durationMinutes);
    if (!Number.isInteger(duration) || duration < 5 || duration > 1440)
      errors.durationMinutes = 'Enter minutes from 5 to 1440.';
    setLocal(errors);
    if (Object.keys(errors).length) return;
    const body = {
      kind: values.kind,
      title,
      scheduledAt: dayjs(values.scheduledAt).toDate().toISOString(),
      durationMinutes: duration,
      agenda: values.agenda.trim() || null,
      contactIds: values.contactIds,
    };
    const done = (m: Meeting) => {
      notifications.show({
        color: 'green',
        message:
          `${m.title}: ${meeting ? 'saved' : 'scheduled for'} ${meeting ? '' : formatDateTime(m.scheduledAt)}`.trim(),
      });
      onDone();
    };
    if (!meeting) {
      schedule.mutate(body, { onSuccess: done });
      return;
    }
    const patch: MeetingPatch = {};
    if (body.kind !== meeting.kind) patch.kind = body.kind;
    if (body.title !== meeting.title) patch.title = body.title;
    if (new Date(body.scheduledAt).getTime() !== new Date(meeting.scheduledAt).getTime())
      patch.scheduledAt = body.scheduledAt;
    if (body.durationMinutes !== meeting.durationMinutes) patch.durationMinutes = body.durationMinutes;
    if (body.agenda !== meeting.agenda) patch.agenda = body.agenda;
    if ([...body.contactIds].sort().join() !== [...meeting.contactIds].sort().join())
      patch.contactIds = body.contactIds;
    if (Object.keys(patch).length === 0) {
      onDone();
      return;
    }
    update.mutate({ meeting, body: patch }, { onSuccess: done });
  };

  const server = fieldErrorsOf(mutation.error);
  const errorOf = (f: Field) => local[f] ?? server[f];
  const contactData = (contacts.data ?? []).map((c) => ({
    value: c.id,
    label: personName(c.firstName, c.lastName),
  }));

  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <Stack gap="sm">
        <FormError error={mutation.error} extra={otherFieldErrors(mutation.error, fields)} />
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          <Select
            label="Kind"
            data={meetingKindOptions}
            value={values.kind}
            allowDeselect={false}
            onChange={(v) => v && set('kind', v as MeetingKind)}
            error={errorOf('kind')}
            comboboxProps={{ withinPortal: true }}
          />
          <TextInput
            label="Title"
            placeholder={meetingKindLabels[values.kind]}
            data-autofocus
            autoComplete="off"
            value={values.title}
            onChange={(e) => set('title', e.currentTarget.value)}
            error={errorOf('title')}
          />
          <DateTimePicker
            label="Date and time"
            required
            value={values.scheduledAt}
            onChange={(v) => set('scheduledAt', v ?? '')}
            valueFormat="MMM D, YYYY HH:mm"
            popoverProps={{ withinPortal: true }}
            error={errorOf('scheduledAt')}
          />
          <NumberInput
            label="Duration (minutes)"
            min={5}
            max={1440}
            step={15}
            allowDecimal={false}
            allowNegative={false}
            value={values.durationMinutes}
            onChange={(v) => set('durationMinutes', v)}
            error={errorOf('durationMinutes')}
          />
        </SimpleGrid>
        <MultiSelect
          label="Contacts"
          placeholder={contactData.length ? 'Who is invited' : 'No contacts yet'}
          data={contactData}
          value={values.contactIds}
          onChange={(ids) => set('contactIds', ids)}
          searchable
          clearable
          disabled={contactData.length === 0}
          nothingFoundMessage="Nobody matches."
          error={errorOf('contactIds')}
          comboboxProps={{ withinPortal: true }}
        />
        <Textarea
          label="Agenda"
          autosize
          minRows={3}
          maxRows={10}
          value={values.agenda}
          onChange={(e) => set('agenda', e.currentTarget.value)}
          error={errorOf('agenda')}
        />
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {meeting ? 'Save changes' : 'Schedule'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
