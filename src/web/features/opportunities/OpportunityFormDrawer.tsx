import { Drawer } from '@mantine/core';
import { isNotEmpty, useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { FormShell } from '../../ui/FormShell.tsx';
import { changedFields, showFieldErrors, wholeNumber } from '../../ui/form.ts';
import { formatMoney, isoDay } from '../../ui/format.ts';
import { PageLoader } from '../../ui/states.tsx';
import { accountQuery } from '../accounts/index.ts';
import type { Opportunity } from '../contracts/index.ts';
import { quarterOf, quarterRange } from '../forecast/index.ts';
import {
  dealDefaults,
  type ForecastCategory,
  isClosedStage,
  type LikelihoodBand,
  type Stage,
} from './labels.ts';
import { OpportunityFields, type OpportunityValues } from './OpportunityFields.tsx';
import {
  type OpportunityBody,
  type OpportunityPatch,
  useCreateOpportunity,
  useUpdateOpportunity,
} from './opportunities.api.ts';
import { notifyWon, type WonChoice, type WonDeal, WonDialog } from './WonDialog.tsx';

/** Creates an opportunity (no `opportunity`; on `accountId` if given) or changes one, in a drawer. */
export function OpportunityFormDrawer({
  opened,
  opportunity,
  accountId,
  onClose,
  placeholder,
}: {
  opened: boolean;
  opportunity: Opportunity | null;
  accountId?: string;
  onClose: () => void;
  /** Shown instead of the form while the opportunity to edit is still loading (or failed to). */
  placeholder?: ReactNode;
}) {
  return (
    <Drawer
      opened={opened}
      onClose={onClose}
      title={placeholder ? 'Opportunity' : opportunity ? `Edit ${opportunity.name}` : 'New opportunity'}
      position="right"
      size="md"
      styles={{ title: { fontWeight: 700, fontSize: 'var(--mantine-font-size-lg)' } }}
    >
      {/* Mounted only while open, so the form starts from the opportunity as it is now. */}
      {opened &&
        (placeholder ?? <OpportunityForm opportunity={opportunity} accountId={accountId} onDone={onClose} />)}
    </Drawer>
  );
}

/**
 * A value equal to its default (the stage's, or a renewal's likelihood by its account's health band)
 * shows as the default, so a later stage change moves it.
 */
function initialValues(o: Opportunity | null, band: LikelihoodBand, accountId?: string): OpportunityValues {
  const defaults = o ? dealDefaults(o.stage, o.type, band) : null;
  return {
    accountId: o?.accountId ?? accountId ?? null,
    name: o?.name ?? '',
    type: o?.type ?? 'upsell',
    amount: o?.amount ?? '',
    stage: o?.stage ?? 'prospecting',
    probability: o && o.probability !== defaults?.probability ? o.probability : '',
    forecastCategory: o && o.forecastCategory !== defaults?.forecastCategory ? o.forecastCategory : null,
    // A new deal is expected to close by the end of this quarter unless the user says otherwise.
    closeDate: o?.closeDate ?? quarterRange(quarterOf(isoDay())).to,
    ownerId: o?.ownerId ?? null,
    source: o?.source ?? null,
    nextStep: o?.nextStep ?? '',
    nextStepDue: o?.nextStepDue ?? null,
    productIds: o?.productIds ?? [],
    lostReason: o?.lostReason ?? '',
  };
}

const rules = {
  accountId: isNotEmpty('Pick the account.'),
  name: isNotEmpty('Enter a name.'),
  amount: (v: number | string) => (v === '' || Number(v) < 0 ? 'Enter an amount of 0 or more.' : null),
  probability: wholeNumber(0, 100, 'Enter a whole percentage from 0 to 100.', { optional: true }),
  closeDate: isNotEmpty('Pick the expected close date.'),
  lostReason: (v: string, values: OpportunityValues) =>
    values.stage === 'closed_lost' && !v.trim() ? 'Say why it was lost.' : null,
};

/** The body of the form: a default is sent as the value it stands for, so an edit can reset it. */
function bodyOf(v: OpportunityValues, band: LikelihoodBand): OpportunityBody {
  const stage = v.stage as Stage;
  const open = !isClosedStage(stage);
  const defaults = dealDefaults(stage, v.type, band);
  return {
    accountId: v.accountId ?? '',
    name: v.name.trim(),
    type: v.type,
    amount: Number(v.amount),
    stage,
    ...(open
      ? {
          probability: v.probability === '' ? defaults.probability : Number(v.probability),
          forecastCategory: (v.forecastCategory ?? defaults.forecastCategory) as ForecastCategory,
        }
      : {}),
    closeDate: v.closeDate ?? '',
    ...(v.ownerId ? { ownerId: v.ownerId } : {}),
    source: v.source,
    nextStep: v.nextStep.trim() || null,
    nextStepDue: v.nextStepDue,
    productIds: v.productIds,
    ...(stage === 'closed_lost' ? { lostReason: v.lostReason.trim() } : {}),
  };
}

/** The form, once a renewal's account is loaded: its health band gives the renewal's defaults. */
function OpportunityForm(props: { opportunity: Opportunity | null; accountId?: string; onDone: () => void }) {
  const id = props.opportunity?.accountId ?? props.accountId ?? '';
  const account = useQuery({ ...accountQuery(id), enabled: Boolean(id) });
  if (props.opportunity?.type === 'renewal' && account.isPending) {
    return <PageLoader label="Loading the account…" />;
  }
  return <OpportunityFormBody {...props} band={account.data?.healthBand ?? null} />;
}

function OpportunityFormBody({
  opportunity,
  accountId,
  band,
  onDone,
}: {
  opportunity: Opportunity | null;
  accountId?: string;
  band: LikelihoodBand;
  onDone: () => void;
}) {
  const create = useCreateOpportunity();
  const update = useUpdateOpportunity();
  const form = useForm({ initialValues: initialValues(opportunity, band, accountId), validate: rules });
  // The account picked in the form (a new opportunity's may change): its band at the time of saving.
  const picked = useQuery({
    ...accountQuery(form.values.accountId ?? ''),
    enabled: Boolean(form.values.accountId),
  });

  // A deal closed as won in the form goes through the Won dialog first: the contract it creates.
  const [winning, setWinning] = useState<{
    deal: WonDeal;
    closeDate: string | null;
    body: OpportunityBody;
  } | null>(null);

  const save = (
    body: OpportunityBody,
    won?: { deal: WonDeal; choice: WonChoice; renewedName: string | null },
  ) => {
    const onError = showFieldErrors(form);
    const done = (o: Opportunity) => {
      if (won) notifyWon(won.deal, won.choice, won.renewedName);
      else
        notifications.show({
          color: 'green',
          message: opportunity ? `Saved ${o.name}.` : `${o.name} added (${formatMoney(o.amount)}).`,
        });
      setWinning(null);
      onDone();
    };
    if (!opportunity) return create.mutate(body, { onSuccess: done, onError });
    const { accountId: _fixed, ...rest } = body;
    const changed = changedFields<OpportunityPatch>(opportunity, rest);
    // The win's close date and contract are sent even where the form left them as they were.
    const patch = won ? { ...changed, closeDate: body.closeDate, contract: body.contract } : changed;
    if (!patch) return onDone();
    update.mutate({ opportunity, body: patch }, { onSuccess: done, onError });
  };

  const submit = (values: OpportunityValues) => {
    const body = bodyOf(values, picked.data ? picked.data.healthBand : band);
    if (body.stage === 'closed_won' && opportunity?.stage !== 'closed_won') {
      create.reset();
      update.reset();
      return setWinning({
        deal: {
          accountId: body.accountId,
          name: body.name,
          type: body.type,
          amount: body.amount ?? 0,
          contractId: opportunity?.contractId ?? null,
          contractIds: opportunity?.contractIds,
        },
        // The expected close date left as it was is not the day it closed: that is today.
        closeDate: form.isDirty('closeDate') ? (body.closeDate ?? null) : isoDay(),
        body,
      });
    }
    save(body);
  };

  return (
    <>
      <FormShell
        form={form}
        mutation={opportunity ? update : create}
        onSubmit={submit}
        onCancel={onDone}
        submitLabel={opportunity ? 'Save changes' : 'Add opportunity'}
      >
        <OpportunityFields
          form={form}
          pickAccount={!opportunity && !accountId}
          editing={Boolean(opportunity)}
        />
      </FormShell>
      <WonDialog
        deal={winning?.deal ?? null}
        closeDate={winning?.closeDate}
        mutation={opportunity ? update : create}
        onCancel={() => {
          create.reset();
          update.reset();
          setWinning(null);
        }}
        onConfirm={(choice, renewedName) => {
          if (!winning) return;
          const { contract, closeDate } = choice;
          const body = { ...winning.body, closeDate, ...(contract !== undefined ? { contract } : {}) };
          save(body, { deal: winning.deal, choice, renewedName });
        }}
      />
    </>
  );
}
