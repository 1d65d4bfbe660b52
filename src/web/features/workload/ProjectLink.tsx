import { Anchor, type AnchorProps } from '@mantine/core';
import { useRouter } from '@tanstack/react-router';
import type { MouseEvent, ReactNode } from 'react';

/**
 * A real link to a project page (so a middle click opens a new tab); a plain click moves within the
 * app without reloading it. The path is written out, as the projects feature owns its route.
 */
export function ProjectLink({
  projectId,
  tab,
  children,
  ...props
}: {
  projectId: string;
  tab?: 'deliverables' | 'requests' | 'vendors' | 'scope';
  children: ReactNode;
} & AnchorProps) {
  const router = useRouter();
  const href = `/projects/${encodeURIComponent(projectId)}${tab && tab !== 'deliverables' ? `?tab=${tab}` : ''}`;
  const onClick = (e: MouseEvent<HTMLAnchorElement>) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    router.history.push(href);
  };
  return (
    <Anchor {...props} href={href} onClick={onClick}>
      {children}
    </Anchor>
  );
}
