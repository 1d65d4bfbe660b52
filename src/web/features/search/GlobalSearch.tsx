import { Loader } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { createSpotlight, Spotlight, type SpotlightActionData } from '@mantine/spotlight';
import { IconBuilding, IconSearch, IconUser } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import type { SearchHit } from '../../api.ts';
import { searchQuery } from './search.api.ts';

/** The command palette's own store, so the app can open it and move its selection. */
export const [searchStore, globalSearch] = createSpotlight();

/** Highlights the first result, so typing and pressing Enter opens the best match. */
function selectFirst() {
  const { listId } = searchStore.getState();
  const list = listId ? document.getElementById(listId) : null;
  if (!list) return;
  list.querySelector('[data-selected]')?.removeAttribute('data-selected');
  list.querySelector('[data-action]')?.setAttribute('data-selected', 'true');
  searchStore.updateState((s) => ({ ...s, selected: 0 }));
}

const typeLabels: Record<SearchHit['type'], string> = {
  account: 'Account',
  contact: 'Contact',
  opportunity: 'Opportunity',
};

const matches = (a: SpotlightActionData, q: string) =>
  `${a.label ?? ''} ${a.description ?? ''}`.toLowerCase().includes(q);

/**
 * Ctrl/Cmd+K: accounts and contacts from the server's typo-tolerant search, then the app's own
 * commands (go to a section, switch theme, sign out).
 */
export function GlobalSearch({ commands }: { commands: SpotlightActionData[] }) {
  const [query, setQuery] = useState('');
  const [q] = useDebouncedValue(query.trim(), 150);
  // The previous answer stays while the next is on its way, so the list does not flicker.
  const search = useQuery({ ...searchQuery(q), placeholderData: keepPreviousData });
  const navigate = useNavigate();

  const hits: SearchHit[] = q && query.trim() ? (search.data ?? []) : [];
  const typed = query.trim().toLowerCase();
  const shown = typed ? commands.filter((c) => matches(c, typed)) : commands;
  const waiting = Boolean(query.trim()) && (query.trim() !== q || search.isFetching);

  useEffect(() => {
    if (hits.length) queueMicrotask(selectFirst);
  }, [hits]);

  const open = (hit: SearchHit) =>
    void navigate({
      to: '/accounts/$accountId',
      params: { accountId: hit.accountId },
      search: hit.type === 'contact' ? { tab: 'contacts' } : {},
    });

  return (
    <Spotlight.Root
      store={searchStore}
      query={query}
      onQueryChange={setQuery}
      shortcut={['mod + K']}
      // Ctrl/Cmd+K works from inside a form field too, as in other command palettes.
      tagsToIgnore={[]}
      scrollable
      maxHeight={480}
    >
      <Spotlight.Search
        placeholder="Search accounts and contacts, or go to…"
        aria-label="Search accounts, contacts and commands"
        leftSection={<IconSearch size={18} />}
        rightSection={waiting ? <Loader size="xs" aria-label="Searching" /> : null}
      />
      <Spotlight.ActionsList aria-label="Results">
        {hits.length > 0 && (
          <Spotlight.ActionsGroup label="Accounts and contacts">
            {hits.map((hit) => (
              <Spotlight.Action
                key={`${hit.type}:${hit.id}`}
                label={hit.title}
                description={[typeLabels[hit.type], hit.subtitle].filter(Boolean).join(' · ')}
                leftSection={
                  hit.type === 'contact' ? (
                    <IconUser size={20} stroke={1.5} />
                  ) : (
                    <IconBuilding size={20} stroke={1.5} />
                  )
                }
                onClick={() => open(hit)}
              />
            ))}
          </Spotlight.ActionsGroup>
        )}
        {shown.length > 0 && (
          <Spotlight.ActionsGroup label={typed ? 'Commands' : 'Go to'}>
            {shown.map(({ id, ...action }) => (
              <Spotlight.Action key={id} {...action} />
            ))}
          </Spotlight.ActionsGroup>
        )}
        {hits.length === 0 && shown.length === 0 && (
          <Spotlight.Empty>
            {waiting
              ? 'Searching…'
              : search.isError
                ? 'Search is not available right now.'
                : 'Nothing matches.'}
          </Spotlight.Empty>
        )}
      </Spotlight.ActionsList>
    </Spotlight.Root>
  );
}
