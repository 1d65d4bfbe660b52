import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The web app lives in src/web; its production build is served by `steward serve` from dist/web.
export default defineConfig({
  root: fileURLToPath(new URL('./src/web', import.meta.url)),
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist/web', import.meta.url)),
    emptyOutDir: true,
    // dist/web/.vite/manifest.json: which chunks each entry loads, read by `npm run build:report`.
    manifest: true,
    rolldownOptions: {
      // The features' modules and the core's schemas only define things: none needs to run for its
      // effects. Said so, a feature's index.ts (which the first screen imports for its routes and
      // navigation) no longer drags along the modules it re-exports for other features' pages, such
      // as forms and their date pickers; they load with the pages that use them.
      treeshake: {
        moduleSideEffects: (id) => (/[\\/]src[\\/](web[\\/]features|core)[\\/]/.test(id) ? false : undefined),
      },
      output: {
        // Libraries change less often than the app: separate chunks stay cached across releases.
        codeSplitting: {
          // A group takes its modules' dependencies with it, highest priority first: the chart
          // libraries (recharts, d3, redux…) and drag and drop come last, so they do not swallow
          // React or Mantine, and stay out of the chunks every page needs: once the pages that use
          // them are split out of the first screen, only those pages load them.
          groups: [
            { name: 'react', priority: 4, test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
            {
              name: 'mantine',
              priority: 3,
              test: /node_modules[\\/](@mantine[\\/](?!charts[\\/]|dates[\\/])|@floating-ui[\\/])/,
            },
            { name: 'tanstack', priority: 2, test: /node_modules[\\/]@tanstack[\\/]/ },
            // Scripts only: the stylesheets main.tsx imports from these packages must not make the
            // entry import their chunk.
            {
              name: 'charts',
              priority: 1,
              test: /node_modules[\\/](@mantine[\\/]charts|recharts)[\\/].*\.[cm]?js$/,
            },
            {
              name: 'dates',
              priority: 1,
              test: /node_modules[\\/](@mantine[\\/]dates|dayjs)[\\/].*\.[cm]?js$/,
            },
            { name: 'dnd', priority: 1, test: /node_modules[\\/]@dnd-kit[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    port: 5173,
    // Run the API with `npm run dev:server` (port 3000), which trusts this origin for cookie writes.
    proxy: { '/api': 'http://localhost:3000' },
  },
});
