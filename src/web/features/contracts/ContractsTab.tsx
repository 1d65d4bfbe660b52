import { Badge, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { sumMoney } from '../../../core/rules/money.ts';
import type { Account } from '../../api.ts';
import { ConfirmModal } from '../../ui/ConfirmModal.tsx';
import { useDeleteConfirm, useFormModal } from '../../ui/dialogs.ts';
import { ExportCsvButton } from '../../ui/ExportCsvButton.tsx';
import { formatDay, formatMoney } from '../../ui/format.ts';
import {
  AddButton,
  NameCell,
  QueryContent,
  RecordTable,
  type RowAction,
  RowActions,
} from '../../ui/lists.tsx';
import { EmptyState, Toolbar } from '../../ui/states.tsx';
import { canWorkAccounts, useMe } from '../session/index.ts';
import { CancelContractModal } from './CancelContractModal.tsx';
import { ContractFormModal } from './ContractFormModal.tsx';
import { accountContractsQuery, useDeleteContract } from './contracts.api.ts';
import { type ContractStatus, contractStatusColors, contractStatusLabels } from './labels.ts';
import { productsQuery } from './products.api.ts';
import { RenewContractModal, type RenewTarget } from './RenewContractModal.tsx';
import type { Contract, Product } from './revenue-types.ts';
import { termLabel } from './terms.ts';

/** Active first, then drafts, then the rest; within each, the latest end first. */
const statusOrder: Record<ContractStatus, number> = {
  active: 0,
  draft: 1,
  renewed: 2,
  expired: 3,
  cancelled: 4,
};

export function ContractsTab({ account }: { account: Account }) {
  const me = useMe();
  const canWork = canWorkAccounts(me) && !account.archivedAt;
  const contracts = useQuery(accountContractsQuery(account.id));
  const products = useQuery(productsQuery);
  const editor = useFormModal<Contract>();
  const [renewing, setRenewing] = useState<RenewTarget | null>(null);
  const [cancelling, setCancelling] = useState<Contract | null>(null);
  const deleting = useDeleteConfirm(useDeleteContract(), (c) => `${c.name} deleted.`);

  const list = [...(contracts.data ?? [])].sort(
    (a, b) => statusOrder[a.status] - statusOrder[b.status] || b.endDate.localeCompare(a.endDate),
  );
  const activeArr = sumMoney(list.filter((c) => c.status === 'active').map((c) => c.arr));

  const actionsOf = (c: Contract): RowAction[] => {
    const out: RowAction[] = [{ label: 'Edit', onClick: () => editor.open(c) }];
    // A contract under notice of cancellation is not renewed (the server answers 409).
    if (c.status === 'active' && !c.cancelledOn)
      out.push({
        label: 'Renew',
        onClick: () => setRenewing({ contractId: c.id, accountId: c.accountId, accountName: account.name }),
      });
    if (c.status === 'active') out.push({ label: 'Cancel', color: 'red', onClick: () => setCancelling(c) });
    if (c.status === 'draft') out.push({ label: 'Delete', color: 'red', onClick: () => deleting.ask(c) });
    return out;
  };

  return (
    <Stack gap="md">
      <Toolbar
        actions={
          <>
            <ExportCsvButton entity="contracts" filters={{ accountId: account.id }} />
            {canWork && <AddButton onClick={() => editor.open(null)}>Add contract</AddButton>}
          </>
        }
      >
        <Text size="sm" c="dimmed">
          {list.length
            ? `Active contracts add up to ${formatMoney(activeArr)} ARR.`
            : `What ${account.name} has signed, and when it renews.`}
        </Text>
      </Toolbar>
      <QueryContent
        query={contracts}
        what="contracts"
        empty={
          list.length === 0 && (
            <EmptyState title="No contracts yet">
              {canWork
                ? 'Add the contract the client signed; its ARR and end date show on the account.'
                : null}
            </EmptyState>
          )
        }
      >
        <RecordTable
          label="Contracts"
          minWidth={canWork ? 900 : 720}
          columns={['Contract', 'Status', 'Term', 'ARR', 'Products']}
          withActions={canWork}
        >
          {list.map((c) => (
            <ContractRow key={c.id} contract={c} products={products.data} actions={canWork && actionsOf(c)} />
          ))}
        </RecordTable>
      </QueryContent>
      {canWork && (
        <ContractFormModal
          opened={editor.opened}
          accountId={account.id}
          contract={editor.record}
          onClose={editor.close}
        />
      )}
      <RenewContractModal target={renewing} onClose={() => setRenewing(null)} />
      <CancelContractModal contract={cancelling} onClose={() => setCancelling(null)} />
      <ConfirmModal {...deleting.modal} title={`Delete ${deleting.item?.name ?? 'this draft'}?`}>
        The draft is removed for good. It never counted in the account’s ARR.
      </ConfirmModal>
    </Stack>
  );
}

function ContractRow({
  contract: c,
  products,
  actions,
}: {
  contract: Contract;
  products: Product[] | undefined;
  actions: RowAction[] | false;
}) {
  const productName = (id: string) => products?.find((p) => p.id === id)?.name ?? '…';
  return (
    <Table.Tr>
      <NameCell
        id={`contract-${c.id}`}
        badge={
          c.autoRenew && (
            <Badge size="xs" variant="outline" color="gray">
              Auto-renews{c.upliftPercent ? ` ${c.upliftPercent > 0 ? '+' : ''}${c.upliftPercent}%` : ''}
            </Badge>
          )
        }
      >
        {c.name}
      </NameCell>
      <Table.Td>
        <Stack gap={0}>
          {/* A visible label keeps the status whole: a hidden one lets the table squeeze it to "RENE…". */}
          <Badge
            variant="light"
            color={contractStatusColors[c.status]}
            styles={{ label: { overflow: 'visible' } }}
          >
            {contractStatusLabels[c.status]}
          </Badge>
          {c.cancelledOn && (
            <Text size="xs" c="dimmed">
              {c.status === 'active' ? 'cancels' : 'from'} {formatDay(c.cancelledOn)}
            </Text>
          )}
        </Stack>
      </Table.Td>
      <Table.Td>
        <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
          {formatDay(c.startDate)} – {formatDay(c.endDate)}
        </Text>
        <Text size="xs" c="dimmed">
          {termLabel(c.startDate, c.endDate)}
        </Text>
      </Table.Td>
      <Table.Td style={{ fontVariantNumeric: 'tabular-nums' }}>{formatMoney(c.arr)}</Table.Td>
      <Table.Td>
        {c.lines.length === 0 ? (
          <Text size="sm" c="dimmed">
            —
          </Text>
        ) : (
          <Text size="xs" style={{ whiteSpace: 'pre-line' }}>
            {c.lines
              .map((l) => `${productName(l.productId)} × ${l.quantity} at ${formatMoney(l.unitPrice)}`)
              .join('\n')}
          </Text>
        )}
      </Table.Td>
      {actions && <RowActions describedBy={`contract-${c.id}`} actions={actions} />}
    </Table.Tr>
  );
}
