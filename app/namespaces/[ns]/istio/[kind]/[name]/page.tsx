import { redirect } from 'next/navigation';
import { IstioObjectView } from '@/components/config/istio-object-view';
import { AfterHydration } from '@/components/ui/after-hydration';
import { istioKindOf, unknownIstioKind } from '@/lib/istio-kinds';

export default async function IstioObjectPage({
  params,
}: {
  params: Promise<{ ns: string; kind: string; name: string }>;
}) {
  const { ns, kind: typed, name } = await params;
  const kind = istioKindOf(decodeURIComponent(typed));
  if (!kind)
    return (
      <div role="alert" className="m-4 rounded border border-red-200 bg-red-50 p-3 text-sm text-red-900">
        {unknownIstioKind('The kind in the address', decodeURIComponent(typed))}.
      </div>
    );
  // kubectl's names for the kind (virtualservices, vs) land on the one canonical address.
  if (kind !== decodeURIComponent(typed)) redirect(`/namespaces/${ns}/istio/${kind}/${name}`);
  return (
    <AfterHydration>
      <IstioObjectView namespace={decodeURIComponent(ns)} kind={kind} name={decodeURIComponent(name)} />
    </AfterHydration>
  );
}
