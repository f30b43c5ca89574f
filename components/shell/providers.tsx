'use client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { ApiError } from '@/lib/api/fetch-json';

export function Providers({ children }: { children: ReactNode }) {
  const [client] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          queries: {
            // Polling follows the shell's interval; a focus change should not add requests on top of it.
            refetchOnWindowFocus: false,
            // A 4xx (a namespace that does not exist, a bad parameter) answers the same the second time.
            retry: (failures, error) =>
              failures < 1 && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
            staleTime: 5_000,
          },
        },
      }),
  );
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}
