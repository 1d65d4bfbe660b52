import { ActionIcon, AppShell, Burger, Group, Kbd, NavLink, ScrollArea, Text, Tooltip } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import type { SpotlightActionData } from '@mantine/spotlight';
import { IconLogout, IconMoonStars, IconSearch } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, Outlet, useNavigate, useRouterState } from '@tanstack/react-router';
import { useEffect, useRef } from 'react';
import { signOut } from '../api.ts';
import type { NavEntry, PageCommand } from '../features/feature.ts';
import { NotificationBell } from '../features/notifications/index.ts';
import { GlobalSearch, globalSearch } from '../features/search/index.ts';
import { MeContext, meQuery } from '../features/session/index.ts';
import { ColorSchemeToggle, useToggleColorScheme } from './ColorSchemeToggle.tsx';
import { setCurrency } from './format.ts';
import { Logo } from './Logo.tsx';
import { notifyFailure } from './notify.ts';
import { PageLoader } from './states.tsx';
import { UserMenu } from './UserMenu.tsx';

function isActive(pathname: string, path: string): boolean {
  if (path === '/') return pathname === '/';
  return pathname === path || pathname.startsWith(`${path}/`);
}

/** The signed-in app: header, navigation and the current page. */
export function AppLayout({
  nav,
  pageCommands,
}: {
  /** The sections, in order. */
  nav: readonly NavEntry[];
  /** Other pages the command palette goes to. */
  pageCommands: readonly PageCommand[];
}) {
  const [opened, { toggle, close }] = useDisclosure(false);
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  const href = useRouterState({ select: (s) => s.location.href });
  const { data: me } = useQuery(meQuery);
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const toggleColorScheme = useToggleColorScheme();

  const signingOut = useRef(false);
  const hrefRef = useRef(href);
  hrefRef.current = href;

  // The session ended while the app was open (expired, signed out elsewhere, or deactivated):
  // sign in again and come back here. Runs once per change of `me`, not on every render.
  useEffect(() => {
    if (me === null && !signingOut.current) {
      void navigate({ to: '/sign-in', search: { redirect: hrefRef.current }, replace: true });
    }
  }, [me, navigate]);

  if (!me) return <PageLoader />;
  // Every amount is shown in the deployment's currency: set before the pages below render.
  setCurrency(me.currency);

  const handleSignOut = async () => {
    signingOut.current = true;
    try {
      await signOut();
    } catch (err) {
      signingOut.current = false;
      notifyFailure('Could not sign out')(err);
      return;
    }
    await navigate({ to: '/sign-in' });
    queryClient.clear();
    notifications.show({ message: 'You are signed out.' });
  };

  const sections = nav.filter((s) => s.visibleTo?.(me) ?? true);
  const actions: SpotlightActionData[] = [
    ...sections.map((s) => ({
      id: `go:${s.path}`,
      label: s.label,
      description: s.purpose,
      leftSection: <s.icon size={20} stroke={1.5} />,
      onClick: () => void navigate({ to: s.path }),
    })),
    ...pageCommands
      .filter((c) => c.visibleTo?.(me) ?? true)
      .map((c) => ({
        id: `go:${c.path}`,
        label: c.label,
        description: c.description,
        onClick: () => void navigate({ to: c.path }),
      })),
    {
      id: 'toggle-color-scheme',
      label: 'Toggle color scheme',
      description: 'Switch between the light and the dark theme',
      leftSection: <IconMoonStars size={20} stroke={1.5} />,
      onClick: toggleColorScheme,
    },
    {
      id: 'sign-out',
      label: 'Sign out',
      leftSection: <IconLogout size={20} stroke={1.5} />,
      onClick: () => void handleSignOut(),
    },
  ];

  return (
    <MeContext.Provider value={me}>
      <AppShell
        key={me.currency}
        header={{ height: 56 }}
        navbar={{ width: 232, breakpoint: 'sm', collapsed: { mobile: !opened } }}
        padding={{ base: 'sm', sm: 'lg' }}
      >
        <AppShell.Header>
          <Group h="100%" px="md" justify="space-between" wrap="nowrap">
            <Group gap="sm" wrap="nowrap">
              <Burger
                opened={opened}
                onClick={toggle}
                hiddenFrom="sm"
                size="sm"
                aria-label={opened ? 'Close navigation' : 'Open navigation'}
              />
              <Link to="/" style={{ color: 'inherit', textDecoration: 'none' }}>
                <Group gap={8} wrap="nowrap">
                  <Logo size={26} />
                  <Text fw={700} size="lg">
                    Steward
                  </Text>
                </Group>
              </Link>
            </Group>
            <Group gap="xs" wrap="nowrap">
              <Tooltip
                label={
                  <>
                    Search and commands <Kbd size="xs">Ctrl K</Kbd>
                  </>
                }
              >
                <ActionIcon
                  variant="default"
                  size="lg"
                  onClick={() => globalSearch.open()}
                  aria-label="Search and commands"
                >
                  <IconSearch size={18} />
                </ActionIcon>
              </Tooltip>
              <NotificationBell />
              <ColorSchemeToggle />
              <UserMenu onSignOut={() => void handleSignOut()} />
            </Group>
          </Group>
        </AppShell.Header>

        <AppShell.Navbar p="xs" aria-label="Main navigation">
          <AppShell.Section grow component={ScrollArea}>
            {sections.map((s) => (
              <NavLink
                key={s.path}
                label={s.label}
                leftSection={<s.icon size={18} stroke={1.5} />}
                active={isActive(pathname, s.path)}
                onClick={close}
                renderRoot={(props) => (
                  <Link to={s.path} activeOptions={{ exact: s.path === '/' }} {...props} />
                )}
              />
            ))}
          </AppShell.Section>
        </AppShell.Navbar>

        <AppShell.Main>
          <Outlet />
        </AppShell.Main>
      </AppShell>
      <GlobalSearch commands={actions} />
    </MeContext.Provider>
  );
}
