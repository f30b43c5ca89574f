import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { Providers } from '@/components/shell/providers';
import { Shell } from '@/components/shell/shell';
import './globals.css';

// Every page is rendered per request: Next puts the request's CSP nonce (proxy.ts) on its scripts only while it
// renders, so a page prerendered at build time would carry scripts without one, which the CSP blocks. The pages that
// read the URL are dynamic anyway; without this the 404 page (app/not-found.tsx) would be prerendered and never hydrate.
export const dynamic = 'force-dynamic';

export const metadata: Metadata = {
  title: { default: 'Sextant', template: '%s · Sextant' },
  description: 'Observability and traffic console for Istio service meshes',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <Providers>
          <Shell>{children}</Shell>
        </Providers>
      </body>
    </html>
  );
}
