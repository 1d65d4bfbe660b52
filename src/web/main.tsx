import '@mantine/core/styles.css';
import '@mantine/dates/styles.css';
import '@mantine/notifications/styles.css';
import '@mantine/spotlight/styles.css';
import '@mantine/charts/styles.css';
import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiError } from './api.ts';
import { meQuery } from './features/session/index.ts';
import { createAppRouter, preloadCurrentPage, preloadPagesWhenIdle } from './router.tsx';
import { colorSchemeManager, theme } from './theme.ts';

/** Any 401 means the session is gone: forget the user; the app layout then sends them to sign in. */
function onApiError(err: unknown) {
  if (err instanceof ApiError && err.status === 401) queryClient.setQueryData(meQuery.queryKey, null);
}

const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError: onApiError }),
  mutationCache: new MutationCache({ onError: onApiError }),
  defaultOptions: {
    queries: {
      // Lists refresh in the background whenever a page shows them again.
      staleTime: 5_000,
      // A 4xx will not get better by asking again; a network error or 5xx might.
      retry: (failures, err) =>
        !(err instanceof ApiError && err.status >= 400 && err.status < 500) && failures < 2,
    },
  },
});

const router = createAppRouter(queryClient);
preloadCurrentPage(router);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element.');

createRoot(root).render(
  <StrictMode>
    <MantineProvider theme={theme} colorSchemeManager={colorSchemeManager} defaultColorScheme="auto">
      {/* Bottom corner: a toast never covers the header controls. */}
      <Notifications position="bottom-right" />
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);

preloadPagesWhenIdle(router, queryClient);
