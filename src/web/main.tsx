import './styles/app.scss';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { setSessionEndedHandler } from './api/client.js';
import { ApiError } from './api/errors.js';
import { createAppRouter } from './router.js';
import { forgetSession } from './session/session.js';
import { ReauthProvider } from './ui/Reauth.js';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A refusal or a missing record will not change by asking again.
      retry: (count, error) => count < 2 && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
      refetchOnWindowFocus: false,
    },
  },
});
const router = createAppRouter();

// Any 401 during a signed-in session: forget it here and explain calmly on the sign-in page.
setSessionEndedHandler(() => {
  forgetSession(queryClient);
  // The router's location includes the /app basename; navigate() adds it back.
  const here = router.state.location.pathname.replace(/^\/app(?=\/|$)/, '') || '/';
  void router.navigate(`/signin?ended=1${here && here !== '/' && here !== '/signin' ? `&next=${encodeURIComponent(here)}` : ''}`);
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <ReauthProvider>
        <RouterProvider router={router} />
      </ReauthProvider>
    </QueryClientProvider>
  </StrictMode>,
);
