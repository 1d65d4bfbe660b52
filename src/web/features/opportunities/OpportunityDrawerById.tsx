import { Drawer } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { ErrorState, PageLoader } from '../../ui/states.tsx';
import { OpportunityFormDrawer } from './OpportunityFormDrawer.tsx';
import { opportunityQuery } from './opportunities.api.ts';

/** Opens an opportunity's form from its id alone (a report row), loading it first. */
export function OpportunityDrawerById({ id, onClose }: { id: string | null; onClose: () => void }) {
  const opportunity = useQuery({ ...opportunityQuery(id ?? ''), enabled: Boolean(id), staleTime: 0 });
  if (id && opportunity.data?.id === id)
    return <OpportunityFormDrawer opened opportunity={opportunity.data} onClose={onClose} />;
  return (
    <Drawer opened={id !== null} onClose={onClose} title="Opportunity" position="right" size="md">
      {opportunity.isError ? (
        <ErrorState
          error={opportunity.error}
          title="Could not load the opportunity"
          onRetry={() => void opportunity.refetch()}
        />
      ) : (
        <PageLoader label="Loading the opportunity…" />
      )}
    </Drawer>
  );
}
