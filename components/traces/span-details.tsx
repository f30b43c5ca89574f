'use client';
import type { Span } from '@/lib/api/traces';
import { formatDuration } from '@/lib/format';
import { spanVersion } from './trace-facts';

/** One span: its process (service, pod, namespace, version) and every tag, as the proxy wrote them. */
export function SpanDetails({ span, onCritical }: { span: Span; onCritical: boolean }) {
  const tags = Object.entries(span.tags).sort(([a], [b]) => a.localeCompare(b));
  return (
    <section
      aria-label="Span details"
      className="space-y-2 self-start rounded border border-slate-200 bg-white p-2 text-xs"
    >
      <h4 className="text-sm font-medium text-slate-800">
        {span.operation}{' '}
        <span className="font-normal text-slate-500">
          {formatDuration(span.duration / 1000)}
          {span.error && <span className="ml-1 text-red-700">failed</span>}
          {onCritical && <span className="ml-1 text-slate-900">· on the critical path</span>}
        </span>
      </h4>
      <dl aria-label="Process" className="grid grid-cols-[max-content_1fr] gap-x-3 gap-y-0.5">
        <dt className="text-slate-500">Service</dt>
        <dd>{span.service}</dd>
        <dt className="text-slate-500">Pod</dt>
        <dd>{span.pod ?? '—'}</dd>
        <dt className="text-slate-500">Namespace</dt>
        <dd>{span.namespace ?? '—'}</dd>
        <dt className="text-slate-500">Version</dt>
        <dd>{spanVersion(span) ?? '—'}</dd>
        <dt className="text-slate-500">Request id</dt>
        <dd>
          <code>{span.requestId ?? '—'}</code>
        </dd>
      </dl>
      <table aria-label="Tags" className="w-full">
        <tbody>
          {tags.map(([key, value]) => (
            <tr key={key} className="border-t border-slate-100">
              <th scope="row" className="w-1/3 py-0.5 pr-2 text-left font-normal text-slate-500">
                {key}
              </th>
              <td className="break-all py-0.5">{value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
