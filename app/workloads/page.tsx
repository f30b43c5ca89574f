import type { Metadata } from 'next';
import { WorkloadsPanel } from '@/components/workloads/workloads-panel';
import { namespacesParam, type SearchParams } from '@/lib/search-params';
import { AfterHydration } from '@/components/ui/after-hydration';

export const metadata: Metadata = { title: 'Workloads' };

export default async function WorkloadsPage({ searchParams }: { searchParams: SearchParams }) {
  return (
    <AfterHydration>
      <WorkloadsPanel namespaces={await namespacesParam(searchParams)} />
    </AfterHydration>
  );
}
