import type { Icon } from '@tabler/icons-react';
import type { AnyRoute, RouteComponent } from '@tanstack/react-router';
import type { ComponentType } from 'react';
import type { Account, Me } from '../api.ts';
import type { AppRoute, RootRoute } from '../router.tsx';

// What a web feature contributes to the app. Each feature's index.ts exports `feature`, which
// satisfies WebFeature; src/web/features/index.ts lists them all, and the router, the navigation,
// the command palette, the account page and the settings page are built from that list.

/** A section of the main navigation, also offered as a "go to" command in the palette. */
export interface NavEntry {
  path: string;
  label: string;
  icon: Icon;
  /** Position in the navigation, lowest first. */
  order: number;
  /** What the section is for, in one sentence: the palette shows it under the label. */
  purpose: string;
  /** Who sees the entry; everyone signed in when absent. */
  visibleTo?: (me: Me) => boolean;
}

export interface AccountTabProps {
  account: Account;
  /** Opens another tab of the account page, for links such as "All contacts". */
  onTabChange: (tab: string) => void;
}

/** A tab of the account page, in the address as `?tab=<key>`; the lowest order opens by default. */
export interface AccountTabEntry {
  key: string;
  label: string;
  order: number;
  component: ComponentType<AccountTabProps>;
}

/** A tab of the settings page, at /settings/<path>; the lowest order opens by default. */
export interface SettingsTabEntry {
  path: string;
  label: string;
  icon: Icon;
  order: number;
  component: RouteComponent;
  /** The palette's label, when the tab's own is too short to stand alone there. */
  commandLabel?: string;
  /** Shown under the label in the command palette. */
  description: string;
  /** Who sees the tab (and its palette command); everyone signed in when absent. */
  visibleTo?: (me: Me) => boolean;
}

/** A tab of the signed-in person's profile, at /profile/<path>; the lowest order opens by default. */
export interface ProfileTabEntry {
  path: string;
  label: string;
  icon: Icon;
  order: number;
  component: RouteComponent;
  /** The palette's label and the line under it. */
  commandLabel: string;
  description: string;
}

/** A page the command palette goes to, besides the navigation's sections and settings tabs. */
export interface PageCommand {
  path: string;
  label: string;
  description: string;
  /** Who is offered the command; everyone signed in when absent. */
  visibleTo?: (me: Me) => boolean;
}

/** What a feature's signed-in routes hang from, and the tabs other features contribute. */
export interface Shell {
  /** The signed-in layout (header, navigation); every page behind sign-in is its child. */
  app: AppRoute;
  accountTabs: readonly AccountTabEntry[];
  settingsTabs: readonly SettingsTabEntry[];
  profileTabs: readonly ProfileTabEntry[];
}

export interface WebFeature {
  /** Pages behind sign-in, built on the shell's layout route. */
  routes?: (shell: Shell) => readonly AnyRoute[];
  /** Pages shown without signing in (sign-in, first-run setup), without the app's layout. */
  publicRoutes?: (root: RootRoute) => readonly AnyRoute[];
  nav?: NavEntry;
  accountTab?: AccountTabEntry;
  settingsTab?: SettingsTabEntry;
  profileTab?: ProfileTabEntry;
  commands?: readonly PageCommand[];
}

/** The routes a list of features contributes through one of its hooks, keeping their types. */
type RoutesOf<F, K extends 'routes' | 'publicRoutes'> = F extends {
  [k in K]: (...args: never[]) => readonly (infer R)[];
}
  ? R
  : never;

export function appRoutesOf<F extends WebFeature>(features: readonly F[], shell: Shell) {
  return features.flatMap((f) => f.routes?.(shell) ?? []) as RoutesOf<F, 'routes'>[];
}

export function publicRoutesOf<F extends WebFeature>(features: readonly F[], root: RootRoute) {
  return features.flatMap((f) => f.publicRoutes?.(root) ?? []) as RoutesOf<F, 'publicRoutes'>[];
}

const byOrder = <T extends { order: number }>(entries: T[]) => entries.sort((a, b) => a.order - b.order);

export const navEntriesOf = (features: readonly WebFeature[]) =>
  byOrder(features.flatMap((f) => (f.nav ? [f.nav] : [])));

export const accountTabsOf = (features: readonly WebFeature[]) =>
  byOrder(features.flatMap((f) => (f.accountTab ? [f.accountTab] : [])));

export const settingsTabsOf = (features: readonly WebFeature[]) =>
  byOrder(features.flatMap((f) => (f.settingsTab ? [f.settingsTab] : [])));

export const profileTabsOf = (features: readonly WebFeature[]) =>
  byOrder(features.flatMap((f) => (f.profileTab ? [f.profileTab] : [])));

/** The palette's "go to" commands after the sections: settings and profile tabs, then other pages. */
export const pageCommandsOf = (features: readonly WebFeature[]): PageCommand[] => [
  ...settingsTabsOf(features).map((t) => ({
    path: `/settings/${t.path}`,
    label: t.commandLabel ?? t.label,
    description: t.description,
    visibleTo: t.visibleTo,
  })),
  ...profileTabsOf(features).map((t) => ({
    path: `/profile/${t.path}`,
    label: t.commandLabel,
    description: t.description,
  })),
  ...features.flatMap((f) => f.commands ?? []),
];
