import { ActionIcon, Button, Group, NumberInput, Select, Stack, Text, Tooltip } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { sumMoney } from '../../../core/rules/money.ts';
import { currencySymbol, formatMoney } from '../../ui/format.ts';
import { productOptions, productsQuery } from './products.api.ts';

/** A line of the contract form; `key` only tells React the rows apart. */
export interface LineRow {
  key: string;
  productId: string | null;
  quantity: number | string;
  unitPrice: number | string;
}

let nextKey = 0;
export const newLine = (over: Partial<LineRow> = {}): LineRow => ({
  key: `line-${++nextKey}`,
  productId: null,
  quantity: 1,
  unitPrice: '',
  ...over,
});

/** Σ quantity × unit price, to the cent. */
export const linesTotal = (rows: LineRow[]) =>
  sumMoney(rows.map((r) => Math.round(Number(r.quantity || 0) * Number(r.unitPrice || 0) * 100) / 100));

export const lineRules = {
  productId: (v: string | null) => (v ? null : 'Pick a product.'),
  quantity: (v: number | string) => (v === '' || Number(v) <= 0 ? 'More than 0.' : null),
  unitPrice: (v: number | string) => (v === '' || Number(v) < 0 ? '0 or more.' : null),
};

/** What a contract sells: product, quantity and unit price per line; picking a product fills its list price. */
export function ContractLinesInput<V extends { lines: LineRow[] }>({ form }: { form: UseFormReturnType<V> }) {
  const labelId = useId();
  const products = useQuery(productsQuery);
  // The form's list path, typed loosely: Mantine's path types do not follow a generic V.
  const list = form as unknown as UseFormReturnType<{ lines: LineRow[] }>;
  const rows = list.values.lines;
  const chosen = rows.map((r) => r.productId).filter((id): id is string => Boolean(id));
  const options = productOptions(products.data, chosen);

  return (
    <Stack gap={6} role="group" aria-labelledby={labelId}>
      <div>
        <Text size="sm" fw={500} id={labelId}>
          Products
        </Text>
        <Text size="xs" c="dimmed">
          With lines, the contract’s ARR is the sum of quantity × unit price.
        </Text>
      </div>
      {rows.map((row, i) => (
        <Group key={row.key} gap="xs" align="flex-start" wrap="nowrap">
          <Select
            aria-label={`Line ${i + 1} product`}
            placeholder={products.isPending ? 'Loading…' : 'Product'}
            data={options}
            searchable
            nothingFoundMessage="No product matches."
            comboboxProps={{ withinPortal: true }}
            style={{ flex: 3, minWidth: 0 }}
            {...list.getInputProps(`lines.${i}.productId`)}
            onChange={(id) => {
              list.setFieldValue(`lines.${i}.productId`, id);
              const price = products.data?.find((p) => p.id === id)?.listPrice;
              if (price !== undefined && rows[i]?.unitPrice === '')
                list.setFieldValue(`lines.${i}.unitPrice`, price);
            }}
          />
          <NumberInput
            aria-label={`Line ${i + 1} quantity`}
            placeholder="Qty"
            min={0}
            decimalScale={2}
            allowNegative={false}
            style={{ flex: 1, minWidth: 64 }}
            {...list.getInputProps(`lines.${i}.quantity`)}
          />
          <NumberInput
            aria-label={`Line ${i + 1} unit price`}
            placeholder="Unit price"
            min={0}
            decimalScale={2}
            thousandSeparator=","
            leftSection={currencySymbol()}
            allowNegative={false}
            style={{ flex: 2, minWidth: 90 }}
            {...list.getInputProps(`lines.${i}.unitPrice`)}
          />
          <Tooltip label="Remove line">
            <ActionIcon
              variant="subtle"
              color="gray"
              size="lg"
              aria-label={`Remove line ${i + 1}`}
              onClick={() => list.removeListItem('lines', i)}
            >
              <IconTrash size={16} />
            </ActionIcon>
          </Tooltip>
        </Group>
      ))}
      <Group justify="space-between">
        <Button
          variant="subtle"
          size="compact-sm"
          leftSection={<IconPlus size={14} />}
          onClick={() => list.insertListItem('lines', newLine())}
          disabled={products.data?.length === 0}
        >
          Add product line
        </Button>
        {rows.length > 0 && (
          <Text size="sm" fw={600}>
            ARR {formatMoney(linesTotal(rows))}
          </Text>
        )}
      </Group>
      {products.data?.length === 0 && (
        <Text size="xs" c="dimmed">
          The product catalogue is empty; an admin adds products. Until then enter the ARR directly.
        </Text>
      )}
    </Stack>
  );
}
