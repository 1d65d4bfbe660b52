import { ActionIcon, useComputedColorScheme, useMantineColorScheme } from '@mantine/core';
import { IconMoon, IconSun } from '@tabler/icons-react';

/** Switches between light and dark; the choice is kept in this browser. */
export function useToggleColorScheme(): () => void {
  const { setColorScheme } = useMantineColorScheme();
  const computed = useComputedColorScheme('light', { getInitialValueInEffect: false });
  return () => setColorScheme(computed === 'dark' ? 'light' : 'dark');
}

export function ColorSchemeToggle() {
  const computed = useComputedColorScheme('light', { getInitialValueInEffect: false });
  const toggle = useToggleColorScheme();
  return (
    <ActionIcon
      variant="default"
      size="lg"
      onClick={toggle}
      aria-label="Toggle color scheme"
      title={computed === 'dark' ? 'Switch to light theme' : 'Switch to dark theme'}
    >
      {computed === 'dark' ? <IconSun size={18} /> : <IconMoon size={18} />}
    </ActionIcon>
  );
}
