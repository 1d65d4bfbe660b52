import { NumberInput, Select, SimpleGrid, Textarea, TextInput } from '@mantine/core';
import { DateTimePicker } from '@mantine/dates';
import { isNotEmpty, type UseFormReturnType, useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import dayjs from 'dayjs';
import type { Meeting } from '../../api.ts';
import { FormModal, FormShell } from '../../ui/FormShell.tsx';
import { changedFields, showFieldErrors, wholeNumber } from '../../ui/form.ts';
import { formatDateTime } from '../../ui/format.ts';
import { ContactsPicker } from '../contacts/index.ts';
import { useMe } from '../session/index.ts';
import { UsersPicker } from '../users/index.ts';
import { type MeetingKind, meetingKindLabels, meetingKindOptions } from './labels.ts';
import { type MeetingBody, useScheduleMeeting, useUpdateMeeting } from './meetings.api.ts';

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
    <FormModal opened={opened} onClose={onClose} title={meeting ? 'Edit meeting' : 'Schedule a meeting'}>
      <MeetingForm accountId={accountId} meeting={meeting} onDone={onClose} />
    </FormModal>
  );
}

/** The next whole hour, a sensible default for a new meeting. */
const nextHour = () => dayjs().add(1, 'hour').startOf('hour').format(pickerFormat);

const initialValues = (meeting: Meeting | null, meId: string) => ({
  kind: meeting?.kind ?? ('check_in' as MeetingKind),
  title: meeting?.title ?? '',
  scheduledAt: meeting ? dayjs(meeting.scheduledAt).format(pickerFormat) : (nextHour() as string | null),
  durationMinutes: meeting?.durationMinutes ?? (30 as number | string),
  agenda: meeting?.agenda ?? '',
  contactIds: meeting?.contactIds ?? [],
  // As the server does, whoever schedules a meeting attends it unless they say otherwise.
  userIds: meeting?.userIds ?? [meId],
});
type MeetingValues = ReturnType<typeof initialValues>;

const rules = {
  scheduledAt: isNotEmpty('Pick a date and time.'),
  durationMinutes: wholeNumber(5, 1440, 'Enter minutes from 5 to 1440.'),
};

function MeetingForm({
  accountId,
  meeting,
  onDone,
}: {
  accountId: string;
  meeting: Meeting | null;
  onDone: () => void;
}) {
  const schedule = useScheduleMeeting(accountId);
  const update = useUpdateMeeting(accountId);
  const me = useMe();
  const form = useForm({ initialValues: initialValues(meeting, me.id), validate: rules });

  const submit = (values: MeetingValues) => {
    const body: MeetingBody = {
      ...values,
      title: values.title.trim() || meetingKindLabels[values.kind],
      // Both sides are ISO strings from toISOString(), so the same moment is the same string.
      scheduledAt: dayjs(values.scheduledAt).toDate().toISOString(),
      durationMinutes: Number(values.durationMinutes),
      agenda: values.agenda.trim() || null,
    };
    const done = (m: Meeting) => {
      notifications.show({
        color: 'green',
        message:
          `${m.title}: ${meeting ? 'saved' : 'scheduled for'} ${meeting ? '' : formatDateTime(m.scheduledAt)}`.trim(),
      });
      onDone();
    };
    const onError = showFieldErrors(form);
    if (!meeting) return schedule.mutate(body, { onSuccess: done, onError });
    const patch = changedFields(meeting, body);
    if (!patch) return onDone();
    update.mutate({ meeting, body: patch }, { onSuccess: done, onError });
  };

  return (
    <FormShell
      form={form}
      mutation={meeting ? update : schedule}
      onSubmit={submit}
      onCancel={onDone}
      submitLabel={meeting ? 'Save changes' : 'Schedule'}
    >
      <MeetingFields form={form} accountId={accountId} />
    </FormShell>
  );
}

function MeetingFields({ form, accountId }: { form: UseFormReturnType<MeetingValues>; accountId: string }) {
  return (
    <>
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
        <Select
          label="Kind"
          data={meetingKindOptions}
          allowDeselect={false}
          comboboxProps={{ withinPortal: true }}
          {...form.getInputProps('kind')}
        />
        <TextInput
          label="Title"
          placeholder={meetingKindLabels[form.values.kind]}
          data-autofocus
          autoComplete="off"
          {...form.getInputProps('title')}
        />
        <DateTimePicker
          label="Date and time"
          required
          valueFormat="MMM D, YYYY HH:mm"
          popoverProps={{ withinPortal: true }}
          {...form.getInputProps('scheduledAt')}
        />
        <NumberInput
          label="Duration (minutes)"
          min={5}
          max={1440}
          step={15}
          allowDecimal={false}
          allowNegative={false}
          {...form.getInputProps('durationMinutes')}
        />
      </SimpleGrid>
      <ContactsPicker
        accountId={accountId}
        placeholder="Who is invited"
        {...form.getInputProps('contactIds')}
      />
      <UsersPicker
        label="Attendees"
        description="The people of ours who attend."
        placeholder="Who of us attends"
        {...form.getInputProps('userIds')}
        value={form.values.userIds}
      />
      <Textarea label="Agenda" autosize minRows={3} maxRows={10} {...form.getInputProps('agenda')} />
    </>
  );
}
