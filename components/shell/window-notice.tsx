'use client';
import { useTimeControls } from '@/lib/api/use-time-controls';

/** Says, on every page alike, when the page shows another window than the link asks for (and why). */
export function WindowNotice() {
  const { windowChange } = useTimeControls();
  if (!windowChange) return null;
  return (
    <p role="note" className="border-b border-amber-300 bg-amber-50 px-4 py-1.5 text-sm text-amber-900">
      {windowChange}
    </p>
  );
}
