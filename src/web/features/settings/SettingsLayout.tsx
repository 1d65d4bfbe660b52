import { RouteTabsPage } from '../../ui/RouteTabs.tsx';
import type { SettingsTabEntry } from '../feature.ts';
import { useMe } from '../session/index.ts';

/** Settings, one tab per route so every tab has its own address; other features contribute the tabs. */
export function SettingsLayout({ tabs }: { tabs: readonly SettingsTabEntry[] }) {
  const me = useMe();
  return (
    <RouteTabsPage title="Settings" base="/settings" tabs={tabs.filter((t) => t.visibleTo?.(me) ?? true)} />
  );
}
