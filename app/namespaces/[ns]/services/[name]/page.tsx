import { ServiceDetail } from '@/components/services/service-detail';

export default async function ServicePage({ params }: { params: Promise<{ ns: string; name: string }> }) {
  const { ns, name } = await params;
  return <ServiceDetail namespace={decodeURIComponent(ns)} name={decodeURIComponent(name)} />;
}
