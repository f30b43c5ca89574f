import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { Providers } from '@/components/shell/providers';
import { Shell } from '@/components/shell/shell';
import './globals.css';

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
