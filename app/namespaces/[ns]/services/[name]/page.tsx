import { ServiceDetail } from '@/components/services/service-detail';
import { AfterHydration } from '@/components/ui/after-hydration';

export default async function ServicePage({ params }: { params: Promise<{ ns: string; name: string }> }) {
  const { ns, name } = await params;
  return (
    <AfterHydration>
      <ServiceDetail namespace={decodeURIComponent(ns)} name={decodeURIComponent(name)} />
    </AfterHydration>
  );
}
