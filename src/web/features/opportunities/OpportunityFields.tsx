import { MultiSelect, NumberInput, Select, SimpleGrid, Textarea, TextInput } from '@mantine/core';
import { DateInput } from '@mantine/dates';
import type { UseFormReturnType } from '@mantine/form';
import { useQuery } from '@tanstack/react-query';
import { currencySymbol } from '../../ui/format.ts';
import { AccountSelect, accountQuery, ownerRoles } from '../accounts/index.ts';
import { productOptions, productsQuery } from '../contracts/index.ts';
import { useMe } from '../session/index.ts';
import { userDirectoryQuery } from '../users/index.ts';
import {
  categoryLabels,
  dealDefaults,
  type ForecastCategory,
  isClosedStage,
  type OpportunitySource,
  type OpportunityType,
  openCategoryOptions,
  type Stage,
  sourceOptions,
  stageOptions,
  typeOptions,
} from './labels.ts';

export interface OpportunityValues {
  accountId: string | null;
  name: string;
  type: OpportunityType;
  amount: number | string;
  stage: Stage;
  /** Empty: the default (the stage's, or for a renewal its account's renewal likelihood). */
  probability: number | string;
  /** Null: the default, as for probability. */
  forecastCategory: ForecastCategory | null;
  closeDate: string | null;
  /** Null on a new opportunity: the account's owner. */
  ownerId: string | null;
  source: OpportunitySource | null;
  nextStep: string;
  nextStepDue: string | null;
  productIds: string[];
  lostReason: string;
}

export function OpportunityFields({
  form,
  pickAccount,
  editing,
}: {
  form: UseFormReturnType<OpportunityValues>;
  pickAccount: boolean;
  /** An existing opportunity always has an owner: it can be changed, not cleared. */
  editing: boolean;
}) {
  const me = useMe();
  const users = useQuery(userDirectoryQuery);
  const products = useQuery(productsQuery);
  const { values } = form;
  const account = useQuery({ ...accountQuery(values.accountId ?? ''), enabled: Boolean(values.accountId) });
  const band = account.data?.healthBand ?? null;
  const defaults = dealDefaults(values.stage, values.type, band);
  const closed = isClosedStage(values.stage);
  // A renewal's defaults come from its account's health band (renewal likelihood), not the stage.
  const defaultNote = values.type === 'renewal' ? `${band ?? 'no'} health` : 'stage default';

  const owners = (users.data ?? [])
    .filter((u) => (u.active && ownerRoles.has(u.role)) || u.id === values.ownerId)
    .map((u) => ({ value: u.id, label: u.id === me.id ? `${u.name} (me)` : u.name }));
  const accountOwner = users.data?.find((u) => u.id === account.data?.ownerId)?.name;

  return (
    <>
      {pickAccount && (
        <AccountSelect
          label="Account"
          required
          data-autofocus
          value={values.accountId}
          onChange={(id) => form.setFieldValue('accountId', id)}
          error={form.errors.accountId}
        />
      )}
      <TextInput
        label="Name"
        required
        placeholder="Analytics add-on, 50 seats"
        autoComplete="off"
        data-autofocus={pickAccount ? undefined : true}
        {...form.getInputProps('name')}
      />
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
        <Select
          label="Type"
          data={typeOptions}
          allowDeselect={false}
          comboboxProps={{ withinPortal: true }}
          {...form.getInputProps('type')}
        />
        <NumberInput
          label="Amount"
          description={values.type === 'renewal' ? 'ARR renewed' : 'ARR it adds'}
          required
          min={0}
          decimalScale={2}
          thousandSeparator=","
          leftSection={currencySymbol()}
          allowNegative={false}
          {...form.getInputProps('amount')}
        />
        <Select
          label="Stage"
          data={stageOptions}
          allowDeselect={false}
          comboboxProps={{ withinPortal: true }}
          {...form.getInputProps('stage')}
        />
        <DateInput
          label={closed ? 'Closed on' : 'Expected close'}
          required
          valueFormat="MMM D, YYYY"
          popoverProps={{ withinPortal: true }}
          {...form.getInputProps('closeDate')}
        />
        {!closed && (
          <NumberInput
            label="Probability (%)"
            placeholder={`${defaults.probability} (${defaultNote})`}
            min={0}
            max={100}
            allowDecimal={false}
            allowNegative={false}
            {...form.getInputProps('probability')}
          />
        )}
        {!closed && (
          <Select
            label="Forecast category"
            placeholder={`${categoryLabels[defaults.forecastCategory]} (${defaultNote})`}
            data={openCategoryOptions}
            clearable
            comboboxProps={{ withinPortal: true }}
            {...form.getInputProps('forecastCategory')}
          />
        )}
        <Select
          label="Owner"
          placeholder={accountOwner ? `${accountOwner} (account owner)` : 'The account owner'}
          data={owners}
          searchable
          clearable={!editing}
          allowDeselect={!editing}
          nothingFoundMessage="Nobody matches."
          comboboxProps={{ withinPortal: true }}
          {...form.getInputProps('ownerId')}
        />
        <Select
          label="Source"
          placeholder="Not set"
          data={sourceOptions}
          clearable
          comboboxProps={{ withinPortal: true }}
          {...form.getInputProps('source')}
        />
      </SimpleGrid>
      {values.stage === 'closed_lost' && (
        <Textarea
          label="Why was it lost?"
          required
          autosize
          minRows={2}
          maxRows={6}
          {...form.getInputProps('lostReason')}
        />
      )}
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
        <TextInput label="Next step" autoComplete="off" {...form.getInputProps('nextStep')} />
        <DateInput
          label="Next step due"
          placeholder="No date"
          valueFormat="MMM D, YYYY"
          clearable
          popoverProps={{ withinPortal: true }}
          {...form.getInputProps('nextStepDue')}
        />
      </SimpleGrid>
      <MultiSelect
        label="Products"
        placeholder={products.data?.length === 0 ? 'No products in the catalogue' : 'Pick products'}
        data={productOptions(products.data, values.productIds)}
        searchable
        clearable
        nothingFoundMessage="No product matches."
        comboboxProps={{ withinPortal: true }}
        {...form.getInputProps('productIds')}
      />
    </>
  );
}
