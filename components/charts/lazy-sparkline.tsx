'use client';
import dynamic from 'next/dynamic';

// recharts is the largest part of the overview's JavaScript; loading it apart lets the cards and their data
// arrive first (the namespaces request no longer waits for the chart library to download and parse).
export const LazySparkline = dynamic(() => import('./sparkline').then((m) => m.Sparkline), {
  ssr: false,
  loading: () => <span aria-hidden="true" className="inline-block h-[30px] w-[110px]" />,
});
