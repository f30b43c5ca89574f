'use client';
import { useNetworkTime } from '@/lib/api/use-network-time';
import { formatDuration, plural } from '@/lib/format';

/**
 * "Network time (from N traces)": the edge's median and p95 of the caller's outbound span less the callee's inbound
 * spans (kiali#2887), read from Jaeger when the edge is selected. No traces or no Jaeger is a sentence, not an error.
 */
export function NetworkTime({ edgeId }: { edgeId: string }) {
  const answer = useNetworkTime(edgeId);
  let text: string;
  if (answer.isPending) text = 'reading traces…';
  else if (answer.error) text = `unavailable: ${answer.error.message}`;
  else if (answer.data.medianMs === null)
    text = answer.data.note ?? `no request on this edge in ${plural(answer.data.tracesRead, 'trace')}`;
  else text = `median ${formatDuration(answer.data.medianMs)}, p95 ${formatDuration(answer.data.p95Ms ?? 0)}`;
  const heading = answer.data?.samples
    ? `Network time (from ${plural(answer.data.traces, 'trace')})`
    : 'Network time (from traces)';
  return (
    <section aria-label="Network time" className="text-sm">
      <h3 className="font-medium">{heading}</h3>
      <p className="text-slate-700">{text}</p>
    </section>
  );
}
