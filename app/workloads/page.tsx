import type { Metadata } from 'next';
import { WorkloadsPanel } from '@/components/workloads/workloads-panel';
import { namespacesParam, type SearchParams } from '@/lib/search-params';

export const metadata: Metadata = { title: 'Workloads' };

export default async function WorkloadsPage({ searchParams }: { searchParams: SearchParams }) {
  return <WorkloadsPanel namespaces={await namespacesParam(searchParams)} />;
}
