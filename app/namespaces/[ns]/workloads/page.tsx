import { WorkloadsPanel } from '@/components/workloads/workloads-panel';

export default async function NamespaceWorkloadsPage({ params }: { params: Promise<{ ns: string }> }) {
  return <WorkloadsPanel namespaces={[decodeURIComponent((await params).ns)]} />;
}
