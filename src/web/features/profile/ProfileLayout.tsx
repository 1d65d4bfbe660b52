import { RouteTabsPage } from '../../ui/RouteTabs.tsx';
import type { ProfileTabEntry } from '../feature.ts';
import { useMe } from '../session/index.ts';

/** The signed-in person's own preferences, one tab per route; other features contribute the tabs. */
export function ProfileLayout({ tabs }: { tabs: readonly ProfileTabEntry[] }) {
  const me = useMe();
  return <RouteTabsPage title="Profile" subtitle={`${me.name} · ${me.email}`} base="/profile" tabs={tabs} />;
}
