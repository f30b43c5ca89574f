import { ServicesPanel } from '@/components/services/services-panel';

export default async function NamespaceServicesPage({ params }: { params: Promise<{ ns: string }> }) {
  return <ServicesPanel namespaces={[decodeURIComponent((await params).ns)]} />;
}
