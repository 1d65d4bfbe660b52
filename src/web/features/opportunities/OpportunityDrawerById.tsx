import { useQuery } from '@tanstack/react-query';
import { ErrorState, PageLoader } from '../../ui/states.tsx';
import { OpportunityFormDrawer } from './OpportunityFormDrawer.tsx';
import { opportunityQuery } from './opportunities.api.ts';

/** Opens an opportunity's form from its id alone (a report row), loading it first in the same drawer. */
export function OpportunityDrawerById({ id, onClose }: { id: string | null; onClose: () => void }) {
  const opportunity = useQuery({ ...opportunityQuery(id ?? ''), enabled: Boolean(id), staleTime: 0 });
  const ready = Boolean(id) && opportunity.data?.id === id && !opportunity.isFetching;
  return (
    <OpportunityFormDrawer
      opened={id !== null}
      opportunity={ready ? (opportunity.data ?? null) : null}
      onClose={onClose}
      placeholder={
        ready ? undefined : opportunity.isError ? (
          <ErrorState
            error={opportunity.error}
            title="Could not load the opportunity"
            onRetry={() => void opportunity.refetch()}
          />
        ) : (
          <PageLoader label="Loading the opportunity…" />
        )
      }
    />
  );
}
