// Applies the saved light/dark choice before the app loads, so the page does not flash.
// Mantine's localStorageColorSchemeManager reads and writes the same key.
(() => {
  try {
    const saved = window.localStorage.getItem('steward-color-scheme');
    const scheme =
      saved === 'light' || saved === 'dark'
        ? saved
        : window.matchMedia('(prefers-color-scheme: dark)').matches
          ? 'dark'
          : 'light';
    document.documentElement.setAttribute('data-mantine-color-scheme', scheme);
  } catch {
    // Storage can be blocked; Mantine falls back to the default scheme.
  }
})();
