import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiError, setCsrfToken, setUnauthenticatedHandler } from './api/client';
import { makeRouter } from './router';
import './styles.css';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      // A 4xx will not get better by asking again.
      retry: (count, error) =>
        !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
    },
  },
});
const router = makeRouter(queryClient);

setUnauthenticatedHandler(() => {
  // The session ended under us (expired or signed out elsewhere): go to sign-in and come back here after.
  setCsrfToken(null);
  queryClient.setQueryData(['session'], null);
  const here = router.state.location.href;
  if (router.state.location.pathname !== '/sign-in') {
    void router.navigate({ to: '/sign-in', search: { redirect: here } });
  }
});

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  </StrictMode>,
);
