import { AppDetail } from '@/components/apps/app-detail';

export default async function ApplicationPage({ params }: { params: Promise<{ ns: string; name: string }> }) {
  const { ns, name } = await params;
  return <AppDetail namespace={decodeURIComponent(ns)} name={decodeURIComponent(name)} />;
}
