import { createTheme, localStorageColorSchemeManager } from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'indigo',
  defaultRadius: 'md',
  fontFamily:
    'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif',
});

/** Same key as public/color-scheme.js, which applies the choice before the app loads. */
export const colorSchemeManager = localStorageColorSchemeManager({ key: 'steward-color-scheme' });
