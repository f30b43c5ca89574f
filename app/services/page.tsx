import type { Metadata } from 'next';
import { ServicesPanel } from '@/components/services/services-panel';
import { namespacesParam, type SearchParams } from '@/lib/search-params';
import { AfterHydration } from '@/components/ui/after-hydration';

export const metadata: Metadata = { title: 'Services' };

export default async function ServicesPage({ searchParams }: { searchParams: SearchParams }) {
  return (
    <AfterHydration>
      <ServicesPanel namespaces={await namespacesParam(searchParams)} />
    </AfterHydration>
  );
}
