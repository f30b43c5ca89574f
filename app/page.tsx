import { OverviewPanel } from '@/components/overview/overview-panel';
import type { SearchParams } from '@/lib/search-params';
import { AfterHydration } from '@/components/ui/after-hydration';

// Reading the URL here renders the page per request, so its client panels can read the same URL on the server.
export default async function OverviewPage({ searchParams }: { searchParams: SearchParams }) {
  await searchParams;
  return (
    <AfterHydration>
      <OverviewPanel />
    </AfterHydration>
  );
}
