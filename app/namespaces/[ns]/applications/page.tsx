import { AppsPanel } from '@/components/apps/apps-panel';

export default async function NamespaceApplicationsPage({ params }: { params: Promise<{ ns: string }> }) {
  return <AppsPanel namespaces={[decodeURIComponent((await params).ns)]} />;
}
