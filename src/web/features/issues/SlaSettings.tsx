import { Alert, Button, Group, NumberInput, Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { showFieldErrors, wholeNumber } from '../../ui/form.ts';
import { QueryContent } from '../../ui/lists.tsx';
import { FormError } from '../../ui/states.tsx';
import { useMe } from '../session/index.ts';
import { type SlaSettings as Sla, slaSettingsQuery, useSaveSla } from './issues.api.ts';
import { type Severity, severityLabels } from './labels.ts';

const severities = Object.keys(severityLabels) as Severity[];
const MAX_HOURS = 8760;

/** Settings → SLA: the hours an issue of each severity has before its SLA is breached. */
export function SlaSettings() {
  const sla = useQuery(slaSettingsQuery);
  return (
    <QueryContent query={sla} what="the SLA hours">
      {sla.data && <SlaForm key={JSON.stringify(sla.data)} sla={sla.data} />}
    </QueryContent>
  );
}

function SlaForm({ sla }: { sla: Sla }) {
  const me = useMe();
  const isAdmin = me.role === 'admin';
  const save = useSaveSla();
  const form = useForm<Record<Severity, number | string>>({
    initialValues: { ...sla },
    validate: Object.fromEntries(
      severities.map((s) => [s, wholeNumber(1, MAX_HOURS, `Enter whole hours from 1 to ${MAX_HOURS}.`)]),
    ),
  });

  const submit = form.onSubmit((values) =>
    save.mutate(Object.fromEntries(severities.map((s) => [s, Number(values[s])])) as Sla, {
      onSuccess: () => notifications.show({ color: 'green', message: 'SLA hours saved.' }),
      onError: showFieldErrors(form),
    }),
  );

  return (
    <form noValidate onSubmit={submit} aria-label="SLA hours">
      <Stack gap="md" maw={720}>
        <Text size="sm" c="dimmed">
          An issue is due this many hours after it was opened; past that, its SLA is breached until it is
          resolved. New hours apply to issues opened or re-graded after saving.
        </Text>
        {!isAdmin && (
          <Alert color="gray" variant="light">
            Only admins can change the SLA hours.
          </Alert>
        )}
        <FormError error={save.error} fields={severities} />
        <Paper withBorder p="md">
          <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm">
            {severities.map((s) => (
              <NumberInput
                key={s}
                label={severityLabels[s]}
                suffix=" h"
                min={1}
                max={MAX_HOURS}
                allowDecimal={false}
                allowNegative={false}
                readOnly={!isAdmin}
                {...form.getInputProps(s)}
              />
            ))}
          </SimpleGrid>
        </Paper>
        {isAdmin && (
          <Group justify="flex-end">
            <Button type="submit" loading={save.isPending} disabled={!form.isDirty()}>
              Save SLA hours
            </Button>
          </Group>
        )}
      </Stack>
    </form>
  );
}
