import type { Metadata } from 'next';
import { FindingsListPanel } from '@/components/config/findings-list-panel';
import { firstParam, namespacesParam, type SearchParams } from '@/lib/search-params';
import { AfterHydration } from '@/components/ui/after-hydration';

export const metadata: Metadata = { title: 'Validation findings' };

export default async function FindingsPage({ searchParams }: { searchParams: SearchParams }) {
  const severity = firstParam((await searchParams)['severity']);
  return (
    <AfterHydration>
      <FindingsListPanel namespaces={await namespacesParam(searchParams)} severity={severity} />
    </AfterHydration>
  );
}
