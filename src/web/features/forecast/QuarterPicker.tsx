import { ActionIcon, Group, Select, Tooltip } from '@mantine/core';
import { IconChevronLeft, IconChevronRight } from '@tabler/icons-react';
import {
  parseQuarter,
  type Quarter,
  quarterKey,
  quarterLabel,
  quarterOptions,
  shiftQuarter,
} from './periods.ts';

/** Picks a calendar quarter: a list around this one, and steps to the previous and next. */
export function QuarterPicker({
  value,
  onChange,
  label = 'Quarter',
}: {
  value: Quarter;
  onChange: (q: Quarter) => void;
  label?: string;
}) {
  const options = quarterOptions();
  const key = quarterKey(value);
  // A quarter outside the list (from a link) is still shown.
  if (!options.some((o) => o.value === key)) options.push({ value: key, label: quarterLabel(value) });
  return (
    <Group gap={6} wrap="nowrap" align="flex-end">
      <Tooltip label="Previous quarter">
        <ActionIcon
          variant="default"
          size="lg"
          aria-label="Previous quarter"
          onClick={() => onChange(shiftQuarter(value, -1))}
        >
          <IconChevronLeft size={18} />
        </ActionIcon>
      </Tooltip>
      <Select
        aria-label={label}
        data={options}
        value={key}
        onChange={(v) => {
          const q = parseQuarter(v);
          if (q) onChange(q);
        }}
        allowDeselect={false}
        w={220}
        comboboxProps={{ withinPortal: true }}
      />
      <Tooltip label="Next quarter">
        <ActionIcon
          variant="default"
          size="lg"
          aria-label="Next quarter"
          onClick={() => onChange(shiftQuarter(value, 1))}
        >
          <IconChevronRight size={18} />
        </ActionIcon>
      </Tooltip>
    </Group>
  );
}
