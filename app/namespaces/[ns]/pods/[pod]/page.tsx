import { PodDetail } from '@/components/pods/pod-detail';
import { AfterHydration } from '@/components/ui/after-hydration';

export default async function PodPage({ params }: { params: Promise<{ ns: string; pod: string }> }) {
  const { ns, pod } = await params;
  return (
    <AfterHydration>
      <PodDetail namespace={decodeURIComponent(ns)} name={decodeURIComponent(pod)} />
    </AfterHydration>
  );
}
