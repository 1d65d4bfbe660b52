import { Select, SimpleGrid, Textarea, TextInput } from '@mantine/core';
import { DateTimePicker } from '@mantine/dates';
import { isNotEmpty, useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import dayjs from 'dayjs';
import type { Activity } from '../../api.ts';
import { FormModal, FormShell } from '../../ui/FormShell.tsx';
import { changedFields, showFieldErrors } from '../../ui/form.ts';
import { ContactsPicker } from '../contacts/index.ts';
import { type ActivityPatch, useUpdateActivity } from './activities.api.ts';
import { type ActivityType, activityTypeLabel, activityTypes, type SentimentChoice } from './labels.ts';
import { SentimentPicker } from './SentimentPicker.tsx';

const typeOptions = activityTypes.map((t) => ({ value: t.value, label: t.label }));
const pickerFormat = 'YYYY-MM-DD HH:mm:ss';

/** Changes a logged activity: its type, subject, notes, time, contacts and sentiment. */
export function ActivityFormModal({
  accountId,
  activity,
  onClose,
}: {
  accountId: string;
  activity: Activity | null;
  onClose: () => void;
}) {
  return (
    <FormModal opened={activity !== null} onClose={onClose} title="Edit activity">
      {activity && <ActivityForm accountId={accountId} activity={activity} onDone={onClose} />}
    </FormModal>
  );
}

const initialValues = (a: Activity) => ({
  type: a.type as ActivityType,
  subject: a.subject,
  body: a.body ?? '',
  occurredAt: dayjs(a.occurredAt).format(pickerFormat) as string | null,
  contactIds: a.contactIds,
  sentiment: (a.sentiment ?? 'none') as SentimentChoice,
});
type ActivityValues = ReturnType<typeof initialValues>;

const rules = {
  subject: isNotEmpty('Enter a subject.'),
  occurredAt: isNotEmpty('Pick a date and time.'),
};

function ActivityForm({
  accountId,
  activity,
  onDone,
}: {
  accountId: string;
  activity: Activity;
  onDone: () => void;
}) {
  const update = useUpdateActivity(accountId);
  const form = useForm({ initialValues: initialValues(activity), validate: rules });

  const submit = (v: ActivityValues) => {
    // The picker keeps whole seconds: an untouched time is sent as it was, to the millisecond.
    const picked = dayjs(v.occurredAt);
    const occurredAt = picked.isSame(dayjs(activity.occurredAt), 'second')
      ? activity.occurredAt
      : picked.toDate().toISOString();
    const body: ActivityPatch = {
      ...v,
      subject: v.subject.trim(),
      body: v.body.trim() || null,
      occurredAt,
      sentiment: v.sentiment === 'none' ? null : v.sentiment,
    };
    const patch = changedFields(activity, body);
    if (!patch) return onDone();
    update.mutate(
      { activity, body: patch },
      {
        onSuccess: (a) => {
          notifications.show({
            color: 'green',
            message: `${activityTypeLabel(a.type)} saved: ${a.subject}`,
          });
          onDone();
        },
        onError: showFieldErrors(form),
      },
    );
  };

  return (
    <FormShell
      form={form}
      mutation={update}
      onSubmit={submit}
      onCancel={onDone}
      submitLabel="Save changes"
      ctrlEnter
    >
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
        <Select
          label="Type"
          data={typeOptions}
          allowDeselect={false}
          comboboxProps={{ withinPortal: true }}
          {...form.getInputProps('type')}
        />
        <DateTimePicker
          label="When"
          required
          valueFormat="MMM D, YYYY HH:mm"
          maxDate={dayjs().add(1, 'year').toDate()}
          popoverProps={{ withinPortal: true }}
          {...form.getInputProps('occurredAt')}
        />
      </SimpleGrid>
      <TextInput
        label="Subject"
        required
        data-autofocus
        autoComplete="off"
        {...form.getInputProps('subject')}
      />
      <Textarea label="Notes" autosize minRows={3} maxRows={10} {...form.getInputProps('body')} />
      <ContactsPicker
        accountId={accountId}
        placeholder="Who took part"
        {...form.getInputProps('contactIds')}
      />
      <SentimentPicker value={form.values.sentiment} onChange={(v) => form.setFieldValue('sentiment', v)} />
    </FormShell>
  );
}
