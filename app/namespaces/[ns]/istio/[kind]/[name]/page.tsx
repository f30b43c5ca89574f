import { IstioObjectView } from '@/components/config/istio-object-view';
import { AfterHydration } from '@/components/ui/after-hydration';

export default async function IstioObjectPage({
  params,
}: {
  params: Promise<{ ns: string; kind: string; name: string }>;
}) {
  const { ns, kind, name } = await params;
  return (
    <AfterHydration>
      <IstioObjectView
        namespace={decodeURIComponent(ns)}
        kind={decodeURIComponent(kind)}
        name={decodeURIComponent(name)}
      />
    </AfterHydration>
  );
}
