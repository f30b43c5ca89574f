import { AppDetail } from '@/components/apps/app-detail';
import { AfterHydration } from '@/components/ui/after-hydration';

export default async function ApplicationPage({ params }: { params: Promise<{ ns: string; name: string }> }) {
  const { ns, name } = await params;
  return (
    <AfterHydration>
      <AppDetail namespace={decodeURIComponent(ns)} name={decodeURIComponent(name)} />
    </AfterHydration>
  );
}
