import type { Metadata } from 'next';
import { ServicesPanel } from '@/components/services/services-panel';
import { namespacesParam, type SearchParams } from '@/lib/search-params';

export const metadata: Metadata = { title: 'Services' };

export default async function ServicesPage({ searchParams }: { searchParams: SearchParams }) {
  return <ServicesPanel namespaces={await namespacesParam(searchParams)} />;
}
