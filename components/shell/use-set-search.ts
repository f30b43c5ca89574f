'use client';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback } from 'react';
import { withControls } from '@/lib/time-controls';

/** Changes query parameters of the current URL in place (no new history entry, no scroll). */
export function useSetSearch() {
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams();
  return useCallback(
    (changes: Record<string, string | null>) =>
      router.replace(`${pathname}${withControls(new URLSearchParams(search.toString()), changes)}`, { scroll: false }),
    [router, pathname, search],
  );
}
