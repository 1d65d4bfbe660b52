import { Button, Checkbox, Group, Radio, Select, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { QueryContent } from '../../ui/lists.tsx';
import { FormError } from '../../ui/states.tsx';
import {
  kindLabels,
  type NotificationKind,
  type NotificationSettings,
  settingsQuery,
  useSaveSettings,
} from './notifications.api.ts';

const hours = Array.from({ length: 24 }, (_, h) => ({
  value: String(h),
  label: `${String(h).padStart(2, '0')}:00 UTC`,
}));

/** Profile → Notifications: e-mail (off, each one, or a daily digest), its hour, muted kinds. */
export function NotificationsTab() {
  const settings = useQuery(settingsQuery);
  const save = useSaveSettings();
  const [form, setForm] = useState<NotificationSettings | null>(null);
  useEffect(() => {
    if (settings.data && !form) setForm(settings.data);
  }, [settings.data, form]);

  return (
    <QueryContent query={settings} what="your notification settings">
      {form && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate(form, {
              onSuccess: () =>
                notifications.show({ color: 'green', message: 'Notification settings saved.' }),
            });
          }}
        >
          <Stack gap="lg" maw={560}>
            <Radio.Group
              label="E-mail me"
              value={form.email}
              onChange={(v) => setForm({ ...form, email: v as NotificationSettings['email'] })}
            >
              <Stack gap="xs" mt="xs">
                <Radio
                  value="daily_digest"
                  label="A daily digest: today’s agenda and my unread notifications"
                />
                <Radio value="instant" label="Each notification as it happens" />
                <Radio value="off" label="Nothing" />
              </Stack>
            </Radio.Group>
            <Select
              label="Digest hour"
              description="When the daily digest is sent"
              data={hours}
              value={String(form.digestHour)}
              onChange={(v) => v !== null && setForm({ ...form, digestHour: Number(v) })}
              disabled={form.email !== 'daily_digest'}
              allowDeselect={false}
              w={200}
            />
            <Checkbox.Group
              label="Notify me when"
              description="Unticked kinds are not notified at all, neither here nor by e-mail"
              value={Object.keys(kindLabels).filter((k) => !form.mutedKinds.includes(k as NotificationKind))}
              onChange={(on) =>
                setForm({
                  ...form,
                  mutedKinds: (Object.keys(kindLabels) as NotificationKind[]).filter((k) => !on.includes(k)),
                })
              }
            >
              <Stack gap="xs" mt="xs">
                {(Object.entries(kindLabels) as [NotificationKind, string][]).map(([kind, label]) => (
                  <Checkbox key={kind} value={kind} label={label} />
                ))}
              </Stack>
            </Checkbox.Group>
            <FormError error={save.error} fields={['email', 'digestHour', 'mutedKinds']} />
            <Group>
              <Button type="submit" loading={save.isPending}>
                Save
              </Button>
              <Text size="sm" c="dimmed">
                Times are UTC.
              </Text>
            </Group>
          </Stack>
        </form>
      )}
    </QueryContent>
  );
}
