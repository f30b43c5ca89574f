import Link from 'next/link';
import type { NamespaceSummary } from '@/lib/api/namespaces';
import { plural } from '@/lib/format';
import { Sparkline } from '../charts/sparkline';
import { Icon } from '../ui/icon';
import { HealthSummary } from './health-summary';

const INJECTION: Record<NamespaceSummary['injection'], string> = {
  enabled: 'Sidecar injection on',
  disabled: 'Sidecar injection off',
  revision: 'Injection by revision',
  ambient: 'Ambient mode',
};

const MTLS: Record<NamespaceSummary['mtls'], string> = {
  STRICT: 'mTLS strict',
  PERMISSIVE: 'mTLS permissive',
  DISABLE: 'mTLS disabled',
  UNSET: 'mTLS not set (permissive)',
};

export function NamespaceCard({
  summary,
  linkSearch,
}: {
  summary: NamespaceSummary;
  linkSearch: (ns: string) => string;
}) {
  const headingId = `ns-${summary.name}`;
  const search = linkSearch(summary.name);
  return (
    <article
      aria-labelledby={headingId}
      className="flex flex-col gap-2 rounded border border-slate-200 bg-white p-3 shadow-sm"
    >
      <header className="flex items-baseline justify-between gap-2">
        <h2 id={headingId} className="truncate text-base font-semibold">
          {summary.name}
        </h2>
        <span className={`text-xs ${summary.injection === 'disabled' ? 'text-amber-700' : 'text-slate-500'}`}>
          {INJECTION[summary.injection]}
        </span>
      </header>
      <ul className="flex gap-3 text-sm">
        <li>
          <Link href={`/applications${search}`} className="text-sky-700 hover:underline">
            {plural(summary.apps, 'application')}
          </Link>
        </li>
        <li>
          <Link href={`/workloads${search}`} className="text-sky-700 hover:underline">
            {plural(summary.workloads, 'workload')}
          </Link>
        </li>
        <li>
          <Link href={`/services${search}`} className="text-sky-700 hover:underline">
            {plural(summary.services, 'service')}
          </Link>
        </li>
      </ul>
      <HealthSummary summary={summary} />
      <div className="mt-auto flex items-end justify-between gap-2 border-t border-slate-100 pt-2">
        <span
          className={`inline-flex items-center gap-1 text-xs ${summary.mtls === 'STRICT' ? 'text-emerald-700' : 'text-slate-600'}`}
        >
          <Icon name="lock" className="h-3 w-3" />
          {MTLS[summary.mtls]}
        </span>
        {summary.traffic && summary.traffic.length > 0 ? (
          <Sparkline points={summary.traffic} label={`Inbound traffic of ${summary.name}`} />
        ) : (
          <span className="text-xs text-slate-500">{summary.metricsError ? 'Traffic unavailable' : 'No traffic'}</span>
        )}
      </div>
    </article>
  );
}
