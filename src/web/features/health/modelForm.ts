import { randomId } from '@mantine/hooks';
import type { FieldError } from '../../../core/errors.ts';
import type { HealthModel as RuleModel } from '../../../core/rules/health-score.ts';
import { isCritical, metricKeyPattern } from '../../../core/rules/health-score.ts';
import { ApiError } from '../../api.ts';
import type { HealthModel, HealthModelBody } from './health.api.ts';

/** A component row of the editor; `key` only keeps React's rows apart and is never sent. */
export interface ComponentRow {
  key: string;
  metric: string;
  weight: number | string;
  good: number | string;
  bad: number | string;
  maxAgeDays: number | string;
  /** At 0 this component caps the band at yellow. */
  critical: boolean;
}
export interface ModelValues {
  components: ComponentRow[];
  bands: { greenMin: number | string; yellowMin: number | string };
}

export const newRow = (): ComponentRow => ({
  key: randomId(),
  metric: '',
  weight: 10,
  good: '',
  bad: '',
  maxAgeDays: '',
  critical: false,
});

export function toValues(model: HealthModel): ModelValues {
  return {
    components: model.components.map((c) => ({
      key: randomId(),
      metric: c.metric,
      weight: c.weight,
      good: c.good,
      bad: c.bad,
      maxAgeDays: c.maxAgeDays ?? '',
      critical: isCritical(c),
    })),
    bands: { ...model.bands },
  };
}

const num = (v: number | string): number => (v === '' ? Number.NaN : Number(v));

/** The PUT body: the rows as typed (the server says what is wrong with them, field by field). */
export function toBody(values: ModelValues): HealthModelBody {
  return {
    components: values.components.map((c) => ({
      metric: c.metric.trim(),
      weight: num(c.weight),
      good: num(c.good),
      bad: num(c.bad),
      // Empty means the default, as in the saved model.
      ...(c.maxAgeDays === '' ? {} : { maxAgeDays: num(c.maxAgeDays) }),
      // Always explicit, so the model reads the same whatever the metric's default.
      critical: c.critical,
    })),
    bands: { greenMin: num(values.bands.greenMin), yellowMin: num(values.bands.yellowMin) },
  };
}

/**
 * The rows the rule can score already (a metric key, a positive weight, good ≠ bad), for the preview
 * while the model is being typed.
 */
export function previewModel(values: ModelValues): { model: RuleModel; skipped: number } {
  const body = toBody(values);
  const usable = body.components.filter(
    (c) =>
      metricKeyPattern.test(c.metric) &&
      Number.isFinite(c.weight) &&
      c.weight > 0 &&
      Number.isFinite(c.good) &&
      Number.isFinite(c.bad) &&
      c.good !== c.bad,
  );
  const bands = {
    greenMin: Number.isFinite(body.bands.greenMin) ? body.bands.greenMin : 70,
    yellowMin: Number.isFinite(body.bands.yellowMin) ? body.bands.yellowMin : 40,
  };
  return {
    model: {
      components: usable.map((c) => ({
        ...c,
        maxAgeDays: c.maxAgeDays !== undefined && Number.isFinite(c.maxAgeDays) ? c.maxAgeDays : undefined,
      })),
      bands,
    },
    skipped: body.components.length - usable.length,
  };
}

/** Client checks that need no server: a number in each number field. */
export function validateModel(values: ModelValues) {
  const errors: Record<string, string> = {};
  values.components.forEach((c, i) => {
    if (!c.metric.trim()) errors[`components.${i}.metric`] = 'Enter a metric key.';
    for (const f of ['weight', 'good', 'bad'] as const)
      if (c[f] === '') errors[`components.${i}.${f}`] = 'Enter a number.';
  });
  if (values.bands.greenMin === '') errors['bands.greenMin'] = 'Enter a number.';
  if (values.bands.yellowMin === '') errors['bands.yellowMin'] = 'Enter a number.';
  return errors;
}

/** Every field path of the form (`components.0.weight`, `bands.greenMin`…), as the server names them. */
export function fieldPaths(values: ModelValues): string[] {
  const paths = ['bands.greenMin', 'bands.yellowMin'];
  values.components.forEach((_, i) => {
    for (const f of ['metric', 'weight', 'good', 'bad', 'maxAgeDays', 'critical'])
      paths.push(`components.${i}.${f}`);
  });
  return paths;
}

const sentence = (m: string) => m.charAt(0).toUpperCase() + m.slice(1);

/**
 * The server's messages split into those of a field of the form (by its full path) and the rest
 * (about the whole list or the bands together), which the form shows above its fields.
 */
export function splitServerErrors(err: unknown, values: ModelValues) {
  const onFields: Record<string, string> = {};
  const other: FieldError[] = [];
  if (!(err instanceof ApiError)) return { onFields, other };
  const paths = new Set(fieldPaths(values));
  for (const e of err.problem.errors ?? []) {
    if (paths.has(e.path)) onFields[e.path] ??= sentence(e.message);
    else other.push(e);
  }
  return { onFields, other };
}
