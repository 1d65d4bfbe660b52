import {
  ActionIcon,
  Alert,
  Button,
  Checkbox,
  Grid,
  Group,
  List,
  NumberInput,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { type UseFormReturnType, useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconAlertCircle, IconPlus, IconTrash } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { DEFAULT_MAX_AGE_DAYS } from '../../../core/rules/health-score.ts';
import { errorMessage } from '../../api.ts';
import { QueryContent } from '../../ui/lists.tsx';
import { useMe } from '../session/index.ts';
import { type HealthModel, healthModelQuery, useSaveHealthModel } from './health.api.ts';
import { computedMetrics, metricLabel } from './labels.ts';
import { ModelPreview } from './ModelPreview.tsx';
import { type ModelValues, newRow, splitServerErrors, toBody, toValues, validateModel } from './modelForm.ts';

/** Settings → Health model: the weighted components and the band thresholds, with a live preview. */
export function HealthModelSettings() {
  const model = useQuery(healthModelQuery);
  return (
    <QueryContent query={model} what="the health model">
      {/* Saving starts the form again from what the server kept. */}
      {model.data && <ModelEditor key={JSON.stringify(model.data)} model={model.data} />}
    </QueryContent>
  );
}

function ModelEditor({ model }: { model: HealthModel }) {
  const me = useMe();
  const isAdmin = me.role === 'admin';
  const save = useSaveHealthModel();
  const form = useForm<ModelValues>({ initialValues: toValues(model), validate: validateModel });
  const serverErrors = splitServerErrors(save.error, form.values).other;

  const submit = form.onSubmit((values) =>
    save.mutate(toBody(values), {
      onSuccess: () =>
        notifications.show({
          color: 'green',
          message: 'Health model saved. Every account is scored with it now.',
        }),
      onError: (err) => form.setErrors(splitServerErrors(err, values).onFields),
    }),
  );

  return (
    <Grid gap="md">
      <Grid.Col span={{ base: 12, lg: 7 }}>
        <form noValidate onSubmit={submit} aria-label="Health model">
          <Stack gap="md">
            <Text size="sm" c="dimmed">
              Each component turns a metric into a score from 0 (at or past “bad”) to 100 (at or past “good”);
              the account score is their average by weight, over the components that have a value. Signals
              older than their maximum age (in days; {DEFAULT_MAX_AGE_DAYS} when empty) no longer count. A
              critical component at 0 caps the band at yellow: a neglected account is never green.
            </Text>
            {!isAdmin && (
              <Alert color="gray" variant="light">
                Only admins can change the health model. This is the model every account is scored with.
              </Alert>
            )}
            {save.error ? (
              <Alert color="red" icon={<IconAlertCircle />} role="alert" title="The model was not saved">
                <Text size="sm">{errorMessage(save.error)}</Text>
                {serverErrors.length > 0 && (
                  <List size="sm" mt="xs">
                    {serverErrors.map((e) => (
                      <List.Item key={`${e.path}:${e.message}`}>
                        {e.path ? `${e.path}: ` : ''}
                        {e.message}
                      </List.Item>
                    ))}
                  </List>
                )}
              </Alert>
            ) : null}
            <Stack gap="sm" role="list" aria-label="Components">
              {form.values.components.map((row, i) => (
                <ComponentRowFields key={row.key} form={form} index={i} readOnly={!isAdmin} />
              ))}
            </Stack>
            {isAdmin && (
              <Button
                variant="default"
                leftSection={<IconPlus size={16} />}
                onClick={() => form.insertListItem('components', newRow())}
                style={{ alignSelf: 'flex-start' }}
              >
                Add component
              </Button>
            )}
            <Paper withBorder p="md">
              <Title order={2} size="h5" mb="xs">
                Bands
              </Title>
              <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
                <NumberInput
                  label="Green from"
                  description="A score at or above this is green"
                  min={0}
                  max={100}
                  readOnly={!isAdmin}
                  {...form.getInputProps('bands.greenMin')}
                />
                <NumberInput
                  label="Yellow from"
                  description="At or above this and below green: yellow; below: red"
                  min={0}
                  max={100}
                  readOnly={!isAdmin}
                  {...form.getInputProps('bands.yellowMin')}
                />
              </SimpleGrid>
            </Paper>
            {isAdmin && (
              <Group justify="flex-end" gap="xs">
                <Button
                  variant="default"
                  disabled={!form.isDirty()}
                  onClick={() => {
                    save.reset();
                    form.reset();
                  }}
                >
                  Discard changes
                </Button>
                <Button type="submit" loading={save.isPending}>
                  Save model
                </Button>
              </Group>
            )}
          </Stack>
        </form>
      </Grid.Col>
      <Grid.Col span={{ base: 12, lg: 5 }}>
        <ModelPreview values={form.values} />
      </Grid.Col>
    </Grid>
  );
}

function ComponentRowFields({
  form,
  index: i,
  readOnly,
}: {
  form: UseFormReturnType<ModelValues>;
  index: number;
  readOnly: boolean;
}) {
  const metric = form.values.components[i]?.metric.trim() ?? '';
  const name = metric ? metricLabel(metric) : `Component ${i + 1}`;
  const computed = computedMetrics.has(metric);
  const field = (f: string) => form.getInputProps(`components.${i}.${f}`);
  return (
    <Paper withBorder p="sm" role="listitem" aria-label={name}>
      <Group justify="space-between" mb={4} gap="xs">
        <Text size="sm" fw={600}>
          {name}
        </Text>
        {!readOnly && (
          <ActionIcon
            variant="subtle"
            color="red"
            aria-label={`Remove ${name}`}
            onClick={() => form.removeListItem('components', i)}
            disabled={form.values.components.length === 1}
          >
            <IconTrash size={16} />
          </ActionIcon>
        )}
      </Group>
      <SimpleGrid cols={{ base: 2, sm: 6 }} spacing="xs">
        <TextInput
          label="Metric"
          placeholder="nps"
          readOnly={readOnly}
          autoComplete="off"
          style={{ gridColumn: 'span 2' }}
          {...field('metric')}
        />
        <NumberInput label="Weight" readOnly={readOnly} min={0} {...field('weight')} />
        <NumberInput label="Good" readOnly={readOnly} {...field('good')} />
        <NumberInput label="Bad" readOnly={readOnly} {...field('bad')} />
        {computed ? (
          <Text size="xs" c="dimmed" pt={28}>
            Computed by Steward, always current
          </Text>
        ) : (
          <NumberInput
            // Short enough for its column: "Max age (days)" took two lines and cut "90 (default)".
            label="Max age"
            placeholder={`${DEFAULT_MAX_AGE_DAYS} d`}
            suffix=" d"
            readOnly={readOnly}
            min={1}
            allowDecimal={false}
            {...field('maxAgeDays')}
          />
        )}
      </SimpleGrid>
      <Checkbox
        mt="xs"
        size="xs"
        label="Critical"
        description="At 0 (at or past “bad”) the account is yellow at best, and its churn risk at least medium"
        disabled={readOnly}
        {...form.getInputProps(`components.${i}.critical`, { type: 'checkbox' })}
      />
    </Paper>
  );
}
