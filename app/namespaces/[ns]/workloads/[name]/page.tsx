import { WorkloadDetail } from '@/components/workloads/workload-detail';
import { AfterHydration } from '@/components/ui/after-hydration';

export default async function WorkloadPage({ params }: { params: Promise<{ ns: string; name: string }> }) {
  const { ns, name } = await params;
  return (
    <AfterHydration>
      <WorkloadDetail namespace={decodeURIComponent(ns)} name={decodeURIComponent(name)} />
    </AfterHydration>
  );
}
