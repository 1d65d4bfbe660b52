import { Anchor, type AnchorProps } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import type { AccountTab } from './search.ts';

/** A real link to an account (so it opens in a new tab with a middle click), optionally at a tab. */
export function AccountLink({
  accountId,
  tab,
  title,
  children,
  ...props
}: { accountId: string; tab?: AccountTab; title?: string; children: ReactNode } & AnchorProps) {
  return (
    <Anchor
      {...props}
      title={title}
      renderRoot={(rootProps) => (
        <Link
          to="/accounts/$accountId"
          params={{ accountId }}
          search={tab && tab !== 'overview' ? { tab } : {}}
          {...rootProps}
        />
      )}
    >
      {children}
    </Anchor>
  );
}
