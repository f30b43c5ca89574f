import type { Metadata } from 'next';
import { AppsPanel } from '@/components/apps/apps-panel';
import { namespacesParam, type SearchParams } from '@/lib/search-params';
import { AfterHydration } from '@/components/ui/after-hydration';

export const metadata: Metadata = { title: 'Applications' };

export default async function ApplicationsPage({ searchParams }: { searchParams: SearchParams }) {
  return (
    <AfterHydration>
      <AppsPanel namespaces={await namespacesParam(searchParams)} />
    </AfterHydration>
  );
}
