import type { Metadata } from 'next';
import { GraphPanel } from '@/components/graph/graph-panel';
import { namespacesParam, type SearchParams } from '@/lib/search-params';

export const metadata: Metadata = { title: 'Graph' };

export default async function GraphPage({ searchParams }: { searchParams: SearchParams }) {
  return <GraphPanel namespaces={await namespacesParam(searchParams)} />;
}
