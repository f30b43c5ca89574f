import { IstioObjectView } from '@/components/config/istio-object-view';

export default async function IstioObjectPage({
  params,
}: {
  params: Promise<{ ns: string; kind: string; name: string }>;
}) {
  const { ns, kind, name } = await params;
  return (
    <IstioObjectView
      namespace={decodeURIComponent(ns)}
      kind={decodeURIComponent(kind)}
      name={decodeURIComponent(name)}
    />
  );
}
