import type { Metadata } from 'next';
import { IstioConfigPanel } from '@/components/config/istio-config-panel';
import { firstParam, namespacesParam, type SearchParams } from '@/lib/search-params';

export const metadata: Metadata = { title: 'Istio Config' };

export default async function IstioConfigPage({ searchParams }: { searchParams: SearchParams }) {
  const kind = firstParam((await searchParams)['kind']);
  return <IstioConfigPanel namespaces={await namespacesParam(searchParams)} kind={kind} />;
}
