import { WorkloadDetail } from '@/components/workloads/workload-detail';

export default async function WorkloadPage({ params }: { params: Promise<{ ns: string; name: string }> }) {
  const { ns, name } = await params;
  return <WorkloadDetail namespace={decodeURIComponent(ns)} name={decodeURIComponent(name)} />;
}
