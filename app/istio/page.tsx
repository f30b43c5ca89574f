import type { Metadata } from 'next';
import { IstioConfigPanel } from '@/components/config/istio-config-panel';
import { firstParam, namespacesParam, type SearchParams } from '@/lib/search-params';
import { AfterHydration } from '@/components/ui/after-hydration';

export const metadata: Metadata = { title: 'Istio Config' };

export default async function IstioConfigPage({ searchParams }: { searchParams: SearchParams }) {
  const kind = firstParam((await searchParams)['kind']);
  return (
    <AfterHydration>
      <IstioConfigPanel namespaces={await namespacesParam(searchParams)} kind={kind} />
    </AfterHydration>
  );
}
